"""What mastering keeps between builds of the same programme, beside the clip cache.

`<folder>/<key>.json` holds the loudness scan, the gain and the limiter's ceiling, then what
the render measured (the master's loudness, the encoded audio's highest true peak) and its
length, the length and BLAKE2b digest of every encoded file it kept, and a digest of itself;
`<key>.<digest of the gain, the ceiling and the encoder options>` beside it, each file the
render encoded, as it came out of ffmpeg (untagged: the writers tag a copy). The key covers
everything that decides the sound, so a rebuild of unchanged audio copies the encoded files
instead of measuring, fitting and rendering again; a file rendered with another gain or
ceiling is never taken. An entry that fails its checks (edited, truncated, replaced) is
reported once, deleted with its files, and made again; an entry from before the checks is
dropped quietly.
Reading an entry marks it used (its modification time), which `narrate cache prune` goes by.
A memo shared at a URL (`remote`, narrate.storage) is mirrored in the folder: an entry missing
there is fetched from the store with its files, and a new one is uploaded, its files first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from narrate import checksum
from narrate.checksum import Fingerprint
from narrate.errors import OutputError
from narrate.ffmpeg import Output
from narrate.fs import atomic_path, atomic_write_text
from narrate.model import Loudness
from narrate.storage import Store

log = logging.getLogger(__name__)
DIGEST = "blake2b"


@dataclass(frozen=True)
class MasteringRecord:
    """One programme's mastering: the scan and gain, and once rendered, what came out."""

    before: Loudness
    gain_db: float
    after: Loudness | None = None
    duration_ms: int | None = None
    ceiling_dbtp: float | None = None  # the limiter's, when lowered for the encoded audio's peaks
    encoded_peak_dbtp: float | None = None  # the highest true peak of the encoded audio

    @property
    def rendered(self) -> bool:
        return self.after is not None and self.duration_ms is not None

    def rendered_as(self) -> tuple[Loudness, int]:
        """What the render made: its loudness and length in ms; ValueError before it."""
        if self.after is None or self.duration_ms is None:
            raise ValueError("the programme has not been rendered")
        return self.after, self.duration_ms


def programme_key(inputs: Sequence[Path], settings: object) -> str:
    """A key for the programme made of `inputs` (their bytes) mastered with `settings` (a
    repr-stable value naming the targets, the limiter, the fit and the ffmpeg build)."""
    digest = hashlib.sha256(repr(settings).encode())
    for path in inputs:
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


class DamagedEntry(ValueError):
    """A memo entry that fails its checks; the message says how."""


def _sealed(entry: dict[str, Any]) -> str:
    """The entry as JSON with a digest of its own content."""
    body = json.dumps(entry, sort_keys=True)
    return json.dumps({**entry, DIGEST: hashlib.blake2b(body.encode()).hexdigest()})


