"""`narrate cache verify` and `narrate cache prune`: check every stored clip and mastering
memo entry, and remove what has not been used for a while."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from narrate import checksum
from narrate.cache import ClipCache, clip_problem, remove_clip
from narrate.checksum import Fingerprint
from narrate.errors import BadOption
from narrate.master_memo import DIGEST, DamagedEntry, read_entry

log = logging.getLogger(__name__)
MEMO = "mastering"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
LEFTOVER_AGE_S = 86400  # a temporary file this old belongs to no running build


@dataclass
class Report:
    """What a pass over the cache found and did."""

    clips: int = 0
    entries: int = 0
    removed: list[str] = field(default_factory=list)
    freed_bytes: int = 0

    def drop(self, path: Path, why: str) -> None:
        try:
            self.freed_bytes += path.stat().st_size
        except OSError:
            pass
        self.removed.append(f"{path}: {why}")


def parse_age(text: str) -> float:
    """'30d' → seconds; units s, m, h, d, w."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*", text)
    if not match:
        raise BadOption(f"{text!r}: give a number and a unit, e.g. 30d, 12h, 2w")
    return float(match[1]) * UNITS[match[2]]


def verify(root: Path) -> Report:
    """Check every clip against its sidecar and every memo entry against its digests;
    delete what fails, with what was wrong."""
    report = Report()
    for clip in ClipCache(root).clips():
        report.clips += 1
        problem = clip_problem(clip)
        if problem:
            report.drop(clip, problem)
            remove_clip(clip)
    memo = root / MEMO
    for entry in sorted(memo.glob("*.json")) if memo.is_dir() else ():
        report.entries += 1
        problem = _entry_problem(entry)
        if problem:
            report.drop(entry, problem)
            _remove_entry(entry)
    _remove_orphans(memo, report)
    return report


def prune(root: Path, older_than_s: float) -> Report:
    """Remove clips and memo entries not used for `older_than_s` seconds, and temporary
    files that no running build owns."""
    cutoff = time.time() - older_than_s
    report = Report()
    for clip in ClipCache(root).clips():
        report.clips += 1
        if _mtime(clip) < cutoff:
            report.drop(clip, "unused")
            remove_clip(clip)
    memo = root / MEMO
    for entry in sorted(memo.glob("*.json")) if memo.is_dir() else ():
        report.entries += 1
        if _mtime(entry) < cutoff:
            for path in memo.glob(f"{entry.stem}.*"):
                report.drop(path, "unused")
            _remove_entry(entry)
    for leftover in root.rglob(".*.tmp*"):
        if leftover.is_file() and _mtime(leftover) < time.time() - LEFTOVER_AGE_S:
            report.drop(leftover, "left by an interrupted build")
            leftover.unlink(missing_ok=True)
    _remove_orphans(memo, report)
    return report


def _entry_problem(entry: Path) -> str | None:
    try:
        content = read_entry(entry)
    except DamagedEntry as error:
        return str(error)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if content is None:
        return "kept by an older narrate without checks"
    for name, kept in (content.get("files") or {}).items():
        path = entry.with_name(name)
        try:
            expected = Fingerprint(int(kept["bytes"]), str(kept[DIGEST]))
            found = checksum.of_file(path)
        except (KeyError, TypeError, ValueError):
            return f"lists {name} without its length and digest"
        except OSError:
            return f"lists {name}, which is missing"
        if found != expected:
            return f"{name} was changed since it was kept"
    return None


def _remove_entry(entry: Path) -> None:
    for path in entry.parent.glob(f"{entry.stem}.*"):
        path.unlink(missing_ok=True)


def _remove_orphans(memo: Path, report: Report) -> None:
    """Encoded files whose entry is gone (a build stopped between the two)."""
    if not memo.is_dir():
        return
    keys = {entry.stem for entry in memo.glob("*.json")}
    for path in memo.iterdir():
        if path.is_file() and not path.name.startswith(".") and path.suffix != ".json":
            if path.name.split(".")[0] not in keys:
                report.drop(path, "kept without its memo entry")
                path.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()
