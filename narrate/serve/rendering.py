"""What every page handler shares: the templates, a page with its CSRF cookie, the error
page, a form checked for its CSRF token, a job by id, a redirect after a post."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from narrate.plural import count, rough_duration
from narrate.serve.editions import server_of
from narrate.serve.inputs import InputError, capped_form, refuse_unwritable, shortened
from narrate.serve.jobs import Job, is_id
from narrate.serve.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, new_csrf
from narrate.serve.wording import file_label, web_message
from narrate.timefmt import minutes_clock

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["minutes_clock"] = minutes_clock
templates.env.filters["day"] = lambda stamp: time.strftime("%Y-%m-%d", time.gmtime(stamp))
templates.env.filters["count"] = count
templates.env.filters["file_label"] = file_label
templates.env.filters["urldecode"] = unquote
templates.env.globals["rough_duration"] = rough_duration


def page(request: Request, name: str, status: int = 200, **context: object) -> Response:
    """A page, with its CSRF token (and the cookie it is bound to when there is no session)."""
    guard = request.app.state.guard
    binding = _csrf_binding(request)
    fresh = binding is None
    binding = binding or new_csrf()
    context.update(csrf=guard.csrf_for(binding), path=request.url.path, login=guard.required)
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if fresh:
        response.set_cookie(CSRF_COOKIE, binding, httponly=True, samesite="strict")
    return response


def _csrf_binding(request: Request) -> str | None:
    """What the CSRF token is bound to: the session when logged in, else the CSRF cookie."""
    guard = request.app.state.guard
    session = request.cookies.get(SESSION_COOKIE)
    if guard.required and session and guard.session_ok(session):
        return session
    return request.cookies.get(CSRF_COOKIE)


def error_page(request: Request, message: str, status: int) -> Response:
    """The error page, saying `message` as a page should (serve.wording.web_message)."""
    said = web_message(message)
    return page(request, "error.html", status, title="Something went wrong", message=said)


async def form_of(request: Request) -> FormData:
    """The posted form, after its CSRF token is checked against the session (or cookie) it
    was made for, and its fields for text no file or page can hold."""
    limit = server_of(request).config.max_body_bytes
    form = await capped_form(request, limit)
    field = form.get(CSRF_FIELD)
    field = field if isinstance(field, str) else None
    if not request.app.state.guard.csrf_ok(_csrf_binding(request), field):
        raise InputError(
            "the form has expired or came from another site; reload the page and send it again", 403
        )
    for name, value in form.multi_items():
        if isinstance(value, str):
            refuse_unwritable(value, name)
    return form


def job_of(request: Request, job_id: str) -> Job:
    job = server_of(request).store.get(job_id) if is_id(job_id) else None
    if job is None:
        raise InputError(f"no edition {shortened(job_id)!r}; it may have been deleted", 404)
    return job


def see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