def read_entry(path: Path) -> dict[str, Any] | None:
    """The checked content of the memo entry at `path`; None for an entry from before the
    checks; DamagedEntry when it fails them (OSError when it cannot be read)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DamagedEntry(f"is not JSON ({error})") from None
    if not isinstance(entry, dict):
        raise DamagedEntry("is not a JSON object")
    if DIGEST not in entry:
        return None
    sealed = entry.pop(DIGEST)
    if hashlib.blake2b(json.dumps(entry, sort_keys=True).encode()).hexdigest() != sealed:
        raise DamagedEntry("was changed since it was written (digest mismatch)")
    return entry


class MasterMemo:
    """The kept mastering of one programme (`key`) in `folder`; writing it never fails a build."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key
        self._files: dict[str, Fingerprint] = {}
        self.remote: Store | None = None

    def _pull(self) -> None:
        """Fetch this programme's entry and files from the shared store, when not here."""
        if self.remote is None or self._entry().exists():
            return
        try:
            for name in self.remote.names(f"{self.key}.*"):
                if name != self._entry().name:
                    self.remote.download(name, self.folder / name)
            self.remote.download(self._entry().name, self._entry())  # the entry last
        except (OSError, OutputError) as error:
            log.debug("cannot fetch the mastering of %s from %s: %s", self.key,
                      self.remote.url, error)  # fmt: skip

    def _push(self, names: Sequence[str]) -> None:
        """Upload `names` of this entry (its files, then the entry) to the shared store."""
        if self.remote is None:
            return
        for name in (*names, self._entry().name):
            self.remote.upload(self.folder / name, name)

    def recall(self) -> MasteringRecord | None:
        """The kept scan and gain (and render, if kept), or None (a damaged entry is reported
        and deleted)."""
        path = self._entry()
        self._pull()
        try:
            entry = read_entry(path)
            if entry is None:
                self.forget()
                return None
            before = _loudness(entry["input"])
            gain = float(entry["gain_db"])
            after = _loudness(entry["output"]) if "output" in entry else None
            duration = int(entry["duration_ms"]) if "duration_ms" in entry else None
            ceiling = _optional_float(entry.get("ceiling_dbtp"))
            encoded_peak = _optional_float(entry.get("encoded_peak_dbtp"))
            self._files = {
                name: Fingerprint(int(f["bytes"]), str(f[DIGEST]))
                for name, f in entry.get("files", {}).items()
            }
        except OSError:
            return None
        except (DamagedEntry, ValueError, KeyError, TypeError, AttributeError) as error:
            self._damaged(f"{path} {error}")
            return None
        if not math.isfinite(gain) or math.isnan(before.integrated_lufs):
            self._damaged(f"{path} holds a gain or loudness that is not a number")
            return None
        try:
            os.utime(path)
        except OSError:
            pass
        return MasteringRecord(before, gain, after, duration, ceiling, encoded_peak)

    def remember(self, record: MasteringRecord, outputs: Sequence[Output] = ()) -> None:
        """Keep `record` and a copy of each of `outputs` (encoded by the render that `record`
        describes) for the next build of the same programme."""
        entry: dict[str, Any] = {
            "input": asdict(record.before),
            "gain_db": record.gain_db,
            "ceiling_dbtp": record.ceiling_dbtp,
            "encoded_peak_dbtp": record.encoded_peak_dbtp,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if record.rendered:
                files = {}
                for output in outputs:
                    kept_file = self._encoded(output, record)
                    with atomic_path(kept_file) as tmp:
                        found = checksum.copy(output.path, tmp)
                    files[kept_file.name] = {"bytes": found.size, DIGEST: found.blake2b}
                after, duration_ms = record.rendered_as()
                entry |= {
                    "output": asdict(after),
                    "duration_ms": duration_ms,
                    "files": files,
                }
            atomic_write_text(self._entry(), _sealed(entry))
            self._push(sorted(entry.get("files", {})))
        except (OSError, OutputError) as error:  # costs time next build, not this edition
            log.debug("cannot keep the mastering of %s in %s: %s", self.key, self.folder, error)

    def restore(self, outputs: Sequence[Output], record: MasteringRecord) -> bool:
        """Copy every one of `outputs`, as kept from the render `record` describes, to its
        path; False (and nothing left behind) when any is missing or damaged."""
        done: list[Path] = []
        try:
            for output in outputs:
                kept_file = self._encoded(output, record)
                expected = self._files.get(kept_file.name)
                if expected is None:
                    raise FileNotFoundError(kept_file)
                done.append(output.path)
                found = checksum.copy(kept_file, output.path)
                if found != expected:
                    self._damaged(
                        f"{kept_file} holds {found.size} bytes where {expected.size} were "
                        "kept" if found.size != expected.size else f"{kept_file} was changed "
                        "since it was kept (digest mismatch)"
                    )  # fmt: skip
                    raise FileNotFoundError(kept_file)
        except OSError:
            for path in done:
                path.unlink(missing_ok=True)
            return False
        return True

    def forget(self) -> None:
        """Delete this programme's entry and every file kept with it."""
        for path in self.folder.glob(f"{self.key}.*"):
            path.unlink(missing_ok=True)
        if self.remote is not None:
            for name in self.remote.names(f"{self.key}.*"):
                self.remote.remove(name)

    def _damaged(self, what: str) -> None:
        log.warning("damaged mastering memo entry, measured again: %s", what)
        self.forget()

    def _entry(self) -> Path:
        return self.folder / f"{self.key}.json"

    def _encoded(self, output: Output, record: MasteringRecord) -> Path:
        """Where `output` of the render `record` describes (its gain and ceiling) is kept."""
        made_by = (record.gain_db, record.ceiling_dbtp, output.options)
        render = hashlib.sha256(repr(made_by).encode()).hexdigest()[:16]
        return self.folder / f"{self.key}.{render}"


def _loudness(values: dict[str, Any]) -> Loudness:
    return Loudness(**{k: float(v) for k, v in values.items()})


def _optional_float(value: Any) -> float | None:
    """A kept number, or None when the entry holds none; ValueError when it is not finite."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number
