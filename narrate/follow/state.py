"""What `narrate follow` remembers of a source between runs, in one JSON file beside the output
(`OUT/.narrate-follow/<source>.json`; for an s3:// output, in the user's state folder): the
source's ETag and Last-Modified, and for each entry seen what the source said of it, the hash of
its text, its edition folder and how its last build went.

The file is written atomically, under the source's lock, re-read each time it is changed, so
two runs that build different entries both keep what they did. Each entry is built under its
own lock (`entry_lock`): a second run finds it held and leaves that entry to the first.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from narrate.errors import NarrateError
from narrate.fs import atomic_write_text
from narrate.locks import try_lock

SCHEMA = 1
FOLDER = ".narrate-follow"  # in the output folder; its dot keeps it out of the podcast feed
NOT_NAME = re.compile(r"[^a-z0-9.-]+")


class StateError(NarrateError):
    """A state file that cannot be read: damaged, or written by a newer narrate."""


@dataclass(frozen=True)
class EntryState:
    """One entry as the last run left it. `status`: built (its edition is `folder`), failed
    (`problem` says why; retried next run) or gone (no longer listed, edition kept)."""

    id: str
    link: str
    signature: str  # Listed.signature when last read
    status: str
    text_sha256: str | None = None
    folder: str | None = None  # the edition folder's name in the output
    published: str | None = None  # ISO 8601 UTC
    built: str | None = None  # when its edition was last built, ISO 8601 UTC
    problem: str | None = None
    failures: int = 0  # builds failed in a row
    title: str | None = None  # the article's, when built (a sitemap's entries have none)


@dataclass(frozen=True)
class SourceState:
    """A source's state: its validators for conditional requests and its entries by id."""

    source: str
    etag: str | None = None
    last_modified: str | None = None
    checked: str | None = None  # the last run's time, ISO 8601 UTC
    feed_due: bool = False  # editions changed since feed.xml was last written
    entries: dict[str, EntryState] = field(default_factory=dict)


def source_key(url: str) -> str:
    """A file name for the source `url`: its host and a hash of the whole address."""
    host = NOT_NAME.sub("-", (urlsplit(url).hostname or "source").lower()).strip("-.")
    return f"{host or 'source'}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}"


class StateFiles:
    """Where one source's state and locks live, in `folder`."""

    def __init__(self, folder: Path, url: str):
        self.folder = folder
        self.url = url
        self.key = source_key(url)
        self.path = folder / f"{self.key}.json"

    def load(self) -> SourceState:
        """The state, empty when there is none yet; StateError when it cannot be trusted."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return SourceState(self.url)
        except OSError as error:
            raise StateError(f"{self.path}: cannot read ({error.strerror})") from None
        try:
            return _parse(json.loads(text), self.url)
        except (ValueError, TypeError, KeyError) as error:
            raise StateError(f"{self.path} is damaged ({error}); remove it to start again "
                             "(every entry is then built anew)") from None  # fmt: skip

    def update(self, change: Callable[[SourceState], SourceState]) -> SourceState:
        """Re-read the state, apply `change` and write it atomically, under the source's lock."""
        with self._locked(self.folder / f"{self.key}.lock"):
            state = change(self.load())
            atomic_write_text(self.path, _dumps(state))
            return state

    @contextmanager
    def entry_lock(self, entry_id: str) -> Iterator[bool]:
        """The entry's lock: True when this run holds it, False when another run does."""
        name = hashlib.sha256(entry_id.encode("utf-8")).hexdigest()[:24]
        with try_lock(self.folder / f"{self.key}.locks" / f"{name}.lock") as held:
            yield held

    @contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def with_entry(state: SourceState, entry: EntryState) -> SourceState:
    """`state` with `entry` recorded (replacing the one with its id)."""
    return replace(state, entries={**state.entries, entry.id: entry})


def without_entry(state: SourceState, entry_id: str) -> SourceState:
    return replace(state, entries={k: v for k, v in state.entries.items() if k != entry_id})


def _dumps(state: SourceState) -> str:
    data = {"schema": SCHEMA, **asdict(state)}
    data["entries"] = [asdict(entry) for entry in state.entries.values()]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _parse(data: Any, url: str) -> SourceState:
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("schema") != SCHEMA:
        raise ValueError(f"schema {data.get('schema')!r}, this narrate writes {SCHEMA}")
    if data.get("source") != url:
        raise ValueError(f"it follows {data.get('source')!r}, not {url}")
    known = {f.name for f in fields(EntryState)}
    entries = {}
    for item in data["entries"]:
        entry = EntryState(**{k: v for k, v in item.items() if k in known})
        if not all(isinstance(v, str) for v in (entry.id, entry.link, entry.signature,
                                                  entry.status)):  # fmt: skip
            raise ValueError(f"an entry's id, link, signature or status is not text: {item}")
        entries[entry.id] = entry
    text = {name: data.get(name) for name in ("etag", "last_modified", "checked")}
    if not all(value is None or isinstance(value, str) for value in text.values()):
        raise ValueError("etag, last_modified or checked is not text")
    return SourceState(url, feed_due=data.get("feed_due") is True, entries=entries, **text)
