"""The pages: new edition, review, build progress, library, feed settings, login. Every form
post checks its CSRF token; every page works without JavaScript (app.js only enhances)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask

from narrate import api
from narrate.engines import ENGINES
from narrate.feed import build_feed
from narrate.profiles import PROFILES
from narrate.serve.editions import Server, delete, describe, submit
from narrate.serve.inputs import Given, InputError
from narrate.serve.jobs import DRAFT, QUEUED, RUNNING, Job, is_id
from narrate.serve.library import FeedSettings
from narrate.serve.review import pronunciations, read_options
from narrate.serve.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, csrf_ok, new_csrf
from narrate.timefmt import minutes_clock

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["minutes_clock"] = minutes_clock
templates.env.filters["day"] = lambda stamp: time.strftime("%Y-%m-%d", time.gmtime(stamp))
templates.env.filters["count"] = lambda n, noun: f"{n} {noun}" if n == 1 else f"{n} {noun}s"
PROFILE_NOTES = {
    "podcast": "MP3 with chapters, transcript and captions, at podcast loudness.",
    "accessible": "Slower, numbered headings, a web player and a DAISY book.",
    "phone": "Short on-hold messages in telephone formats.",
}


def _server(request: Request) -> Server:
    return request.app.state.server


def page(request: Request, name: str, status: int = 200, **context) -> Response:
    """A page, with a CSRF cookie set when the browser has none yet."""
    token = request.cookies.get(CSRF_COOKIE) or new_csrf()
    context.update(csrf=token, path=request.url.path, login=request.app.state.guard.required)
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def error_page(request: Request, message: str, status: int) -> Response:
    return page(request, "error.html", status, title="Something went wrong", message=message)


async def form_of(request: Request):
    """The posted form, after its CSRF token is checked against the cookie."""
    limit = _server(request).config.max_body_bytes
    form = await request.form(max_part_size=limit)
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
        raise InputError(
            "the form has expired or came from another site; reload the page and send it again", 403
        )
    return form


def _job(request: Request, job_id: str) -> Job:
    job = _server(request).store.get(job_id) if is_id(job_id) else None
    if job is None:
        raise InputError(f"no edition {job_id!r}; it may have been deleted", 404)
    return job


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _engines() -> list[dict]:
    listed = [
        {
            "name": "auto",
            "online": True,
            "label": "Automatic: Google's voice when it can be reached, else the offline voice",
        }
    ]
    for name in sorted(ENGINES):
        cls = ENGINES[name]
        where = "online, sends the text to Google" if cls.needs_network else "offline"
        listed.append({"name": name, "online": cls.needs_network, "label": f"{name} ({where})"})
    return listed


@router.get("/")
def new_edition(request: Request) -> Response:
    return page(
        request,
        "new.html",
        title="New edition",
        engines=_engines(),
        profiles=[(name, PROFILE_NOTES.get(name, "")) for name in PROFILES],
    )


@router.post("/editions")
async def create_draft(request: Request) -> Response:
    form = await form_of(request)
    upload = form.get("file")
    file_name = getattr(upload, "filename", None) or None
    file_data = await upload.read() if file_name else None  # type: ignore[union-attr]
    given = Given(
        text=str(form.get("text") or ""),
        format=str(form.get("format") or "txt"),
        file_name=file_name,
        file_data=file_data,
        url=str(form.get("url") or ""),
    )
    job = submit(
        _server(request),
        given,
        title=str(form.get("title") or ""),
        author=str(form.get("author") or ""),
        profiles=form.getlist("profiles") or None,
        engine=str(form.get("engine") or "auto"),
        voice=str(form.get("voice") or ""),
        draft=True,
    )
    return _see(f"/editions/{job.id}/review")


@router.get("/editions/{job_id}/review")
def review(
    request: Request,
    job_id: str,
    saved: str | None = None,
    edit: str | None = None,
    changed: bool = False,
) -> Response:
    server = _server(request)
    job = _job(request, job_id)
    planned = request.app.state.reviews.of(job)
    if job.heading != planned.article.title:
        server.store.update(job.id, heading=planned.article.title)
    entries = pronunciations(server.library)
    editing = next(((w, s) for w, s in entries if w == edit), (edit or "", ""))
    said = dict(entries).get(saved or "")
    return page(
        request,
        "review.html",
        title=f"Review: {planned.article.title}",
        job=job,
        review=planned,
        changed_only=changed,
        saved=saved if said else None,
        said=said,
        affected=planned.with_word(saved)[:10] if said and saved else [],
        entries=entries,
        editing=editing,
    )


@router.get("/editions/{job_id}/cues/{cue_id}.wav")
def hear(request: Request, job_id: str, cue_id: str) -> Response:
    """One sentence, synthesized now (or from the clip cache) in the job's voice."""
    server = _server(request)
    job = _job(request, job_id)
    planned = request.app.state.reviews.of(job)
    cue = planned.cue(cue_id)
    if cue is None:
        raise InputError(f"no sentence {cue_id!r} in this article", 404)
    options = read_options(job, server.config, server.library)
    wav = api.hear(cue.spoken, planned.article.language, options)
    return FileResponse(wav, media_type="audio/wav", headers={"Cache-Control": "no-store"})


