"""A lock file taken without waiting: whether this process now holds it, or another one does
(a voice being added, an entry of a followed feed being built). The lock is the kernel's
(`flock`), so it goes with the process that held it, however that process ends."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def try_lock(path: Path) -> Iterator[bool]:
    """Hold the lock on `path` (made with its folder when missing): True while this process
    holds it, False at once when another process does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
