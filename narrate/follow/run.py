"""One run over a followed source: fetch it (304: nothing to do), build each new entry and
each changed one, prune the entries gone when asked, and write the podcast feed again.

An entry that fails is reported in one line and retried on the next run, while the others go
on; one refused for good GIVE_UP_AFTER runs in a row is given up (said once, no longer a
failure) until the source changes it (narrate.follow.failures). The source's ETag and
Last-Modified are kept only after a run that left nothing to do again, so a 304 never hides
an entry still waiting (failed, or past `--limit`).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeGuard

from narrate import api, staging
from narrate.errors import NarrateError
from narrate.follow.entry import build_entry, read_entry, text_sha256
from narrate.follow.failures import GIVE_UP_AFTER, is_permanent
from narrate.follow.fetch import Validators, fetch_source
from narrate.follow.report import GAVE_UP, EntryOutcome, FollowReport
from narrate.follow.sources import Listed, Listing, parse_listing
from narrate.follow.state import (
    EntryState,
    SourceState,
    StateFiles,
    with_entry,
    without_entry,
)
from narrate.follow.where import Source, state_folder
from narrate.manifest import FILENAME as MANIFEST
from narrate.readers.url import FetchOptions
from narrate.storage import LocalPlace, Place, UrlPlace
from narrate.timefmt import utc_stamp

log = logging.getLogger(__name__)

OnOutcome = Callable[[EntryOutcome], None]
ShouldStop = Callable[[], bool]


def follow_once(
    source: Source,
    options: api.BuildOptions | None = None,
    *,
    on_outcome: OnOutcome | None = None,
    should_stop: ShouldStop | None = None,
) -> FollowReport:
    """Bring `source.out` up to date with `source.url` once; what happened to each entry.

    `options` are the builds' (engine, profile, limits; their `out_dir` is `source.out`), and
    their fetch policy is the source's too: `public_urls_only` (narrate serve's address rules),
    `max_bytes`, `fetch_timeout_s`. `should_stop` is asked between entries (a web app's
    worker stopping); a stop signal in the CLI abandons the entry being built instead.
    ArticleError when the source cannot be fetched or read; StateError when its state cannot.
    """
    source.validate()
    options = replace(options or api.BuildOptions(), out_dir=source.out)
    options.validate()
    files = StateFiles(state_folder(source), source.url)
    state = files.load()
    fetch = FetchOptions(max_bytes=options.max_bytes, timeout_s=options.fetch_timeout_s,
                         public_only=options.public_urls_only)  # fmt: skip
    failed = any(entry.status == "failed" for entry in state.entries.values())
    asked = Validators() if failed else Validators(state.etag, state.last_modified)
    fetched = fetch_source(source.url, fetch, asked)  # failed entries: the whole source again
    run = _Run(source, options, files, on_outcome or (lambda outcome: None),
               should_stop or (lambda: False))  # fmt: skip
    if fetched.data is None:  # 304: only the entries gone at the last listing may be pruned
        for gone in [e for e in state.entries.values() if e.status == "gone"]:
            run.leave(gone)
        return run.finish(not_modified=True, validators=fetched.validators)
    listing = parse_listing(fetched.data, source.url)
    run.listing = listing
    run.follow(listing, state)
    return run.finish(not_modified=False, validators=fetched.validators)


@dataclass
class _Run:
    """A run's working values and what it has done so far."""

    source: Source
    options: api.BuildOptions
    files: StateFiles
    on_outcome: OnOutcome
    should_stop: ShouldStop
    listing: Listing | None = None

    def __post_init__(self) -> None:
        self.outcomes: list[EntryOutcome] = []
        self.built = 0
        self.waiting = False  # an entry left for a later run (limit, stop, another run's)

    def follow(self, listing: Listing, state: SourceState) -> None:
        """Each listed entry (newest first) built, re-read or left; those gone pruned or kept."""
        listed = sorted(listing.entries, key=_newest_first)
        seen = {entry.id for entry in listed}
        for entry in listed:
            if self.stopped():
                return
            if self.source.since and entry.date and entry.date.date() < self.source.since:
                continue
            self.consider(entry, state.entries.get(entry.id))
        for gone in [e for e in state.entries.values() if e.id not in seen]:
            self.leave(gone)

    def stopped(self) -> bool:
        if self.should_stop():
            self.waiting = True
            return True
        return False

    def consider(self, listed: Listed, record: EntryState | None) -> None:
        """Build `listed` when it is new, failed last time, or its text changed (one given
        up is left until the source changes it)."""
        if record is not None and record.status == GAVE_UP and record.signature == listed.signature:
            return  # said once, when given up
        if _has_edition(record) and record.signature == listed.signature:
            if record.status == "gone":  # listed again: no longer the prune's
                self.record(replace(record, status="built"))
            self.report(listed, "unchanged", title=record.title)
            return
        if self.source.limit is not None and self.built >= self.source.limit:
            self.waiting = True
            self.report(listed, "waiting", "past --limit; built on a later run")
            return
        with self.files.entry_lock(listed.id) as held:
            if not held:
                self.waiting = True
                self.report(listed, "skipped", "another run is building it")
                return
            fresh = self.files.load().entries.get(listed.id)  # another run may have built it
            if _has_edition(fresh) and fresh.signature == listed.signature:
                self.report(listed, "unchanged", title=fresh.title)
                return
            self.build(listed, fresh)

    def build(self, listed: Listed, record: EntryState | None) -> None:
        """Read the entry's article; build it unless its text is the one already built."""
        assert self.listing is not None
        try:
            article = read_entry(listed, self.listing, self.source.url, self.options,
                                 self.source.content)  # fmt: skip
            digest = text_sha256(article)
            if _has_edition(record) and record.text_sha256 == digest:
                self.record(replace(record, signature=listed.signature, link=listed.link,
                                    status="built"))  # fmt: skip
                self.report(listed, "unchanged", title=article.title)
                return
            self.built += 1
            own = record.folder if record else None
            edition = build_entry(article, listed, self.options, own_folder=own)
        except (NarrateError, OSError) as error:
            problem = str(error) or type(error).__name__
            failures = record.failures + 1 if record and record.status == "failed" else 1
            gave_up = is_permanent(error) and failures >= GIVE_UP_AFTER
            if gave_up:
                problem += (f" (failed {failures} runs in a row; tried again when the source "
                            "changes this entry)")  # fmt: skip
            kept = record if _has_edition(record) else None
            self.record(EntryState(
                listed.id, listed.link, signature=listed.signature if gave_up else "",
                status=GAVE_UP if gave_up else "failed",
                text_sha256=kept.text_sha256 if kept else None,
                folder=kept.folder if kept else None, published=_stamp(listed.date),
                built=kept.built if kept else None, problem=problem, failures=failures,
                title=kept.title if kept else None,
            ))  # fmt: skip
            self.waiting = not gave_up  # a given-up entry lets the next run's 304 stand
            self.report(listed, GAVE_UP if gave_up else "failed", problem)
            return
        folder = edition.folder.name
        if record and record.folder and record.folder != folder:
            self.remove_edition(record.folder)  # a new title, a new folder: one episode
        self.record(EntryState(
            listed.id, listed.link, listed.signature, "built", text_sha256=digest,
            folder=folder, published=_stamp(listed.date), built=utc_stamp(), title=article.title,
        ), feed_due=True)  # fmt: skip
        was_built = record is not None and record.folder is not None
        self.report(listed, "updated" if was_built else "built", edition=edition.location,
                    title=article.title)  # fmt: skip

    def leave(self, gone: EntryState) -> None:
        """An entry the source no longer lists: its edition removed with --prune, else kept;
        one that never had an edition (it failed) forgotten."""
        if gone.folder is None:
            self.files.update(lambda state: without_entry(state, gone.id))
            return
        if not self.source.prune:
            if gone.status != "gone":
                self.record(replace(gone, status="gone"))
            return
        with self.files.entry_lock(gone.id) as held:
            if not held:
                return
            if gone.folder:
                self.remove_edition(gone.folder)
            self.files.update(lambda state: replace(without_entry(state, gone.id), feed_due=True))
        self.outcomes.append(EntryOutcome(gone.id, gone.link, gone.title, "pruned"))
        self.on_outcome(self.outcomes[-1])

    def remove_edition(self, folder: str) -> None:
        """The edition `folder` taken out of the output: its manifest first, so no feed lists
        it half removed."""
        place = Place.of(self.source.out)
        if isinstance(place, LocalPlace):
            path = Path(self.source.out) / folder
            if path.is_dir():
                retired = path.parent / staging.owned_name(folder, "old")
                path.rename(retired)
                shutil.rmtree(retired, ignore_errors=True)
        elif isinstance(place, UrlPlace):
            store = place.store.child(folder)
            store.remove(MANIFEST)
            for name in store.names("**"):
                store.remove(name)

    def record(self, entry: EntryState, *, feed_due: bool = False) -> None:
        """`entry` kept in the state; `feed_due`: its edition changed, the feed must follow."""
        self.files.update(
            lambda state: replace(with_entry(state, entry), feed_due=state.feed_due or feed_due)
        )

    def report(self, listed: Listed, status: str, problem: str | None = None,
               edition: str | None = None, title: str | None = None) -> None:  # fmt: skip
        """`listed`'s outcome told (`title`: the article's, when it has been read)."""
        outcome = EntryOutcome(listed.id, listed.link, title or listed.title, status, problem,
                               edition)  # fmt: skip
        self.outcomes.append(outcome)
        self.on_outcome(outcome)

    def finish(self, *, not_modified: bool, validators: Validators) -> FollowReport:
        """The state's validators kept (or dropped, when something waits) and the feed written
        when editions changed or it is missing."""
        keep = None if self.waiting else validators

        def checked(state: SourceState) -> SourceState:
            return replace(state, checked=utc_stamp(),
                           etag=keep.etag if keep else None,
                           last_modified=keep.last_modified if keep else None)  # fmt: skip

        state = self.files.update(checked)
        feed = None
        if state.feed_due or not self.feed_exists():  # a stopped run's editions: this one's
            feed = self.write_feed()
            if feed:
                self.files.update(lambda state: replace(state, feed_due=False))
        return FollowReport(self.source.url, not_modified, tuple(self.outcomes), feed)

    def feed_exists(self) -> bool:
        place = Place.of(self.source.out)
        if isinstance(place, UrlPlace):
            return place.store.exists("feed.xml")
        return (Path(self.source.out) / "feed.xml").is_file()

    def write_feed(self) -> str | None:
        """The podcast feed of the output folder, written again (newest first); None without
        a base URL (nowhere the episodes are published)."""
        from narrate.feed import build_feed

        if not self.source.base_url:
            return None
        show = self.source.podcast
        title = show.title or (self.listing.title if self.listing else None)
        return str(build_feed(self.source.out, base_url=self.source.base_url, title=title,
                              author=show.author, email=show.email, image=show.image,
                              category=show.category, description=show.description))  # fmt: skip


def _has_edition(record: EntryState | None) -> TypeGuard[EntryState]:
    """Whether the entry's edition was built (and is kept, though the source may have dropped
    the entry)."""
    return record is not None and record.status in ("built", "gone") and record.folder is not None


def _newest_first(entry: Listed) -> tuple[bool, float]:
    when = entry.date
    return (when is None, -(when or datetime.min.replace(tzinfo=UTC)).timestamp())


def _stamp(when: datetime | None) -> str | None:
    return utc_stamp(when) if when else None
