"""The JSON API: POST an article, poll the job, list, delete; files are downloaded by URL."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from narrate.serve.editions import (
    DocumentChoice,
    JobView,
    Server,
    delete,
    describe,
    server_of,
    submit,
)
from narrate.serve.inputs import Given, InputError, capped_form, refuse_unwritable, shortened
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
    split_chapters: bool = Field(
        False, description="The podcast edition: also one audio file per top-level chapter."
    )
    ocr: bool = Field(False, description="Read a PDF with no text layer (a scan) by OCR.")
    tables: Literal["read", "skip"] | None = Field(
        None, description="Documents' tables: read (default, row by row) or skip."
    )
    notes: Literal["end", "skip"] | None = Field(
        None, description="Documents' footnotes: end (default, of their chapter) or skip."
    )
    callback_url: str | None = Field(
        None,
        description="A public http(s) URL to POST this job's JSON to when it is done or "
        "failed, signed as Standard Webhooks sign (needs the server's --webhook-secret-file).",
    )


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


class Callback(BaseModel):
    url: str
    state: Literal["pending", "delivered", "failed"]
    attempts: int
    last_status: int | None = Field(description="The receiver's last HTTP status.")
    error: str | None = Field(description="One line, when the last attempt failed.")
    message_id: str | None = Field(description="The webhook-id header of the latest delivery.")
    finished: float | None


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
    callback: Callback | None = Field(None, description="The webhook and how it was delivered.")


# FastAPI's own type for `responses`
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 404, 413, 415, 422)
}


FORM_FIELDS = ("title", "author", "engine", "voice", "split_chapters", "ocr", "tables", "notes",
               "callback_url")
UPLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "The article as a file: PDF, Word (.docx), OpenDocument (.odt), "
            "EPUB, HTML, Markdown or text, its type told from its bytes (not its name); "
            "up to the server's --max-upload-mb (50 MB by default; a text file: 5 MB).",
        },
        "title": {"type": "string"},
        "author": {"type": "string"},
        "profiles": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Repeat the field, or separate names with commas; default: podcast.",
        },
        "engine": {"type": "string"},
        "voice": {"type": "string"},
        "split_chapters": {
            "type": "boolean",
            "description": "The podcast edition: also one audio file per top-level chapter.",
        },
        "ocr": {"type": "boolean", "description": "Read a scanned PDF by OCR (default: false)."},
        "tables": {"type": "string", "enum": ["read", "skip"], "description": "Default: read."},
        "notes": {"type": "string", "enum": ["end", "skip"], "description": "Default: end."},
        "callback_url": {"type": "string", "description": "A webhook: see the JSON body's."},
    },
}
REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": NewEdition.model_json_schema()},
            "multipart/form-data": {"schema": UPLOAD_SCHEMA},
        },
    }
}


@router.post(
    "/editions",
    status_code=202,
    response_model=Job,
    responses=ERRORS,
    openapi_extra=REQUEST_BODY,
)
async def create(request: Request) -> JSONResponse:
    """Queue an article for narration: a JSON body (text or url), or a multipart/form-data
    upload with a `file` part (PDF, DOCX, ODT, EPUB, HTML, Markdown or text; 413 over the cap,
    415 for another type); poll `links.self` until status is done or failed."""
    server = server_of(request)
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("multipart/form-data"):
        given, fields, profiles = await _upload(request, server.config.max_body_bytes)
        split = _truth(fields.pop("split_chapters", None))
        document = DocumentChoice(fields["ocr"], fields["tables"], fields["notes"])
    else:
        body = _json_body(await request.body())
        if body.text is not None and body.url is not None:
            raise InputError("give text or a url, not both")
        given = Given(text=body.text, format=body.format, url=body.url)
        fields = {"title": body.title, "author": body.author}
        fields |= {"engine": body.engine, "voice": body.voice, "callback_url": body.callback_url}
        profiles = body.profiles
        split = body.split_chapters
        document = DocumentChoice(ocr=body.ocr, tables=body.tables, notes=body.notes)
    job = await run_in_threadpool(
        lambda: submit(
            server,
            given,
            title=fields["title"],
            author=fields["author"],
            profiles=profiles,
            engine=fields["engine"],
            voice=fields["voice"],
            split_chapters=split,
            document=document,
            callback_url=fields["callback_url"],
        )
    )
    return JSONResponse(
        describe(server, job), status_code=202, headers={"Location": f"/api/editions/{job.id}"}
    )


def _truth(value: str | None) -> bool:
    """A form field's yes or no: true, 1, yes or on (any case) for yes; absent or empty for no."""
    said = (value or "").strip().lower()
    if said in ("", "false", "0", "no", "off"):
        return False
    if said in ("true", "1", "yes", "on"):
        return True
    raise InputError(f"split_chapters: give true or false, not {said[:20]!r}", 422)


def _json_body(raw: bytes) -> NewEdition:
    """The JSON body checked, or the one-line 400/422 that FastAPI's own check would give."""
    try:
        parsed = json.loads(raw)
    except ValueError:  # JSONDecodeError, and bytes that are not UTF-8
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",)}]) from None
    try:
        return NewEdition.model_validate(parsed)
    except ValidationError as error:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in error.errors()]
        raise RequestValidationError(errors) from None


async def _upload(
    request: Request, max_text_bytes: int
) -> tuple[Given, dict[str, str | None], list[str] | None]:
    """A multipart upload: the `file` part and the optional fields, each checked as text."""
    form = await capped_form(request, max_text_bytes)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InputError("no file: send the article as a multipart/form-data part named file")
    fields: dict[str, str | None] = {}
    for name in FORM_FIELDS:
        value = form.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name}: give it as text, not a file")
        refuse_unwritable(value, name)
        fields[name] = value
    names = [
        n.strip() for v in form.getlist("profiles") if isinstance(v, str) for n in v.split(",")
    ]
    data = await upload.read()  # spooled to disk by the parser; the cap bounds it
    given = Given(
        file_name=upload.filename or "upload",
        file_data=data,
        max_text_bytes=max_text_bytes,
    )
    return given, fields, [n for n in names if n] or None


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


def api_view(server: Server, job: QueuedJob) -> dict[str, Any]:
    """The job's JSON as GET /api/editions/{id} answers it (what its webhook sends)."""
    return Job.model_validate(describe(server, job)).model_dump(mode="json")


def _job(server: Server, job_id: str) -> QueuedJob:
    job = server.store.get(job_id) if is_id(job_id) else None
    if job is None or job.status == DRAFT:
        raise InputError(f"no edition {shortened(job_id)!r}", 404)
    return job
