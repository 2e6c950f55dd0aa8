"""Chapters heard while a job is built: the running job's chapter previews
(narrate.chapter_previews) listed for its page, and served one by one, only by the names the
preview folder's index gives (never a path from the request)."""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from narrate.chapter_previews import Preview, read_index
from narrate.serve.editions import Server, server_of
from narrate.serve.inputs import InputError, shortened
from narrate.serve.jobs import RUNNING, Job
from narrate.serve.rendering import job_of

router = APIRouter(include_in_schema=False)


class PreviewView(TypedDict):
    """One chapter that can be heard now, as the job's page shows it."""

    number: int
    title: str
    duration_ms: int
    url: str


def _done(server: Server, job: Job) -> list[Preview]:
    """The previews of `job` written so far (none unless it is being built)."""
    folder = server.worker.preview_folder(job.id) if job.status == RUNNING else None
    return read_index(folder) if folder is not None else []


def preview_views(server: Server, job: Job) -> list[PreviewView]:
    """What the page lists of the job's chapters that can be heard, in order."""
    return [
        {"number": p.number, "title": p.title, "duration_ms": p.duration_ms,
         "url": f"/editions/{job.id}/previews/{quote(p.file)}"}
        for p in _done(server, job)
    ]  # fmt: skip


@router.get("/editions/{job_id}/previews.json")
def listed(request: Request, job_id: str) -> Response:
    """The running job's chapters that can be heard now (an empty list once it has ended)."""
    server = server_of(request)
    return JSONResponse({"previews": preview_views(server, job_of(request, job_id))},
                        headers={"Cache-Control": "no-store"})  # fmt: skip


@router.get("/editions/{job_id}/previews/{name}")
def preview_file(request: Request, job_id: str, name: str) -> Response:
    """One chapter preview, by the file name its index lists; 404 for any other name."""
    server = server_of(request)
    job = job_of(request, job_id)
    folder = server.worker.preview_folder(job.id) if job.status == RUNNING else None
    listed = {p.file for p in _done(server, job)}
    if folder is None or name not in listed or "/" in name or name.startswith("."):
        raise InputError(f"no chapter preview {shortened(name)!r}: the chapter is not spoken "
                         "yet, or the build has ended (its edition replaces the previews)",
                         404)  # fmt: skip
    path = folder / name
    if not path.is_file():  # the build ended between the index and now
        raise InputError("the build has ended: its edition replaces the previews", 404)
    return FileResponse(path, media_type="audio/mpeg", headers={"Cache-Control": "no-store"})
