"""One background worker: takes the oldest queued job, builds each of its profiles with
narrate.api, records progress as it goes, and stops a job when asked (between clips)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from narrate import api, chapter_previews
from narrate.errors import NarrateError
from narrate.planning import slug_for
from narrate.plural import count
from narrate.serve.config import ServeConfig
from narrate.serve.jobs import CANCELLED, DONE, FAILED, EditionRecord, Job, JobStore
from narrate.serve.library import Library
from narrate.serve.wording import web_message
from narrate.staging import SourceClash

if TYPE_CHECKING:
    from narrate.model import Cue

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.25  # how often progress is written to the queue


class Cancelled(Exception):
    """The user cancelled the job (raised from the progress callback, between clips)."""


def build_options(
    job: Job, profile: str, config: ServeConfig, library: Library
) -> api.BuildOptions:
    """The API's options for one profile of a job: the library's folder and pronunciations,
    and how its document is read (under the limits' defaults, in a process of its own)."""
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
        split_chapters=job.split_chapters and profile == "podcast",  # the others have no such files
        previews=True,  # each chapter heard on the job's page as soon as it is spoken
        ocr=job.ocr,
        tables=job.tables,
        notes=job.notes,
    )


class Worker:
    """The thread that runs jobs one at a time; `wake()` after queueing one; `on_end` hears
    the id of each job that ends (its webhook is sent then)."""

    def __init__(
        self,
        store: JobStore,
        config: ServeConfig,
        library: Library,
        on_end: Callable[[str], None] | None = None,
    ):
        self.store, self.config, self.library = store, config, library
        self.on_end = on_end
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel: dict[str, threading.Event] = {}
        self._previews: dict[str, Path] = {}  # a running job's chapter previews' folder
        self._thread = threading.Thread(target=self._loop, name="narrate-worker", daemon=True)

    def start(self) -> None:
        resumed = self.store.requeue_interrupted()
        if resumed:
            log.warning("%s interrupted by a restart queued again", count(resumed, "job"))
        self._thread.start()

    def stop(self) -> None:
        """Stop taking jobs (a running build is left to the clip cache and the next start)."""
        self._stop.set()
        self._wake.set()

    def preview_folder(self, job_id: str) -> Path | None:
        """Where the edition being built for `job_id` has its chapter previews (while it
        is being built)."""
        return self._previews.get(job_id)

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
            self._previews.pop(job.id, None)

    def _run(self, job: Job) -> None:
        """Read and script every profile's edition first (bad input fails before a clip is
        spoken, and the whole job's sentences are known), then build them one by one, with
        progress counted over the whole job and the profile being built named."""
        editions: list[EditionRecord] = []
        cancel = self._cancel[job.id]
        profile = job.profiles[0]
        try:
            prepared = []
            for profile in job.profiles:
                options = build_options(job, profile, self.config, self.library)
                ready = api.prepare([job.source], options)
                assert ready is not None  # one source
                prepared.append((profile, ready, options))
            title = prepared[0][1].planned[0][0].title
            totals = [len(ready.planned[0][1].cues) for _, ready, _ in prepared]
            self.store.update(job.id, heading=title, clips_total=sum(totals))
            for index, (profile, ready, options) in enumerate(prepared):
                self.store.update(job.id, building=profile)
                folder = ready.settings.folder_name(slug_for(ready.planned[0][0]))
                self._previews[job.id] = chapter_previews.folder_for(Path(options.out_dir), folder)
                progress = self._progress_of(job, cancel, totals, index)
                for edition in api.build_prepared(ready, options, on_progress=progress):
                    if edition.manifest.title != title:
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
            said = _one_line(error).replace(where, "")
            said = said.replace(str(self.library.lexicon), "the library's narrate.toml")
            self._finish(job, FAILED, web_message(said), editions)
            return
        except Exception as error:  # a bug: said in one line, logged in full
            log.exception("job %s failed", job.id)
            self._finish(job, FAILED, f"internal error: {_one_line(error)}", editions)
            return
        self._finish(job, DONE, None, editions)

    def _progress_of(
        self, job: Job, cancel: threading.Event, totals: list[int], index: int
    ) -> api.Progress:
        """The progress callback of the job's `index`th edition: clips counted over the whole
        job (`totals`: each edition's sentences), written at most every PROGRESS_EVERY_S."""
        last = [0.0]

        def progress(done: int, total: int, cue: Cue) -> None:
            if cancel.is_set():
                raise Cancelled
            totals[index] = total  # the edition's own count, should it differ from its plan
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_S or done == total:
                last[0] = now
                so_far, whole = sum(totals[:index]) + done, sum(totals)
                self.store.update(
                    job.id,
                    progress=round(so_far / whole if whole else 1.0, 4),
                    clips_done=so_far,
                    clips_total=whole,
                    chapter=cue.chapter if cue else None,
                )

        return progress

    def _finish(
        self, job: Job, status: str, error: str | None, editions: list[EditionRecord]
    ) -> None:
        if self.store.get(job.id) is None:  # deleted while it ran
            for edition in editions:
                self.library.remove_edition(edition["folder"])
            return
        made = {edition["profile"] for edition in editions}  # a failed rebuild keeps the rest
        kept = [edition for edition in job.editions if edition["profile"] not in made]
        values = dict(status=status, error=error, editions=[*editions, *kept], finished=time.time(),
                      building=None)  # fmt: skip
        progress = 1.0 if status == DONE else None
        if progress is not None:
            values["progress"] = progress
        self.store.update(job.id, **values)
        if self.on_end is not None:
            self.on_end(job.id)


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        text = f"{Path(error.filename).name}: {error.strerror}"
    else:
        text = str(error) or type(error).__name__
    return " ".join(text.split())
