"""What mastering keeps between builds of the same programme, beside the clip cache.

`<folder>/<key>.json` holds the loudness scan and the gain, then what the render measured and
its length; `<key>.<digest of the gain and the encoder options>` beside it, each file the
render encoded, as it came out of ffmpeg (untagged: the writers tag a copy). The key covers
everything that decides the sound, so a rebuild of unchanged audio copies the encoded files
instead of measuring, fitting and rendering again; a file rendered with another gain is
never taken. A damaged or partial entry counts as none. Entries are never pruned: deleting
the folder only costs time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from narrate.errors import OutputError
from narrate.ffmpeg import Output
from narrate.model import Loudness
from narrate.writers.atomic import atomic_path, atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    """One programme's mastering: the scan and gain, and once rendered, what came out."""

    before: Loudness
    gain_db: float
    after: Loudness | None = None
    duration_ms: int | None = None

    @property
    def rendered(self) -> bool:
        return self.after is not None and self.duration_ms is not None


def programme_key(inputs: Sequence[Path], settings: object) -> str:
    """A key for the programme made of `inputs` (their bytes) mastered with `settings` (a
    repr-stable value naming the targets, the limiter, the fit and the ffmpeg build)."""
    digest = hashlib.sha256(repr(settings).encode())
    for path in inputs:
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


class MasterMemo:
    """The kept mastering of one programme (`key`) in `folder`; writing it never fails a build."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key

    def recall(self) -> Kept | None:
        """The kept scan and gain (and render, if kept), or None."""
        try:
            entry = json.loads(self._entry().read_text(encoding="utf-8"))
            before = _loudness(entry["input"])
            gain = float(entry["gain_db"])
            after = _loudness(entry["output"]) if "output" in entry else None
            duration = int(entry["duration_ms"]) if "duration_ms" in entry else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if not math.isfinite(gain) or math.isnan(before.integrated_lufs):
            return None
        return Kept(before, gain, after, duration)

    def remember(self, kept: Kept, outputs: Sequence[Output] = ()) -> None:
        """Keep `kept` and a copy of each of `outputs` (encoded by the render that `kept`
        describes) for the next build of the same programme."""
        entry: dict = {"input": asdict(kept.before), "gain_db": kept.gain_db}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if kept.rendered:
                for output in outputs:
                    kept_file = self._encoded(output, kept.gain_db)
                    if not kept_file.exists():  # else the same render, kept already
                        with atomic_path(kept_file) as tmp:
                            shutil.copyfile(output.path, tmp)
                entry |= {"output": asdict(kept.after), "duration_ms": kept.duration_ms}
            atomic_write_text(self._entry(), json.dumps(entry))
        except (OSError, OutputError) as error:  # costs time next build, not this edition
            log.debug("cannot keep the mastering of %s in %s: %s", self.key, self.folder, error)

    def restore(self, outputs: Sequence[Output], gain_db: float) -> bool:
        """Copy every one of `outputs`, as kept from a render with `gain_db`, to its path;
        False (and nothing left behind) when any is missing."""
        done: list[Path] = []
        try:
            for output in outputs:
                shutil.copyfile(self._encoded(output, gain_db), output.path)
                done.append(output.path)
        except OSError:
            for path in done:
                path.unlink(missing_ok=True)
            return False
        return True

    def _entry(self) -> Path:
        return self.folder / f"{self.key}.json"

    def _encoded(self, output: Output, gain_db: float) -> Path:
        render = hashlib.sha256(repr((gain_db, output.options)).encode()).hexdigest()[:16]
        return self.folder / f"{self.key}.{render}"


def _loudness(values: dict) -> Loudness:
    return Loudness(**{k: float(v) for k, v in values.items()})
