"""The pages that make an edition: new edition, review (listen to a sentence, pronunciations),
build and cancel. Every form post checks its CSRF token; every page works without JavaScript
(app.js only enhances)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import UploadFile

from narrate import api
from narrate.engines import ENGINES
from narrate.profiles import PROFILES
from narrate.serve.editions import DocumentChoice, server_of, submit
from narrate.serve.inputs import Given, InputError
from narrate.serve.jobs import QUEUED, RUNNING, is_id
from narrate.serve.rendering import form_of, job_of, page, see
from narrate.serve.review import pronunciations, read_options

router = APIRouter(include_in_schema=False)
PROFILE_NOTES = {
    "podcast": "MP3 with chapters, transcript and captions, at podcast loudness.",
    "accessible": "Slower, numbered headings, a web player and a DAISY book.",
    "phone": "Short on-hold messages in telephone formats.",
}

TABLE_CHOICES = (("read", "Read them row by row, with their column headers"),
                 ("skip", "Skip them (each is announced, not read)"))  # fmt: skip
NOTE_CHOICES = (("end", "Read them at the end of their chapter"), ("skip", "Leave them out"))


def _engines() -> list[dict[str, object]]:
    listed: list[dict[str, object]] = [
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
    return _new_form(request, {}, None, 200)


def _new_form(
    request: Request, values: dict[str, object], error: str | None, status: int
) -> Response:
    """The new-edition form, with what the user gave and the problem with it, if any."""
    return page(
        request,
        "new.html",
        status,
        title="New edition",
        engines=_engines(),
        profiles=[(name, PROFILE_NOTES.get(name, "")) for name in PROFILES],
        values=values,
        error=error,
        max_upload_mb=server_of(request).config.max_upload_bytes // 2**20,
        tables=TABLE_CHOICES,
        notes=NOTE_CHOICES,
    )


@router.post("/editions")
async def create_draft(request: Request) -> Response:
    form = await form_of(request)
    upload = form.get("file")
    file_name = (upload.filename or None) if isinstance(upload, UploadFile) else None
    file_data = await upload.read() if isinstance(upload, UploadFile) and file_name else None
    texts = {
        name: str(form.get(name) or "")
        for name in ("text", "format", "url", "title", "author", "engine", "voice", "ocr",
                     "tables", "notes")  # fmt: skip
    }
    profiles = [str(name) for name in form.getlist("profiles")]
    split = form.get("split_chapters") is not None  # a checkbox: sent only when checked
    values: dict[str, object] = {**texts, "profiles": profiles, "split_chapters": split}
    given = Given(
        text=texts["text"],
        format=texts["format"] or None,
        file_name=file_name,
        file_data=file_data,
        url=texts["url"],
        max_text_bytes=server_of(request).config.max_body_bytes,
    )
    try:
        job = submit(
            server_of(request),
            given,
            title=texts["title"],
            author=texts["author"],
            profiles=profiles or None,
            engine=texts["engine"] or "auto",
            voice=texts["voice"],
            draft=True,
            split_chapters=split,
            document=DocumentChoice(texts["ocr"], texts["tables"], texts["notes"]),
        )
    except InputError as error:  # the form again, as filled in, the problem said first
        return _new_form(request, values, str(error), error.status)
    return see(f"/editions/{job.id}/review")


@router.get("/editions/{job_id}/review")
def review(
    request: Request,
    job_id: str,
    saved: str | None = None,
    edit: str | None = None,
    changed: bool = False,
) -> Response:
    server = server_of(request)
    job = job_of(request, job_id)
    planned = request.app.state.reviews.of(job)
    api.prepare_hear(planned.article.language, read_options(job, server.config, server.library))
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
    server = server_of(request)
    job = job_of(request, job_id)
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
    server = server_of(request)
    written, say = str(form.get("written") or "").strip(), str(form.get("say") or "").strip()
    job_id = str(form.get("job") or "")
    if not written or not say:
        raise InputError("give both the written word and how to say it")
    api.add_pronunciation(server.library.lexicon, written, say)
    back = f"/editions/{job_id}/review?saved={quote(written)}" if is_id(job_id) else "/library"
    return see(back + "#pronunciations")


@router.post("/editions/{job_id}/build")
async def build(request: Request, job_id: str) -> Response:
    await form_of(request)
    server = server_of(request)
    job = job_of(request, job_id)
    if job.status not in (QUEUED, RUNNING):
        server.store.queue(job.id)
        server.worker.wake()
    return see(f"/editions/{job.id}")


@router.post("/editions/{job_id}/cancel")
async def cancel(request: Request, job_id: str) -> Response:
    await form_of(request)
    job = job_of(request, job_id)
    server_of(request).worker.cancel(job.id)
    return see(f"/editions/{job.id}")
