"""The JSON API: POST an article, poll the job, list, delete; files are downloaded by URL."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from narrate.serve.editions import JobView, Server, delete, describe, server_of, submit
from narrate.serve.inputs import Given, InputError, shortened
from narrate.serve.jobs import DRAFT, is_id
from narrate.serve.jobs import Job as QueuedJob

router = APIRouter(prefix="/api", tags=["editions"])


class NewEdition(BaseModel):
    """An article as text (with its format) or as a URL, and how to narrate it."""

    text: str | None = Field(None, description="The article itself.")
    format: str | None = Field(
        None, description="The text's format: auto (default: told from the text), txt, md, html."
    )
    url: str | None = Field(None, description="An http(s) page to fetch instead of text.")
    title: str | None = None
    author: str | None = None
    profiles: list[str] | None = Field(
        None, description="Editions to make, of podcast, accessible, phone; default: podcast."
    )
    engine: str | None = Field(
        None, description="auto (default), piper or gtts (sends text to Google)."
    )
    voice: str | None = None


class Error(BaseModel):
    error: str


class Chapter(BaseModel):
    title: str
    start_ms: int
    end_ms: int


class EditionOut(BaseModel):
    profile: str
    title: str
    duration_ms: int
    created: str
    chapters: list[Chapter]
    files: dict[str, str] = Field(description="Manifest name → download URL.")
    clips_synthesized: int | None = None
    clips_from_cache: int | None = None


class Job(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float = Field(description="0 to 1.")
    created: float
    title: str | None
    profiles: list[str]
    clips: dict[str, int] = Field(description="Sentences spoken and in all, over every edition.")
    building: str | None = Field(None, description="The profile being built, while running.")
    seconds_left: float | None
    links: dict[str, str]
    error: str | None = Field(None, description="One line, when failed.")
    edition: EditionOut | None = Field(None, description="The first profile's edition, when done.")
    editions: list[EditionOut] | None = None


# FastAPI's own type for `responses`
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 404, 413, 415, 422)
}


@router.post("/editions", status_code=202, response_model=Job, responses=ERRORS)
def create(body: NewEdition, request: Request) -> JSONResponse:
    """Queue an article for narration; poll `links.self` until status is done or failed."""
    server = server_of(request)
    if body.text is not None and body.url is not None:
        raise InputError("give text or a url, not both")
    given = Given(text=body.text, format=body.format, url=body.url)
    job = submit(
        server,
        given,
        title=body.title,
        author=body.author,
        profiles=body.profiles,
        engine=body.engine,
        voice=body.voice,
    )
    return JSONResponse(
        describe(server, job), status_code=202, headers={"Location": f"/api/editions/{job.id}"}
    )


@router.get("/editions", response_model=list[Job], responses=ERRORS)
def list_all(request: Request) -> list[JobView]:
    """Every edition, newest first."""
    server = server_of(request)
    return [describe(server, job) for job in server.store.all()]


@router.get("/editions/{job_id}", response_model=Job, responses=ERRORS)
def show(job_id: str, request: Request) -> JobView:
    """One edition's status, progress, error, and files when done."""
    server = server_of(request)
    return describe(server, _job(server, job_id))


@router.delete("/editions/{job_id}", status_code=204, responses=ERRORS)
def remove(job_id: str, request: Request) -> Response:
    """Cancel the job if it runs, delete its files and forget it."""
    server = server_of(request)
    delete(server, _job(server, job_id))
    return Response(status_code=204)


def _job(server: Server, job_id: str) -> QueuedJob:
    job = server.store.get(job_id) if is_id(job_id) else None
    if job is None or job.status == DRAFT:
        raise InputError(f"no edition {shortened(job_id)!r}", 404)
    return job
