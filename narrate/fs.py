"""Files and folders that appear whole: write to a hidden temp name beside the target, then
rename onto it. A reader never sees a half-written file, and a failed write leaves the old file
untouched. The one place narrate writes atomically (clip cache, mastering memo, writers, feed).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from narrate.errors import OutputError


def _temp_name(path: Path) -> Path:
    """A fresh hidden name in the target's folder, so the final rename stays on one filesystem."""
    return path.with_name(f".{path.name}.tmp-{secrets.token_hex(6)}")


def _fsync(path: Path) -> None:
    """Flush the file's data to disk before it replaces the old one."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temp path (not yet created) that replaces `path` if the block succeeds.

    The block must create the temp file (a tool such as ffmpeg may write it). On any exception
    the temp file is removed and the exception propagates; `path` is left as it was.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create folder {path.parent}: {e.strerror or e}") from e
    tmp = _temp_name(path)
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError(f"{path.name} was not written: the writer produced no file")
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write `data` to `path` (whose folder exists) through a temp file; an OSError names `path`.

    `sync=False` skips the fsync, for caches whose entries are checked when read.
    """
    tmp = _temp_name(Path(path))
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically; return `path`."""
    try:
        with atomic_path(path) as tmp, open(tmp, "xb") as f:
            f.write(data)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from e
    return Path(path)


def atomic_write_text(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 with Unix newlines to `path` atomically; return `path`."""
    return atomic_write_bytes(path, text.encode("utf-8"))
