"""Run-wide controls shared by synthesis threads: an adjustable limit and a stop signal."""

from __future__ import annotations

import threading


class Limiter:
    """A semaphore whose size can be lowered while threads use it (e.g. halved on HTTP 429)."""

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("size must be at least 1")
        self._size = size
        self._in_use = 0
        self._cond = threading.Condition()

    @property
    def size(self) -> int:
        return self._size

    def halve(self) -> int:
        """Halve the limit, never below 1; returns the new limit."""
        with self._cond:
            self._size = max(1, self._size // 2)
            return self._size

    def __enter__(self) -> Limiter:
        with self._cond:
            while self._in_use >= self._size:
                self._cond.wait()
            self._in_use += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._in_use -= 1
            self._cond.notify_all()


class RunControl:
    """What every synthesis thread of one run shares: the request limiter and a stop event."""

    def __init__(self, jobs: int = 1):
        self.limiter = Limiter(jobs)
        self.stop = threading.Event()

    def sleep(self, seconds: float) -> bool:
        """Wait `seconds` unless the run is stopped; True if the run was stopped."""
        return self.stop.wait(seconds)
