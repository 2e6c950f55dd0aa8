"""Sentence synthesis in N engine processes on this machine (`--workers N`).

Each worker process builds the run's engine from its class and options, loads its voice once
(`Engine.load`) and then speaks one sentence at a time; the main
process stitches, measures and writes. The pool is concurrent.futures' ProcessPoolExecutor
(spawned processes: the main process may already run onnxruntime's or ffmpeg's threads, which
a fork would copy half-alive). A worker ignores Ctrl-C (the main process ends it) and exits
by itself when the main process is gone, so no run leaves processes behind; one that dies
mid-run breaks the pool, and the sentence waiting on it fails with a clear error, never a hang.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from narrate import _compat
from narrate.engines.base import Engine, EngineOptions

log = logging.getLogger(__name__)

MB_PER_VOICE_PROCESS = 400  # a Piper voice process peaks at 350-380 MB; the default keeps room
ORPHAN_CHECK_S = 0.5  # how often a worker looks whether the main process is still there
# what a terminal sends the whole process group; the main process stops the pool itself
# (SIGTERM stays deliverable: it is how the pool ends a worker)
HELD_SIGNALS = {signal.SIGINT, signal.SIGHUP}

_engine: Engine | None = None  # the worker process's engine, built once by _start_worker


@dataclass(frozen=True)
class Spoken:
    """One sentence's audio from a worker, and who made it (for reports and tests)."""

    pcm: bytes  # mono 16-bit
    frame_rate: int
    pid: int
    voice_loads: int  # how many times that process has loaded its voice


def cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """The number of cores, but no more voice processes than the available memory holds at
    MB_PER_VOICE_PROCESS each; at least 1."""
    import psutil

    by_memory = psutil.virtual_memory().available // (MB_PER_VOICE_PROCESS * 1024 * 1024)
    return max(1, min(cores(), int(by_memory)))


def pool_for(engine: Engine, workers: int | None) -> EnginePool | None:
    """The process pool for a run with `engine`: None when the engine is not CPU-bound (a
    network engine has its own limit of requests at once) or one worker was asked for."""
    count = default_workers() if workers is None else workers
    if count < 2 or not engine.cpu_bound:
        return None
    return EnginePool(type(engine), engine.options, count)


class EnginePool:
    """`workers` processes each speaking with its own `cls(options)`; started at the first
    sentence, so a run that finds every clip cached starts none."""

    def __init__(self, cls: type[Engine], options: EngineOptions, workers: int):
        self.cls, self.options, self.workers = cls, options, workers
        self._executor: ProcessPoolExecutor | None = None
        self._submitted = 0

    def submit(self, text: str) -> Future[Spoken]:
        """Speak `text` in the next free worker (started here, the first `workers` times)."""
        self._submitted += 1
        with _held(HELD_SIGNALS) if self._submitted <= self.workers else nullcontext():
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.cls, self.options, os.getpid()),
                )
            return self._executor.submit(_speak, text)

    def close(self) -> None:
        """Stop every worker now (a sentence being spoken is dropped) and wait for them."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        _compat.end_pool_processes(executor)

    def __enter__(self) -> EnginePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def _held(signals: set[signal.Signals]) -> Iterator[None]:
    """`signals` ignored by the processes started meanwhile, from their first instruction (a
    process spawned with a signal ignored keeps it so, and Python then leaves it), and held
    back here: one that comes meanwhile reaches this process's own handler when the block
    ends (only in the microseconds between blocking and ignoring would it be lost). Only the
    main thread may change handlers; elsewhere they are only held back."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    handlers = {}
    try:
        if threading.current_thread() is threading.main_thread():
            handlers = {stop: signal.signal(stop, signal.SIG_IGN) for stop in signals}
        yield
    finally:
        for stop, handler in handlers.items():
            signal.signal(stop, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _start_worker(cls: type[Engine], options: EngineOptions, parent: int) -> None:
    """In a new worker: ignore the stop signals meant for the main process, watch it, and
    build the engine with its voice loaded."""
    global _engine
    for stop in HELD_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _engine = cls(options)
    _engine.load()


def _exit_with(parent: int) -> None:
    """End this worker once the main process is gone (killed), instead of waiting forever."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(1)


def _speak(text: str) -> Spoken:
    """One sentence, in a worker."""
    assert _engine is not None, "the worker's initializer builds the engine"
    audio = _engine.synthesize(text)
    return Spoken(audio.raw_data, audio.frame_rate, os.getpid(), _engine.voice_loads())
