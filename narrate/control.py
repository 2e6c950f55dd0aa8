"""Run-wide controls shared by synthesis threads: an adjustable limit, a stop signal, and a
pause that other processes may share (a cluster's workers backing off Google together)."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class SharedPause(Protocol):
    """A time (time.time()) before which no request may start, shared beyond this process
    (narrate.cluster keeps it in a Dask Variable)."""

    def until(self) -> float: ...

    def extend(self, until: float) -> None: ...


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

    def __init__(self, jobs: int = 1, pause: SharedPause | None = None):
        self.limiter = Limiter(jobs)
        self.stop = threading.Event()
        self.pause = pause  # None: this process's threads share the limiter alone
        self._asked = threading.local()  # the pause this thread asked for (and sleeps itself)

    def pause_all(self, seconds: float) -> None:
        """Ask every process sharing the pause to send nothing for `seconds` (after a 429)."""
        if self.pause is not None:
            self._asked.until = time.time() + seconds
            self.pause.extend(self._asked.until)

    def wait_for_pause(self) -> bool:
        """Wait out a pause another thread or process asked for; True if the run was stopped."""
        if self.pause is None:
            return False
        until = self.pause.until()
        if until <= getattr(self._asked, "until", 0.0):
            return False  # its own: this thread already slept it
        remaining = until - time.time()
        return self.sleep(remaining) if remaining > 0 else False

    def sleep(self, seconds: float) -> bool:
        """Wait `seconds` unless the run is stopped; True if the run was stopped."""
        return self.stop.wait(seconds)
