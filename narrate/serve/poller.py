"""The web app's background poller: every `--poll-minutes` it runs `narrate follow` once over
each unpaused followed source, building its new and changed entries into the library's podcast
editions, each listed in the library as a finished edition. One source failing (its feed
unreachable, an entry unreadable) is recorded on that source and never stops the others."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path

from narrate import api
from narrate.errors import NarrateError
from narrate.follow import (
    EntryOutcome,
    FollowReport,
    Source,
    StateError,
    StateFiles,
    follow_once,
)
from narrate.serve.editions import Server
from narrate.serve.followed import EntryRef, FollowedSource, FollowedSources
from narrate.serve.jobs import DONE, EditionRecord, Job, new_id
from narrate.serve.source_hooks import send_entry_hook
from narrate.serve.wording import web_message

log = logging.getLogger(__name__)
PROFILE = "podcast"  # a followed entry becomes a podcast episode
IDLE_S = 30.0  # the longest the poller sleeps before looking at the sources again


def follow_source(server: Server, followed: FollowedSource) -> Source:
    """The `narrate follow` source of a followed one: built into the library's podcast
    editions, its state in the server's state folder; the app serves the feed itself."""
    return Source(
        followed.url,
        out=server.library.profile_dir(PROFILE),
        state_dir=server.library.state / "follow",
    )


def entry_states(server: Server, followed: FollowedSource) -> StateFiles:
    source = follow_source(server, followed)
    assert source.state_dir is not None
    return StateFiles(source.state_dir, source.url)


def relinked(server: Server, followed: FollowedSource) -> FollowedSource:
    """`followed` with each entry the follow state knows linked to its edition in the library:
    a source removed and added again finds its entries unchanged (the state outlives the
    source, so nothing is rebuilt) and keeps the links to their editions."""
    try:
        states = entry_states(server, followed).load().entries
    except StateError:
        return followed  # the first poll says so on the source's page
    newest_last = reversed(server.store.all())
    jobs = {edition["folder"]: job.id for job in newest_last for edition in job.editions}
    entries = dict(followed.entries)
    for entry in states.values():
        job = jobs.get(f"{PROFILE}/{entry.folder}") if entry.folder else None
        if job is not None:
            entries[entry.id] = EntryRef(title=entry.title, job=job)
    return replace(followed, entries=entries)


class Poller:
    """The thread that polls the followed sources one at a time; `wake()` after a change."""

    def __init__(self, server: Server, sources: FollowedSources):
        self.server, self.sources = server, sources
        self.every_s = server.config.poll_minutes * 60
        self.polling: str | None = None  # the id of the source being polled now
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="narrate-poller", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop polling: a poll under way stops after the entry being built."""
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._poll_due()
            except (sqlite3.Error, OSError) as error:  # a library made read-only, a full disk
                log.warning("the poller cannot record its polls now: %s", error)
                self._stop.wait(timeout=IDLE_S)

    def _poll_due(self) -> None:
        """Poll each source that is due, then wait until the next is (or a change wakes it)."""
        for followed in self.sources.due(time.time()):
            if self._stop.is_set():
                return
            self.poll(followed.id)
        due = self.sources.next_due()
        wait = IDLE_S if due is None else min(IDLE_S, max(0.0, due - time.time()))
        self._wake.wait(timeout=wait)
        self._wake.clear()

    def poll(self, source_id: str) -> None:
        """One run over the source; its outcome (or its one-line problem) kept on it."""
        followed = self.sources.get(source_id)
        if followed is None or followed.paused:
            return
        self.polling = source_id
        started = time.time()
        try:
            report = follow_once(
                follow_source(self.server, followed),
                self._options(followed),
                on_outcome=lambda outcome: self._settled(source_id, outcome),
                should_stop=lambda: self._stop.is_set() or self._left(source_id),
            )
            result, problem = _result(report), _first_failure(report)
        except (NarrateError, OSError) as error:
            result, problem = "failed", web_message(_one_line(error))
        except Exception as error:  # a bug: this source's problem, never the poller's end
            log.exception("polling %s failed", followed.url)
            result, problem = "failed", f"internal error: {_one_line(error)}"
        finally:
            self.polling = None

        def polled(source: FollowedSource) -> FollowedSource:
            return replace(
                source,
                last_polled=started,
                last_result=result,
                problem=problem,
                next_poll=None if source.paused else time.time() + self.every_s,
            )

        self.sources.change(source_id, polled)

    def _left(self, source_id: str) -> bool:
        """True when the source was paused or removed during its poll."""
        followed = self.sources.get(source_id)
        return followed is None or followed.paused

    def _options(self, followed: FollowedSource) -> api.BuildOptions:
        """The builds' options, as the worker's for a podcast edition of a URL."""
        config, library = self.server.config, self.server.library
        return api.BuildOptions(
            profile=PROFILE,
            out_dir=library.profile_dir(PROFILE),
            side_by_side=False,
            engine=api.EngineChoice(name=followed.engine, voice=followed.voice),
            lexicon=library.lexicon if library.lexicon.is_file() else None,
            public_urls_only=not config.allow_private_urls,
            max_bytes=config.max_url_bytes,
            cache_dir=config.cache_dir,
        )

    def _settled(self, source_id: str, outcome: EntryOutcome) -> None:
        """An entry settled: its title kept, and a built one listed in the library."""
        followed = self.sources.get(source_id)
        if followed is None:
            return
        ref = followed.entries.get(outcome.id, EntryRef())
        ref = replace(ref, title=outcome.title or ref.title)
        if outcome.status in ("built", "updated"):
            state = entry_states(self.server, followed).load().entries.get(outcome.id)
            if state is not None and state.folder:
                ref = replace(ref, job=self._listed(ref.job, followed, outcome, state.folder))

        def noted(source: FollowedSource) -> FollowedSource:
            return replace(source, entries={**source.entries, outcome.id: ref})

        self.sources.change(source_id, noted)
        page = f"/editions/{ref.job}" if ref.job else None
        send_entry_hook(self.server.config, self.sources, followed, outcome, page, self._stop)

    def _listed(
        self, job_id: str | None, followed: FollowedSource, outcome: EntryOutcome, folder: str
    ) -> str:
        """The library's job for the entry's edition: its own job updated, or a new one."""
        store = self.server.store
        record: EditionRecord = {"profile": PROFILE, "folder": f"{PROFILE}/{folder}"}
        if job_id and store.get(job_id) is not None:
            store.update(
                job_id,
                status=DONE,
                heading=outcome.title,
                editions=[record],
                finished=time.time(),
                error=None,
            )
            return job_id
        now = time.time()
        job = Job(
            id=new_id(),
            created=now,
            status=DONE,
            source=outcome.link,
            title=None,
            author=None,
            heading=outcome.title,
            profiles=(PROFILE,),
            engine=followed.engine,
            voice=followed.voice,
            editions=(record,),
        )
        store.restore([job])
        return job.id


def _result(report: FollowReport) -> str:
    """The poll in one line, without the source's address (the page shows it beside)."""
    return report.summary().removeprefix(f"{report.source}: ")


def _first_failure(report: FollowReport) -> str | None:
    failed = report.failed
    if not failed:
        return None
    first = failed[0]
    more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
    return web_message(f"{first.title or first.link}: {_one_line_text(first.problem or '')}") + more


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{Path(error.filename).name}: {error.strerror}"
    return _one_line_text(str(error) or type(error).__name__)


def _one_line_text(text: str) -> str:
    return " ".join(text.split())
