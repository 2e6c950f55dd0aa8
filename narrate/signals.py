"""Stop signals as interruptions: SIGINT, SIGTERM and SIGHUP all unwind the build the same way.

`install()` makes each of them raise `Interrupted` in the main thread (a KeyboardInterrupt,
so every `except BaseException` clean-up runs: the staging folder goes, nothing is published);
a second signal while that clean-up runs is ignored, so it finishes. The exit status is the
shell's 128 + the signal number: 130, 143, 129.
"""

from __future__ import annotations

import signal
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _stop(signum: int, frame: FrameType | None) -> None:
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)  # the clean-up that follows is not interrupted
    raise Interrupted(signum)


def install() -> None:
    """Route the stop signals to `Interrupted` (call once, from the main thread)."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, _stop)


def as_interrupted(error: KeyboardInterrupt) -> Interrupted:
    """A plain KeyboardInterrupt (Ctrl-C before `install`) as an Interrupted by SIGINT."""
    return error if isinstance(error, Interrupted) else Interrupted(signal.SIGINT)


def message(error: KeyboardInterrupt, *, building: bool = True) -> str:
    """The one line said when a run is stopped (a build also says nothing was published)."""
    stopped = as_interrupted(error)
    how = "interrupted" if stopped.signum == signal.SIGINT else f"stopped by {stopped.name}"
    said = f"narrate: {how}"
    return f"{said}; the edition in progress was not written" if building else said
