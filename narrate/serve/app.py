"""The ASGI application: FastAPI with the JSON API and the pages, the body-size cap, the
Host and Origin checks, the token check (with a pause after wrong tokens), the security headers,
and every error answered in one line (JSON for the API, a page for people)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.base import RequestResponseEndpoint
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from narrate import __version__
from narrate.errors import ArticleError, NarrateError, OutputError
from narrate.serve.config import ServeConfig
from narrate.serve.deliveries import Deliveries
from narrate.serve.editions import Server
from narrate.serve.embed import is_public_embed
from narrate.serve.headers import headers_for
from narrate.serve.hosts import HostCheck
from narrate.serve.inputs import InputError
from narrate.serve.library import Library
from narrate.serve.recovery import open_queue
from narrate.serve.review import Reviews
from narrate.serve.security import SESSION_COOKIE, Guard
from narrate.serve.wording import web_message
from narrate.serve.worker import Worker

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
OPEN_PATHS = ("/static/", "/login")


UPLOAD_PATHS = ("/editions", "/api/editions")  # where a new edition's document may be posted


class _TooLarge(Exception):
    """A chunked body went over its cap while the app read it."""


class _BodyCap:
    """ASGI middleware: refuse a body over `limit` bytes with 413 (over `upload_limit` for a
    multipart upload of a new edition), by its Content-Length before the app reads it, or, for
    a chunked body, by counting it as the app reads it (an upload is streamed to disk by the
    form parser, never held whole in memory)."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self._limit(scope)
        too_large = _too_large_response(scope["path"], limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:  # the server (h11) holds the client to it
            if not declared.isdigit() or int(declared) > limit:
                return await too_large(scope, receive, send)
            return await self.app(scope, receive, send)
        seen, started = 0, False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if started:  # the app answered without reading the whole body: nothing to add
                return
            await too_large(scope, receive, send)

    def _limit(self, scope: Scope) -> int:
        """The upload cap for a multipart POST of a new edition, else the body cap."""
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        if (
            scope["method"] == "POST"
            and scope["path"] in UPLOAD_PATHS
            and content_type.lower().startswith(b"multipart/form-data")
        ):
            return self.upload_limit
        return self.limit


def _too_large(limit: int) -> str:
    return f"the request is larger than {limit:,} bytes (the server's cap)"


def _too_large_response(path: str, limit: int) -> JSONResponse:
    """413 in the shape the path's clients read: OpenAI's under /v1/, narrate's elsewhere."""
    if path.startswith("/v1/"):
        from narrate.serve.openai_routes import error_response

        return error_response(_too_large(limit), 413, code="request_too_large")
    return JSONResponse({"error": _too_large(limit)}, status_code=413)


def create_app(config: ServeConfig) -> FastAPI:
    """The app for one library; its worker starts and stops with it."""
    from narrate.serve import (
        api_routes,
        embed,
        library_pages,
        openai_routes,
        pages,
        previews,
        sources_routes,
        voice_routes,
    )

    library = Library(config.library)
    store = open_queue(library, reset=config.reset_queue)
    deliveries = Deliveries(store, config, lambda job: api_routes.api_view(server, job))
    server = Server(config, library, store, Worker(store, config, library, deliveries.send))
    guard = Guard(config.token, idle_hours=config.session_idle_hours)
    hosts = HostCheck(config.allowed_hosts, token=guard.required)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        server.worker.start()
        deliveries.resume()
        yield
        server.worker.stop()
        deliveries.stop()

    app = FastAPI(
        title="narrate",
        version=__version__,
        summary="Articles into accessible, chaptered audio: a web app and a JSON API.",
        description="Post an article (text, a URL, or a file: text, Markdown, HTML, PDF, Word, "
        "OpenDocument or EPUB), poll the job, download the edition's files. With a token, send "
        "`Authorization: Bearer <token>`.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.server = server
    app.state.guard = guard
    app.state.reviews = Reviews(config, library)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    app.include_router(library_pages.router)
    app.include_router(previews.router)
    app.include_router(voice_routes.router)
    app.include_router(embed.router)
    app.include_router(openai_routes.router)
    app.include_router(sources_routes.router)
    app.add_middleware(_BodyCap, limit=config.max_body_bytes, upload_limit=config.max_upload_bytes)

    @app.middleware("http")
    async def guarded(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await _checked(request, call_next)
        response.headers.update(headers_for(request.url.path, config.embed_origins))
        return response

    async def _checked(request: Request, call_next: RequestResponseEndpoint) -> Response:
        """The Host and Origin checks, then the token's (Bearer, or a session for pages)."""
        if refused := hosts.problem(request.method, request.headers):
            status, problem = refused
            return _error(request, problem, status)
        path = request.url.path
        if not guard.required or path.startswith(OPEN_PATHS) and not _login_try(request):
            return await call_next(request)
        address = request.client.host if request.client else ""
        offered = request.headers.get("authorization")
        if (offered or _login_try(request)) and (wait := guard.locked_for(address)):
            return _error(
                request,
                f"too many wrong tokens from {address}; try again in {int(wait) + 1} seconds",
                429,
                {"Retry-After": str(int(wait) + 1)},
            )
        if path.startswith(OPEN_PATHS) or _public_feed(server, path):
            return await call_next(request)
        if offered and guard.bearer_ok(offered):
            return await call_next(request)
        if offered:
            guard.failed(address)
        # a logged-in page may read the API (the build page polls it); API writes need the
        # Bearer token, form posts their CSRF token
        reads = request.method in ("GET", "HEAD") or not _is_api(path)
        if reads and guard.session_ok(request.cookies.get(SESSION_COOKIE)):
            return await call_next(request)
        if _is_api(path):
            said = "missing or wrong token: send Authorization: Bearer <token>"
            return _error(request, said, 401, {"WWW-Authenticate": "Bearer"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(InputError)
    async def input_error(request: Request, error: InputError) -> Response:
        return _error(request, str(error), error.status)

    @app.exception_handler(NarrateError)
    async def narrate_error(request: Request, error: NarrateError) -> Response:
        status = 409 if isinstance(error, OutputError) else 422  # the library cannot be written
        said = " ".join(str(error).split())
        if isinstance(error, ArticleError):  # names the source by the server's path to it
            said = web_message(said)
        return _error(request, said, status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        if first.get("type") == "json_invalid":
            return _error(request, "the body is not valid JSON", 400)
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        message = first.get("msg", "invalid request")
        return _error(request, f"{where}: {message}" if where else message, 422)

    @app.exception_handler(OSError)
    async def storage_error(request: Request, error: OSError) -> Response:
        log.warning("cannot write in the library: %s", error)
        return _error(request, f"the library cannot be written now ({_why(error)})", 409)

    @app.exception_handler(sqlite3.Error)
    async def queue_error(request: Request, error: sqlite3.Error) -> Response:
        log.warning("the job queue: %s", error)
        return _error(request, f"the job queue cannot be used now ({error})", 409)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _error(request, str(error.detail), error.status_code)

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return _error(request, "internal error; the server's log has the details", 500)

    return app


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/v1/")) or path in ("/api", "/v1", "/openapi.json")


def _login_try(request: Request) -> bool:
    return request.method == "POST" and request.url.path == "/login"


def _public_feed(server: Server, path: str) -> bool:
    """True for the feed, the podcast editions' files and their embeddable players, when the
    settings make them public: a file's path is resolved first and must stay inside the
    podcast folder."""
    if is_public_embed(server, path):
        return True
    if path != "/feed.xml" and not path.startswith("/library/"):
        return False
    if not server.library.feed_settings().public:
        return False
    relative = path.removeprefix("/library/")
    podcast_file = server.library.edition_file(relative, profile="podcast")
    return path == "/feed.xml" or podcast_file is not None


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _error(
    request: Request, message: str, status: int, headers: dict[str, str] | None = None
) -> Response:
    if request.url.path.startswith("/v1/"):  # OpenAI's clients read OpenAI's shape
        from narrate.serve.openai_routes import error_response

        return error_response(message, status, headers=headers)
    if _is_api(request.url.path) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    from narrate.serve.rendering import error_page

    response = error_page(request, message, status)
    response.headers.update(headers or {})
    return response
