"""Opening the job queue, and recovering from a damaged one: `narrate serve --reset-queue` sets
the old file aside and lists every edition in the library again, from its manifest (the
editions themselves are never touched)."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from narrate.errors import NarrateError
from narrate.manifest import FILENAME as MANIFEST
from narrate.manifest import Manifest, ManifestError, load
from narrate.profiles import PROFILES
from narrate.serve.jobs import DONE, Job, JobStore, new_id
from narrate.serve.library import Library

log = logging.getLogger(__name__)
QUEUE = "jobs.sqlite"


class QueueDamaged(NarrateError):
    """The job queue cannot be read; the message says how to start again."""


def open_queue(library: Library, *, reset: bool = False) -> JobStore:
    """The library's job queue; with `reset`, a new one listing the editions on disk."""
    path = library.state / QUEUE
    if reset:
        return _reset(library, path)
    try:
        return JobStore(path)
    except sqlite3.DatabaseError as error:
        raise QueueDamaged(
            f"{path}: the job queue is damaged ({error}); start with `narrate serve "
            "--reset-queue` to set it aside and begin a new one (the editions in the library "
            "are kept and listed again)"
        ) from None


def _reset(library: Library, path: Path) -> JobStore:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for old in (path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))):
        if old.exists():
            aside = old.with_name(f"{old.name}.set-aside-{stamp}")
            old.replace(aside)
            log.warning("the old job queue is kept as %s", aside)
    store = JobStore(path)
    found = editions_on_disk(library)
    store.restore(found)
    log.warning("a new job queue: %d edition(s) found in %s listed again", len(found), library.root)
    return store


def editions_on_disk(library: Library) -> list[Job]:
    """One finished job per article (its editions of each profile together), from the sound
    manifests in `<library>/<profile>/<slug>/`."""
    by_article: dict[str, list[tuple[str, Manifest]]] = {}
    for profile in PROFILES:
        for path in sorted(library.profile_dir(profile).glob(f"*/{MANIFEST}")):
            if path.parent.name.startswith("."):
                continue
            try:
                manifest = load(path)
            except ManifestError as error:
                log.warning("left out: %s", error)
                continue
            by_article.setdefault(manifest.source.sha256 or str(path), []).append(
                (profile, manifest)
            )
    jobs = []
    for editions in by_article.values():
        first = editions[0][1]
        source = first.source.url or first.source.location or first.source.path
        jobs.append(
            Job(
                id=new_id(),
                created=first.created_at.timestamp(),
                status=DONE,
                source=source,
                title=None,
                author=None,
                heading=first.title,
                profiles=tuple(profile for profile, _ in editions),
                engine=first.engine.get("name", "auto"),
                voice=None,  # the engine's default when rebuilt: a recorded voice may be
                # a description (gtts's "en-com"), not a voice to ask for
                editions=tuple(
                    {"profile": profile, "folder": f"{profile}/{manifest.folder.name}"}
                    for profile, manifest in editions
                ),
            )
        )
    return jobs
