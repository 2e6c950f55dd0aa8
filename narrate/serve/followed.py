"""The sources the web app follows (feeds and sitemaps), kept in one JSON file in the server's
state folder (`.narrate-serve/followed.json`): each source's address, voice, whether it is
paused, how its last poll went, and the library edition (a job) made from each of its entries.

What `narrate follow` itself remembers of a source (entries seen, hashes, ETag) is its own state
(narrate.follow.state), kept beside this file in `.narrate-serve/follow/`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from narrate.fs import atomic_write_text

log = logging.getLogger(__name__)
SCHEMA = 1
FILENAME = "followed.json"


@dataclass(frozen=True)
class EntryRef:
    """An entry of a followed source as the web app knows it: its title (from the last poll
    that saw it) and the job id of its edition in the library, once built."""

    title: str | None = None
    job: str | None = None


@dataclass(frozen=True)
class FollowedSource:
    """One followed source. `next_poll` is when the poller next reads it (None: paused);
    `last_result` the last poll in one line (counts by status), `problem` why it failed."""

    id: str
    url: str
    engine: str = "auto"
    voice: str | None = None
    added: float = 0.0
    paused: bool = False
    last_polled: float | None = None
    next_poll: float | None = None
    last_result: str | None = None
    problem: str | None = None
    entries: dict[str, EntryRef] = field(default_factory=dict)
    callback_url: str | None = None  # where each built entry's webhook goes (source_hooks)
    last_delivery: dict[str, Any] | None = None  # its state, attempts, last status, error


class FollowedSources:
    """The followed sources of one library; every change is written at once, atomically."""

    def __init__(self, state: Path):
        self.path = state / FILENAME
        self._lock = threading.Lock()
        self._sources = self._load()

    def all(self) -> list[FollowedSource]:
        """Every source, oldest first."""
        with self._lock:
            return sorted(self._sources.values(), key=lambda source: source.added)

    def get(self, source_id: str) -> FollowedSource | None:
        with self._lock:
            return self._sources.get(source_id)

    def by_url(self, url: str) -> FollowedSource | None:
        with self._lock:
            return next((s for s in self._sources.values() if s.url == url), None)

    def add(self, source: FollowedSource) -> FollowedSource:
        with self._lock:
            self._sources[source.id] = source
            self._save()
        return source

    def change(
        self, source_id: str, how: Callable[[FollowedSource], FollowedSource]
    ) -> FollowedSource | None:
        """Apply `how` to the source and keep it; None when it is gone (removed meanwhile)."""
        with self._lock:
            source = self._sources.get(source_id)
            if source is None:
                return None
            source = self._sources[source_id] = how(source)
            self._save()
            return source

    def remove(self, source_id: str) -> bool:
        with self._lock:
            found = self._sources.pop(source_id, None) is not None
            if found:
                self._save()
            return found

    def due(self, now: float) -> list[FollowedSource]:
        """The unpaused sources whose next poll has come, the most overdue first."""
        with self._lock:
            ready = [
                s
                for s in self._sources.values()
                if not s.paused and s.next_poll is not None and s.next_poll <= now
            ]
        return sorted(ready, key=lambda source: source.next_poll or 0.0)

    def next_due(self) -> float | None:
        """When the next unpaused source is due (None: none is)."""
        with self._lock:
            times = [
                s.next_poll
                for s in self._sources.values()
                if not s.paused and s.next_poll is not None
            ]
        return min(times) if times else None

    def _save(self) -> None:
        data = {"schema": SCHEMA, "sources": [asdict(s) for s in self._sources.values()]}
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def _load(self) -> dict[str, FollowedSource]:
        """The sources in the file; a damaged file is set aside (kept, named in the log)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            return {source.id: source for source in map(_source, _listed(json.loads(text)))}
        except (ValueError, TypeError, KeyError) as error:
            aside = self.path.with_name(f"{FILENAME}.set-aside-{time.strftime('%Y%m%d-%H%M%S')}")
            self.path.replace(aside)
            log.warning(
                "the followed sources could not be read (%s); the file is kept as %s", error, aside
            )
            return {}


def _listed(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError(f"not a schema {SCHEMA} list of sources")
    sources = data["sources"]
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ValueError("its sources are not a list of objects")
    return sources


def _source(item: dict[str, Any]) -> FollowedSource:
    known = {f.name for f in fields(FollowedSource)}
    values = {k: v for k, v in item.items() if k in known}
    listed = values.pop("entries", {})
    if not isinstance(listed, dict):
        raise ValueError(f"a source's entries are not an object: {item}")
    source = FollowedSource(**values)
    if not isinstance(source.id, str) or not isinstance(source.url, str):
        raise ValueError(f"a source's id or address is not text: {item}")
    return replace(source, entries={str(k): EntryRef(**v) for k, v in listed.items()})
