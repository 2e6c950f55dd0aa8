"""The followed sources (issue 30): the Sources pages (add a feed, see its entries and their
editions, pause, resume, remove with a confirmation) and the JSON API beside them
(/api/sources); the poller starts and stops with the app (this router's lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from narrate.engines import ENGINES
from narrate.serve.editions import server_of
from narrate.serve.followed import FollowedSources
from narrate.serve.inputs import InputError
from narrate.serve.poller import Poller
from narrate.serve.rendering import form_of, page, see
from narrate.serve.source_views import (
    SourceView,
    add_source,
    describe_source,
    every_words,
    poller_of,
    remove_source,
    set_paused,
    source_of,
    sources_of,
    when,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The followed sources opened and their poller run while the app runs."""
    server = app.state.server
    app.state.followed = FollowedSources(server.library.state)
    app.state.poller = Poller(server, app.state.followed)
    app.state.poller.start()
    yield
    app.state.poller.stop()


router = APIRouter(lifespan=lifespan)


class NewSource(BaseModel):
    url: str = Field(description="A feed (RSS 2.0, Atom, JSON Feed) or a sitemap.xml, http(s).")
    engine: str | None = Field(None, description="auto (default), piper or gtts.")
    voice: str | None = None
    callback_url: str | None = Field(
        None,
        description="POST each built or updated entry's edition JSON here, signed as the "
        "editions' webhooks are (needs the server's --webhook-secret-file).",
    )


class DeliveryOut(BaseModel):
    state: str = Field(description="pending, delivered or failed.")
    entry: str | None = Field(None, description="The entry whose webhook it is.")
    attempts: int | None = None
    last_status: int | None = Field(None, description="The receiver's last HTTP status.")
    error: str | None = Field(None, description="The last failure in one line.")
    finished: float | None = None


class EntryOut(BaseModel):
    id: str
    title: str | None
    link: str
    status: str = Field(description="built, failed (retried next poll) or gone (kept).")
    published: str | None
    problem: str | None = Field(None, description="One line, when failed.")
    edition: str | None = Field(None, description="The page of its edition in the library.")


class SourceOut(BaseModel):
    id: str
    url: str
    engine: str
    voice: str | None
    paused: bool
    polling: bool = Field(description="Being read now.")
    added: float
    last_polled: float | None
    next_poll: float | None = Field(description="When it is next read (null: paused).")
    last_result: str | None = Field(description="The last poll in one line: counts by status.")
    problem: str | None = Field(description="Why the last poll, or an entry, failed.")
    callback_url: str | None = None
    last_delivery: DeliveryOut | None = Field(None, description="The last webhook sent.")
    entries: list[EntryOut] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": 'An error said in one line: {"error": ...}'}
    for code in (401, 404, 409, 422)
}


def _view(request: Request, source_id: str, *, entries: bool = False) -> SourceView:
    return describe_source(
        server_of(request), poller_of(request), source_of(request, source_id), entries=entries
    )


@router.get("/api/sources", tags=["sources"], response_model=list[SourceOut], responses=ERRORS)
def api_sources(request: Request) -> list[SourceView]:
    """The followed sources, oldest first, with how each last poll went."""
    server, poller = server_of(request), poller_of(request)
    return [describe_source(server, poller, source) for source in sources_of(request).all()]


@router.post(
    "/api/sources", tags=["sources"], status_code=201, response_model=SourceOut, responses=ERRORS
)
def api_add_source(request: Request, body: NewSource) -> Response:
    """Follow a feed or sitemap: it is read at once, then every --poll-minutes; each new or
    changed entry becomes a podcast edition in the library. The address obeys the rules for
    article URLs (public hosts only, unless the server allows private ones)."""
    source = add_source(server_of(request), sources_of(request), body.url, body.engine, body.voice,
                        body.callback_url)  # fmt: skip
    poller_of(request).wake()
    return JSONResponse(
        SourceOut.model_validate(_view(request, source.id)).model_dump(),
        status_code=201,
        headers={"Location": f"/api/sources/{source.id}"},
    )


