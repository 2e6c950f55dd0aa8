"""What both the pages and the JSON API do with editions: submit one, describe one, delete one.
The work itself is narrate.api's (in the worker); this is bookkeeping."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, NotRequired, TypedDict
from urllib.parse import quote

from narrate.engines import ENGINES
from narrate.lengths import check_lengths
from narrate.readers.document_options import NOTES, TABLES, DocumentOptions
from narrate.serve.config import ServeConfig
from narrate.serve.inputs import (
    Given,
    InputError,
    checked_profiles,
    checked_voice,
    refuse_unwritable,
    shortened,
    source_for,
)
from narrate.serve.jobs import (
    CANCELLED,
    DRAFT,
    QUEUED,
    RUNNING,
    CallbackRecord,
    EditionRecord,
    Job,
    JobStore,
    new_id,
)
from narrate.serve.library import Library
from narrate.serve.wording import web_message
from narrate.serve.worker import Worker
from narrate.textclean import clean_option
from narrate.webhooks import WebhookError, check_callback_url

if TYPE_CHECKING:
    from fastapi import Request

API_STATUS = {DRAFT: "queued", CANCELLED: "failed"}  # the API's four: queued running done failed



class EditionView(TypedDict):
    """An edition as the API shows it (api_routes.EditionOut documents it)."""

    profile: str
    title: str
    duration_ms: int
    created: str
    chapters: list[dict[str, object]]
    files: dict[str, str]  # manifest name → download URL
    clips_synthesized: int | None
    clips_from_cache: int | None


class JobView(TypedDict):
    """A job as the API shows it (api_routes.Job documents it)."""

    id: str
    status: str
    progress: float
    created: float
    title: str | None
    profiles: list[str]
    clips: dict[str, int]
    building: str | None
    seconds_left: float | None
    links: dict[str, str]
    error: NotRequired[str]
    edition: NotRequired[EditionView]
    editions: NotRequired[list[EditionView]]
    callback: NotRequired[CallbackRecord]


@dataclass
class Server:
    """Everything a request handler needs."""

    config: ServeConfig
    library: Library
    store: JobStore
    worker: Worker


def server_of(request: Request) -> Server:
    """The Server of the app `request` came to (narrate.serve.app sets it)."""
    server: Server = request.app.state.server  # Starlette's State holds untyped attributes
    return server


def submit(
    server: Server,
    given: Given,
    *,
    title: str | None,
    author: str | None,
    profiles: list[str] | tuple[str, ...] | None,
    engine: str | None,
    voice: str | None,
    draft: bool = False,
    split_chapters: bool = False,
    document: DocumentChoice | None = None,
    callback_url: str | None = None,
) -> Job:
    """Check what was given and queue it (or keep it as a draft for review)."""
    callback_url = checked_callback(server.config, callback_url)
    reading = checked_document(document or DocumentChoice())
    engine = (engine or "auto").strip()
    refuse_unwritable(engine, "engine")
    if engine != "auto" and engine not in ENGINES:
        known = ", ".join(["auto", *sorted(ENGINES)])
        raise InputError(f"unknown engine {shortened(engine)!r}: choose from {known}", 422)
    for profile in profiles or ():
        refuse_unwritable(profile, "profiles")
    chosen = checked_profiles(profiles)
    voice = checked_voice(engine, voice)
    refuse_unwritable(title, "title")
    refuse_unwritable(author, "author")
    title, author = clean_option(title, "title"), clean_option(author, "author")
    check_lengths(title=title, author=author)  # longer: 422, one line
    job_id = new_id()
    source = source_for(
        given, job_id, server.library, allow_private=server.config.allow_private_urls
    )
    job = server.store.add(
        source=source,
        title=title or None,
        author=author or None,
        profiles=chosen,
        engine=engine,
        voice=voice,
        status=DRAFT if draft else QUEUED,
        job_id=job_id,
        split_chapters=split_chapters,
        ocr=reading.ocr,
        tables=reading.tables,
        notes=reading.notes,
        callback_url=callback_url,
    )
    if not draft:
        server.worker.wake()
    return job


def checked_callback(config: ServeConfig, url: str | None) -> str | None:
    """The webhook's URL when one is given and may be called (the article URLs' address
    rules), else None; a one-line InputError (400) saying why not."""
    if url is None or not url.strip():
        return None
    refuse_unwritable(url, "callback_url")
    if config.webhook_secret is None:
        raise InputError(
            "callback_url: this server has no webhook secret to sign with; start it with "
            "--webhook-secret-file"
        )
    try:
        return check_callback_url(url.strip(), public_only=not config.allow_private_urls)
    except WebhookError as error:
        raise InputError(web_message(str(error))) from None


@dataclass(frozen=True)
class DocumentChoice:
    """How an uploaded document is read, as given (the form's or the API's text): --ocr,
    --tables and --notes."""

    ocr: bool | str | None = False
    tables: str | None = None
    notes: str | None = None


ON = ("1", "true", "on", "yes")  # a checkbox's value, or a form field's "true"
OFF = ("", "0", "false", "off", "no")


def checked_document(given: DocumentChoice) -> DocumentOptions:
    """The document options given, each checked (an InputError naming the field, 422)."""
    ocr = given.ocr
    if isinstance(ocr, str):
        refuse_unwritable(ocr, "ocr")
        if ocr.strip().lower() not in ON + OFF:
            raise InputError(f"ocr: {shortened(ocr)!r} is not on or off (true or false)", 422)
        ocr = ocr.strip().lower() in ON
    choices = {}
    for name, value, allowed in (("tables", given.tables, TABLES), ("notes", given.notes, NOTES)):
        value = (value or allowed[0]).strip()
        refuse_unwritable(value, name)
        if value not in allowed:
            raise InputError(
                f"{name}: {shortened(value)!r}; choose {' or '.join(allowed)}", 422
            )  # fmt: skip
        choices[name] = value
    return DocumentOptions(ocr=bool(ocr), tables=choices["tables"], notes=choices["notes"])


def file_url(folder: str, name: str) -> str:
    return f"/library/{quote(folder)}/{quote(name)}"


def describe(server: Server, job: Job) -> JobView:
    """The API's view of a job: status, progress, error and, when built, the edition."""
    status = API_STATUS.get(job.status, job.status)
    editions = [e for e in (edition_view(server, item) for item in job.editions) if e]
    links = {"self": f"/api/editions/{job.id}", "page": f"/editions/{job.id}"}
    if editions:
        links["zip"] = f"/editions/{job.id}/download.zip"
    body: JobView = {
        "id": job.id,
        "status": status,
        "progress": round(job.progress, 4),
        "created": job.created,
        "title": editions[0]["title"] if editions else (job.title or job.heading),
        "profiles": list(job.profiles),
        "clips": {"done": job.clips_done, "total": job.clips_total},  # over every edition
        "building": job.building if status == RUNNING else None,  # the profile being built
        "seconds_left": round(job.seconds_left, 1) if job.seconds_left is not None else None,
        "links": links,
    }
    if job.status == CANCELLED:
        body["error"] = "cancelled"
    elif job.error:
        body["error"] = job.error
    if editions:
        body["edition"] = editions[0]
        body["editions"] = editions
        links["embed"] = f"/embed/{job.id}"
    if job.callback is not None:
        body["callback"] = job.callback
    return body


def edition_view(server: Server, item: EditionRecord) -> EditionView | None:
    manifest = server.library.manifest(item["folder"])
    if manifest is None:
        return None
    files = {name: file_url(item["folder"], path) for name, path in manifest.files.items()}
    return {
        "profile": item["profile"],
        "title": manifest.title,
        "duration_ms": manifest.duration_ms,
        "created": manifest.created,
        "chapters": [asdict(c) for c in manifest.chapters],
        "files": files,
        "clips_synthesized": item.get("synthesized"),
        "clips_from_cache": item.get("from_cache"),
    }


def delete(server: Server, job: Job) -> None:
    """Stop the job if it runs, remove its editions (unless another job shares one) and it."""
    if job.status in (RUNNING, QUEUED):
        server.worker.cancel(job.id)
    server.store.delete(job.id)
    kept = {e["folder"] for other in server.store.all(drafts=True) for e in other.editions}
    for item in job.editions:
        if item["folder"] not in kept:
            server.library.remove_edition(item["folder"])
    server.library.remove_source(job.id)
