"""The pages of what was made: an edition (players, files, zip, rebuild, delete), the
library and its files, the podcast feed and its settings, and the login."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from narrate.errors import NarrateError
from narrate.feed import feed_document
from narrate.serve.editions import delete, describe, server_of
from narrate.serve.inputs import InputError, shortened
from narrate.serve.jobs import CANCELLED, DONE, DRAFT, FAILED, QUEUED, RUNNING
from narrate.serve.library import LINKS, FeedSettings, feed_link_problem
from narrate.serve.previews import preview_views
from narrate.serve.rendering import form_of, job_of, page, see
from narrate.serve.security import SESSION_COOKIE

router = APIRouter(include_in_schema=False)
# The edition page's title says how the build stands (app.js changes it as the build ends).
STATE_WORDS = {QUEUED: "Queued", RUNNING: "Building", DONE: "Ready", FAILED: "Failed",
               CANCELLED: "Cancelled"}  # fmt: skip


@router.get("/editions/{job_id}")
def edition(request: Request, job_id: str) -> Response:
    server = server_of(request)
    job = job_of(request, job_id)
    if job.status == DRAFT:
        return see(f"/editions/{job.id}/review")
    view = describe(server, job)
    name = view["edition"]["title"] if "edition" in view else job.name
    return page(request, "edition.html", title=f"{STATE_WORDS[job.status]}: {name}", job=job,
                view=view, previews=preview_views(server, job))  # fmt: skip


@router.get("/editions/{job_id}/delete")
def confirm_delete(request: Request, job_id: str) -> Response:
    job = job_of(request, job_id)
    view = describe(server_of(request), job)
    return page(request, "delete.html", title="Delete edition", job=job, view=view)


@router.post("/editions/{job_id}/delete")
async def delete_edition(request: Request, job_id: str) -> Response:
    await form_of(request)
    delete(server_of(request), job_of(request, job_id))
    return see("/library?deleted=1")


@router.get("/editions/{job_id}/download.zip")
def download_zip(request: Request, job_id: str) -> Response:
    server = server_of(request)
    job = job_of(request, job_id)
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
    server = server_of(request)
    rows = [(job, describe(server, job)) for job in server.store.all(drafts=True)]
    return page(request, "library.html", title="Library", rows=rows, deleted=deleted)


@router.get("/library/{relative:path}")
def library_file(request: Request, relative: str) -> Response:
    """A file of an edition, by its path in the library: resolved (links followed) and then
    served only when it is a regular file inside an edition folder."""
    path = server_of(request).library.edition_file(relative)
    if path is None:
        raise InputError(f"no file {shortened(relative)!r} in the library", 404)
    return FileResponse(path)


@router.get("/feed")
def feed_settings(request: Request, saved: bool = False) -> Response:
    return _feed_form(request, server_of(request).library.feed_settings(), saved, None)


def _feed_form(
    request: Request, settings: FeedSettings, saved: bool, error: str | None
) -> Response:
    return page(
        request,
        "feed.html",
        400 if error else 200,
        title="Podcast feed",
        settings=settings,
        saved=saved,
        error=error,
        default_base=str(request.base_url) + "library/podcast/",
    )


@router.post("/feed")
async def save_feed_settings(request: Request) -> Response:
    form = await form_of(request)
    library = server_of(request).library
    fields = {
        name: str(form.get(name) or "").strip()
        for name in FeedSettings.__annotations__
        if name != "public"
    }
    settings = FeedSettings(**fields, public=form.get("public") == "on")
    for name in LINKS:
        if problem := feed_link_problem(name, getattr(settings, name)):
            return _feed_form(request, settings, False, problem)
    upload = form.get("cover_file")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            name = library.save_cover(await upload.read())
        except NarrateError as error:
            return _feed_form(request, settings, False, str(error))
        settings = replace(settings, image=name)
    library.save_feed_settings(settings)
    return see("/feed?saved=1")


@router.get("/feed.xml")
def feed_xml(request: Request) -> Response:
    """The podcast editions' feed, made for this request and written nowhere."""
    library = server_of(request).library
    settings = library.feed_settings()
    document = feed_document(
        library.profile_dir("podcast"),
        base_url=settings.base_url or str(request.base_url) + "library/podcast/",
        title=settings.title or None,
        author=settings.author or None,
        email=settings.email or None,
        image=settings.image or None,
        category=settings.category or None,
        description=settings.description or None,
    )
    return Response(document, media_type="application/rss+xml")


@router.get("/login")
def login(request: Request) -> Response:
    return page(request, "login.html", title="Log in")


@router.post("/login")
async def do_login(request: Request) -> Response:
    form = await form_of(request)
    guard = request.app.state.guard
    if not guard.required:
        return see("/")
    if not guard.token_ok(str(form.get("token") or "")):
        guard.failed(client_address(request))
        await asyncio.sleep(0.5)  # a guess costs time
        return page(
            request,
            "login.html",
            401,
            title="Log in",
            error="That token is not the server's. Check it and try again.",
        )
    guard.end_session(request.cookies.get(SESSION_COOKIE))  # a new session, never the old one
    response = see("/")
    response.set_cookie(SESSION_COOKIE, guard.new_session(), httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await form_of(request)
    request.app.state.guard.end_session(request.cookies.get(SESSION_COOKIE))
    response = see("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