@router.post("/pronunciations")
async def add_pronunciation(request: Request) -> Response:
    form = await form_of(request)
    server = _server(request)
    written, say = str(form.get("written") or "").strip(), str(form.get("say") or "").strip()
    job_id = str(form.get("job") or "")
    if not written or not say:
        raise InputError("give both the written word and how to say it")
    api.add_pronunciation(server.library.lexicon, written, say)
    back = f"/editions/{job_id}/review?saved={quote(written)}" if is_id(job_id) else "/library"
    return _see(back + "#pronunciations")


@router.post("/editions/{job_id}/build")
async def build(request: Request, job_id: str) -> Response:
    await form_of(request)
    server = _server(request)
    job = _job(request, job_id)
    if job.status not in (QUEUED, RUNNING):
        server.store.queue(job.id)
        server.worker.wake()
    return _see(f"/editions/{job.id}")


@router.post("/editions/{job_id}/cancel")
async def cancel(request: Request, job_id: str) -> Response:
    await form_of(request)
    job = _job(request, job_id)
    _server(request).worker.cancel(job.id)
    return _see(f"/editions/{job.id}")


@router.get("/editions/{job_id}")
def edition(request: Request, job_id: str) -> Response:
    server = _server(request)
    job = _job(request, job_id)
    if job.status == DRAFT:
        return _see(f"/editions/{job.id}/review")
    view = describe(server, job)
    return page(
        request,
        "edition.html",
        title=view["edition"]["title"] if "edition" in view else (job.title or "Edition"),
        job=job,
        view=view,
    )


@router.get("/editions/{job_id}/delete")
def confirm_delete(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    view = describe(_server(request), job)
    return page(request, "delete.html", title="Delete edition", job=job, view=view)


@router.post("/editions/{job_id}/delete")
async def delete_edition(request: Request, job_id: str) -> Response:
    await form_of(request)
    delete(_server(request), _job(request, job_id))
    return _see("/library?deleted=1")


@router.get("/editions/{job_id}/download.zip")
def download_zip(request: Request, job_id: str) -> Response:
    server = _server(request)
    job = _job(request, job_id)
    folders = [item["folder"] for item in job.editions]
    if not folders:
        raise InputError("this edition has no files yet", 404)
    name = Path(folders[0]).name
    path = server.library.zip_of(folders, name)
    return FileResponse(
        path,
        media_type="application/zip",
        filename=f"{name}.zip",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@router.get("/library")
def library(request: Request, deleted: bool = False) -> Response:
    server = _server(request)
    rows = [(job, describe(server, job)) for job in server.store.all(drafts=True)]
    return page(request, "library.html", title="Library", rows=rows, deleted=deleted)


@router.get("/library/{relative:path}")
def library_file(request: Request, relative: str) -> Response:
    """A file of an edition, by its path in the library (never the server's own state)."""
    path = _server(request).library.inside(relative)
    if path is None or not path.is_file():
        raise InputError(f"no file {relative!r} in the library", 404)
    return FileResponse(path)


@router.get("/feed")
def feed_settings(request: Request, saved: bool = False) -> Response:
    settings = _server(request).library.feed_settings()
    base = str(request.base_url) + "library/podcast/"
    return page(
        request,
        "feed.html",
        title="Podcast feed",
        settings=settings,
        saved=saved,
        default_base=base,
    )


@router.post("/feed")
async def save_feed_settings(request: Request) -> Response:
    form = await form_of(request)
    fields = {
        name: str(form.get(name) or "").strip()
        for name in FeedSettings.__annotations__
        if name != "public"
    }
    _server(request).library.save_feed_settings(
        FeedSettings(**fields, public=form.get("public") == "on")
    )
    return _see("/feed?saved=1")


@router.get("/feed.xml")
def feed_xml(request: Request) -> Response:
    library = _server(request).library
    settings = library.feed_settings()
    folder = library.profile_dir("podcast")
    folder.mkdir(exist_ok=True)
    path = build_feed(
        folder,
        base_url=settings.base_url or str(request.base_url) + "library/podcast/",
        title=settings.title or None,
        author=settings.author or None,
        email=settings.email or None,
        image=settings.image or None,
        category=settings.category or None,
        description=settings.description or None,
    )
    return FileResponse(path, media_type="application/rss+xml")


@router.get("/login")
def login(request: Request) -> Response:
    return page(request, "login.html", title="Log in")


@router.post("/login")
async def do_login(request: Request) -> Response:
    form = await form_of(request)
    guard = request.app.state.guard
    if not guard.required:
        return _see("/")
    if not guard.token_ok(str(form.get("token") or "")):
        await asyncio.sleep(0.5)  # a guess costs time
        return page(
            request,
            "login.html",
            401,
            title="Log in",
            error="That token is not the server's. Check it and try again.",
        )
    response = _see("/")
    response.set_cookie(SESSION_COOKIE, guard.new_session(), httponly=True, samesite="strict")
    return response
