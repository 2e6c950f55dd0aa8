"""`/embed/<edition id>`: a small page with the edition's audio and its chapters, made to be
shown in an `<iframe>` on another site (a CMS's article page). It is the accessible edition's
web player (writers/player.py) cut down: the same script and styles, inlined as that page
inlines them, so the same Content-Security-Policy hashes allow them (headers.py), and framing is
allowed on this route only, for the sites --embed-origin names (any site by default)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from narrate.manifest import Manifest
from narrate.serve.editions import Server, file_url, server_of
from narrate.serve.headers import EMBED_PREFIX
from narrate.serve.inputs import InputError, shortened
from narrate.serve.jobs import DONE, Job, is_id
from narrate.serve.rendering import templates
from narrate.timefmt import clock, iso_duration, spoken_length
from narrate.writers.html_parts import seconds, template

router = APIRouter()


def embedded(
    server: Server, job: Job, *, podcast_only: bool = False
) -> tuple[str, Manifest] | None:
    """The folder and manifest of the edition an embed plays: the podcast one, else the first
    with an MP3 (only the podcast one when `podcast_only`: what a public feed lets anyone hear)."""
    if job.status != DONE:
        return None
    ranked = sorted(job.editions, key=lambda record: record["profile"] != "podcast")
    for record in ranked:
        if podcast_only and record["profile"] != "podcast":
            continue
        manifest = server.library.manifest(record["folder"])
        if manifest is not None and "mp3" in manifest.files:
            return record["folder"], manifest
    return None


def is_public_embed(server: Server, path: str) -> bool:
    """True for the embed of a podcast edition when the podcast feed is public (its audio is
    then public too: app._public_feed), so a site can show it without the server's token."""
    job_id = path.removeprefix(EMBED_PREFIX)
    if not path.startswith(EMBED_PREFIX) or not is_id(job_id):
        return False
    if not server.library.feed_settings().public:
        return False
    job = server.store.get(job_id)
    return job is not None and embedded(server, job, podcast_only=True) is not None


@router.get(EMBED_PREFIX + "{job_id}")
def embed(request: Request, job_id: str) -> Response:
    """The embeddable player of a finished edition."""
    server = server_of(request)
    job = server.store.get(job_id) if is_id(job_id) else None
    found = embedded(server, job) if job is not None else None
    if found is None:
        raise InputError(f"no finished edition {shortened(job_id, 20)!r} to play", 404)
    folder, manifest = found
    files = {name: file_url(folder, path) for name, path in manifest.files.items()}
    chapters = [
        {"title": c.title, "start": seconds(c.start_ms), "clock": clock(c.start_ms),
         "iso": iso_duration(c.start_ms)}
        for c in manifest.chapters
    ]  # fmt: skip
    context = {
        "title": manifest.title,
        "files": files,
        "lang": manifest.language,
        "length": spoken_length(manifest.duration_ms),
        "chapters": chapters,
        "css": template("transcript.css") + template("player.css"),
        "js": template("player.js"),
    }
    return templates.TemplateResponse(request, "embed.html", context)
