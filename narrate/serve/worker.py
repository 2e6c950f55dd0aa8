"""One background worker: takes the oldest queued job, builds each of its profiles with
narrate.api, records progress as it goes, and stops a job when asked (between clips)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from narrate import api
from narrate.errors import NarrateError
from narrate.serve.config import ServeConfig
from narrate.serve.jobs import CANCELLED, DONE, FAILED, Job, JobStore
from narrate.serve.library import Library
from narrate.staging import SourceClash

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.25  # how often progress is written to the queue


class Cancelled(Exception):
    """The user cancelled the job (raised from the progress callback, between clips)."""


def build_options(job: Job, profile: str, config: ServeConfig, library: Library):
    """The API's options for one profile of a job: the library's folder and pronunciations."""
    return api.BuildOptions(
        profile=profile,
        title=job.title or None,
        author=job.author or None,
        out_dir=library.profile_dir(profile),
        side_by_side=False,  # <library>/<profile>/<slug>/: a folder per profile already
        engine=api.EngineChoice(name=job.engine, voice=job.voice or None),
        lexicon=library.lexicon if library.lexicon.is_file() else None,
        public_urls_only=not config.allow_private_urls,
        max_bytes=config.max_url_bytes,
        cache_dir=config.cache_dir,
    )


class Worker:
    """The thread that runs jobs one at a time; `wake()` after queueing one."""

    def __init__(self, store: JobStore, config: ServeConfig, library: Library):
        self.store, self.config, self.library = store, config, library
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel: dict[str, threading.Event] = {}
        self._thread = threading.Thread(target=self._loop, name="narrate-worker", daemon=True)

    def start(self) -> None:
        resumed = self.store.requeue_interrupted()
        if resumed:
            log.warning("%d job(s) interrupted by a restart are queued again", resumed)
        self._thread.start()

    def stop(self) -> None:
        """Stop taking jobs (a running build is left to the clip cache and the next start)."""
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def cancel(self, job_id: str) -> None:
        self.store.update(job_id, cancel=True)
        if event := self._cancel.get(job_id):
            event.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._next()
            except (sqlite3.Error, OSError) as error:  # a library made read-only, a full disk
                log.warning("the worker cannot use the job queue now: %s", error)
                self._stop.wait(timeout=5)

    def _next(self) -> None:
        """Run the oldest queued job, or wait a while for one."""
        job = self.store.next_queued()
        if job is None:
            self._wake.wait(timeout=2)
            self._wake.clear()
            return
        self._cancel[job.id] = threading.Event()
        try:
            self._run(job)
        finally:
            self._cancel.pop(job.id, None)

    def _run(self, job: Job) -> None:
        editions: list[dict] = []
        last = [0.0]
        named: list[str] = [job.heading] if job.heading else []
        cancel = self._cancel[job.id]
        count = len(job.profiles)

        for index, profile in enumerate(job.profiles):

            def progress(done: int, total: int, cue, index=index) -> None:
                if cancel.is_set():
                    raise Cancelled
                if not named and cue is not None and cue.kind == "title":
                    named.append(cue.display)  # the article's title, before the edition is
                    self.store.update(job.id, heading=cue.display)
                now = time.monotonic()
                if now - last[0] >= PROGRESS_EVERY_S or done == total:
                    last[0] = now
                    share = (index + (done / total if total else 1)) / count
                    self.store.update(
                        job.id,
                        progress=round(share, 4),
                        clips_done=done,
                        clips_total=total,
                        chapter=cue.chapter if cue else None,
                    )

            try:
                options = build_options(job, profile, self.config, self.library)
                for edition in api.editions([job.source], options, on_progress=progress):
                    if edition.manifest.title != job.heading:
                        self.store.update(job.id, heading=edition.manifest.title)
                    editions.append(
                        {
                            "profile": profile,
                            "folder": str(edition.folder.relative_to(self.library.root)),
                            "synthesized": edition.report.synthesized,
                            "from_cache": edition.report.from_cache,
                        }
                    )
            except SourceClash:
                problem = (
                    f"the library already has a {profile} edition with this title, made "
                    "from another article: give this one another title, or delete the "
                    "other first"
                )
                self._finish(job, FAILED, problem, editions)
                return
            except Cancelled:
                self._finish(job, CANCELLED, "cancelled", editions)
                return
            except (NarrateError, OSError) as error:
                where = f"{self.library.sources / job.id}/"  # the user never saw that path
                self._finish(job, FAILED, _one_line(error).replace(where, ""), editions)
                return
            except Exception as error:  # a bug: said in one line, logged in full
                log.exception("job %s failed", job.id)
                self._finish(job, FAILED, f"internal error: {_one_line(error)}", editions)
                return
        self._finish(job, DONE, None, editions)

    def _finish(self, job: Job, status: str, error: str | None, editions: list[dict]) -> None:
        if self.store.get(job.id) is None:  # deleted while it ran
            for edition in editions:
                self.library.remove_edition(edition["folder"])
            return
        made = {edition["profile"] for edition in editions}  # a failed rebuild keeps the rest
        kept = [edition for edition in job.editions if edition["profile"] not in made]
        values = dict(status=status, error=error, editions=[*editions, *kept], finished=time.time())
        progress = 1.0 if status == DONE else None
        if progress is not None:
            values["progress"] = progress
        self.store.update(job.id, **values)


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        text = f"{Path(error.filename).name}: {error.strerror}"
    else:
        text = str(error) or type(error).__name__
    return " ".join(text.split())