@router.get(
    "/api/sources/{source_id}", tags=["sources"], response_model=SourceOut, responses=ERRORS
)
def api_source(request: Request, source_id: str) -> SourceView:
    """A source, with its entries (newest first) and the library edition made from each."""
    return _view(request, source_id, entries=True)


@router.delete("/api/sources/{source_id}", tags=["sources"], status_code=204, responses=ERRORS)
def api_remove_source(request: Request, source_id: str) -> Response:
    """Follow the source no more; the editions made from it stay in the library."""
    remove_source(request, source_id)
    return Response(status_code=204)


@router.post(
    "/api/sources/{source_id}/pause", tags=["sources"], response_model=SourceOut, responses=ERRORS
)
def api_pause(request: Request, source_id: str) -> SourceView:
    """Stop reading the source (a poll under way stops after the entry being built)."""
    set_paused(request, source_id, True)
    return _view(request, source_id)


@router.post(
    "/api/sources/{source_id}/resume", tags=["sources"], response_model=SourceOut, responses=ERRORS
)
def api_resume(request: Request, source_id: str) -> SourceView:
    """Read the source again, at once and then every --poll-minutes."""
    set_paused(request, source_id, False)
    return _view(request, source_id)


def _engines() -> list[tuple[str, str]]:
    named = [
        (name, f"{name} ({'online, sends the text to Google' if cls.needs_network else 'offline'})")
        for name, cls in sorted(ENGINES.items())
    ]
    return [
        ("auto", "Automatic: Google's voice when it can be reached, else the offline voice"),
        *named,
    ]


def _sources_page(
    request: Request,
    *,
    values: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
    removed: bool = False,
) -> Response:
    server, poller = server_of(request), poller_of(request)
    rows = [describe_source(server, poller, source) for source in sources_of(request).all()]
    return page(
        request,
        "sources.html",
        status,
        title="Sources",
        rows=rows,
        when=when,
        engines=_engines(),
        values=values or {},
        error=error,
        removed=removed,
        every=every_words(server.config.poll_minutes),
        public_only=not server.config.allow_private_urls,
    )


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, removed: bool = False) -> Response:
    return _sources_page(request, removed=removed)


@router.post("/sources", include_in_schema=False)
async def add_source_form(request: Request) -> Response:
    form = await form_of(request)
    values = {name: str(form.get(name) or "") for name in ("url", "engine", "callback_url")}
    try:
        source = add_source(server_of(request), sources_of(request), values["url"],
                            values["engine"] or None, None, values["callback_url"])  # fmt: skip
    except InputError as error:
        return _sources_page(request, values=values, error=str(error), status=error.status)
    poller_of(request).wake()
    return see(f"/sources/{source.id}?added=1")


@router.get("/sources/{source_id}", include_in_schema=False)
def source_page(request: Request, source_id: str, added: bool = False) -> Response:
    view = _view(request, source_id, entries=True)
    return page(
        request,
        "source.html",
        title=f"Source: {view['url']}",
        source=view,
        when=when,
        added=added,
        every=every_words(server_of(request).config.poll_minutes),
    )


@router.post("/sources/{source_id}/pause", include_in_schema=False)
async def pause_form(request: Request, source_id: str) -> Response:
    await form_of(request)
    set_paused(request, source_id, True)
    return see(f"/sources/{source_id}")


@router.post("/sources/{source_id}/resume", include_in_schema=False)
async def resume_form(request: Request, source_id: str) -> Response:
    await form_of(request)
    set_paused(request, source_id, False)
    return see(f"/sources/{source_id}")


@router.get("/sources/{source_id}/remove", include_in_schema=False)
def confirm_remove(request: Request, source_id: str) -> Response:
    view = _view(request, source_id)
    return page(request, "source_remove.html", title="Remove source", source=view)


@router.post("/sources/{source_id}/remove", include_in_schema=False)
async def remove_form(request: Request, source_id: str) -> Response:
    await form_of(request)
    remove_source(request, source_id)
    return see("/sources?removed=1")
