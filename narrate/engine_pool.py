"""Sentence synthesis in N engine processes on this machine (`--workers N`).

Each worker (`python -m narrate.engine_worker`, talking over its stdin and stdout) builds the
run's engine from its class and options, loads its voice once (`Engine.load`) and then speaks
one sentence at a time; the main process stitches, measures and writes. Workers start from
narrate's own module, never by importing the caller's main module again, so a plain script
needs no `if __name__ == "__main__":`; an engine defined in that script (which a worker
could not import) speaks in this process instead, and a warning says so. A worker ignores
Ctrl-C (the main process ends it), exits by itself when the main process is gone, and may use
at most `memory_mb` of data (an overrun fails its sentence with one clear error); one that
dies mid-run fails the sentence waiting on it with a clear error, never a hang.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from narrate import engine_worker
from narrate.child_process import child_env
from narrate.engine_worker import HELD_SIGNALS
from narrate.engines.base import Engine, EngineOptions
from narrate.errors import EngineError
from narrate.memory import MEMORY_MB, over_ceiling

log = logging.getLogger(__name__)

MB_PER_VOICE_PROCESS = 400  # a Piper voice process peaks at 350-480 MB; the default keeps room
STOP_WAIT_S = 5.0  # how long a stopped worker may take before it is killed


class WorkerLost(Exception):
    """A worker process ended without answering (killed, crashed, or the pool was closed)."""


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


def pool_for(
    engine: Engine, workers: int | None, memory_mb: int | None = MEMORY_MB
) -> EnginePool | None:
    """The process pool for a run with `engine`: None when the engine is not CPU-bound (a
    network engine has its own limit of requests at once), one worker was asked for, or the
    engine is defined where a worker cannot import it (said in a warning)."""
    count = default_workers() if workers is None else workers
    if count < 2 or not engine.cpu_bound:
        end_early()
        return None
    elsewhere = _not_importable(type(engine), type(engine.options))
    if elsewhere:
        end_early()
        log.warning("engine %r is defined in %s, which a worker process cannot import: it "
                    "speaks in this process, not in %d workers", engine.name, elsewhere, count)
        return None
    return EnginePool(type(engine), engine.options, count, memory_mb)


# What an engine process may import before it knows its engine's options, by engine name: the
# heavy part of its start (onnxruntime alone takes about 0.2 s), done while the main process
# still reads and scripts the article.
PRELOAD = {"piper": ("narrate.engines.piper", "piper", "onnxruntime")}
_early: list[subprocess.Popen[bytes]] = []  # started by start_early, not yet taken by a pool
_early_lock = threading.Lock()


def start_early(engine: str, workers: int | None) -> None:
    """Start the engine processes a run with `engine` (a name, as given) will want, now, so
    that they start Python and import the engine while this process reads and scripts the
    articles; the run's pool takes them (`EnginePool._start`). Only for an engine named
    outright that runs on the CPU: `auto` may choose a network engine, which needs none.
    Processes no pool takes are ended with the pool's close or at exit (`end_early`)."""
    from narrate.engines import ENGINES

    cls = ENGINES.get(engine)
    count = default_workers() if workers is None else workers
    if cls is None or not cls.cpu_bound or count < 2:
        return
    env = {**child_env(), "NARRATE_WORKER_PRELOAD": ",".join(PRELOAD.get(engine, ()))}
    with _early_lock, _held(set(HELD_SIGNALS)):
        if not _early:
            _early.extend(_spawn(env) for _ in range(count))


def _take_early(count: int) -> list[subprocess.Popen[bytes]]:
    """Up to `count` of the processes start_early started (the rest are ended)."""
    with _early_lock:
        taken = _early[:count]
        del _early[:count]
    end_early()
    return taken


def end_early() -> None:
    """End the processes `start_early` started that no pool took."""
    with _early_lock:
        ended = _early[:]
        _early.clear()
    for process in ended:
        process.kill()
        process.wait()
        for pipe in _pipes(process):
            pipe.close()


atexit.register(end_early)


def _spawn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """One engine process, talking over its stdin and stdout."""
    return subprocess.Popen([sys.executable, "-m", "narrate.engine_worker"], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip


def _not_importable(*classes: type) -> str | None:
    """Where the first of `classes` that a new process could not import by name is defined
    (the script being run, or inside a function); None when all can be imported."""
    for cls in classes:
        if cls.__module__ == "__main__":
            main = getattr(sys.modules["__main__"], "__file__", None)
            return f"the script being run ({Path(main).name})" if main else "__main__"
        if "<locals>" in cls.__qualname__:
            return f"a function ({cls.__qualname__})"
    return None


class EnginePool:
    """`workers` processes each speaking with its own `cls(options)`; started at the first
    sentence, so a run that finds every clip cached starts none. Sentences wait in one queue;
    a thread per worker hands it the next and collects its audio."""

    def __init__(self, cls: type[Engine], options: EngineOptions, workers: int,
                 memory_mb: int | None = MEMORY_MB):  # fmt: skip
        self.cls, self.options, self.workers, self.memory_mb = cls, options, workers, memory_mb
        self._jobs: queue.Queue[tuple[Future[Spoken], str] | None] = queue.Queue()
        self._processes: list[subprocess.Popen[bytes]] = []
        self._threads: list[threading.Thread] = []
        self._lost: BaseException | None = None  # once set, every sentence fails with it
        self._lock = threading.Lock()

    def submit(self, text: str) -> Future[Spoken]:
        """Speak `text` in the next free worker (the workers start at the first sentence)."""
        future: Future[Spoken] = Future()
        with self._lock:
            if not self._processes:
                self._start()
            if self._lost is not None:
                future.set_exception(self._lost)
                return future
            self._jobs.put((future, text))
        return future

    def _start(self) -> None:
        """Start the worker processes, with the stop signals held (see _held), and a thread
        for each (again after `close`: a pool may serve several runs)."""
        self._lost, self._jobs = None, queue.Queue()
        self._processes.extend(_take_early(self.workers))  # started while the article was read
        with _held(set(HELD_SIGNALS)):
            while len(self._processes) < self.workers:
                self._processes.append(_spawn(child_env()))
        for process in self._processes:
            thread = threading.Thread(target=self._serve, args=(process,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, process: subprocess.Popen[bytes]) -> None:
        """Hand `process` sentences until the queue ends or it is lost."""
        to_worker, from_worker = _pipes(process)
        try:
            engine_worker.send(to_worker, (sys.path, os.getpid()))
            engine_worker.send(to_worker, (self.cls, self.options, self.memory_mb))
            answer = engine_worker.receive(from_worker)
        except (EOFError, OSError):
            answer = None
        if answer is None or answer[0] != "ready":
            self._lose(_failure(answer, self.memory_mb) if answer else WorkerLost())
            return
        while (job := self._jobs.get()) is not None:
            future, text = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                engine_worker.send(to_worker, text)
                answer = engine_worker.receive(from_worker)
            except (EOFError, OSError):
                future.set_exception(WorkerLost())
                self._lose(WorkerLost())
                return
            if answer[0] == "ok":
                _, pcm, rate, loads = answer
                future.set_result(Spoken(pcm, rate, process.pid, loads))
                del pcm
            else:
                future.set_exception(_failure(answer, self.memory_mb))
            del job, future, answer  # the audio is the caller's now: nothing here keeps it

    def _lose(self, error: BaseException) -> None:
        """Fail every waiting sentence, and every later one, with `error`."""
        with self._lock:
            self._lost = self._lost or error
            ends = 0
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    ends += 1
                elif job[0].set_running_or_notify_cancel():
                    job[0].set_exception(self._lost)
            for _ in range(ends):
                self._jobs.put(None)

    def close(self) -> None:
        """Stop every worker now (a sentence being spoken is dropped) and wait for them."""
        end_early()  # a run that needed no sentence spoken never took them
        processes, self._processes = self._processes, []
        if not processes:
            return
        self._lose(WorkerLost())
        for _ in processes:
            self._jobs.put(None)
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for thread in self._threads:
            thread.join()
        for process in processes:
            for pipe in _pipes(process):
                try:
                    pipe.close()
                except OSError:  # a request half-written to a worker now gone
                    pass
        self._threads = []

    def __enter__(self) -> EnginePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()




def _failure(answer: tuple[str, Any], memory_mb: int | None) -> BaseException:
    """The exception a worker's answer stands for."""
    kind, detail = answer
    if kind == "memory":
        return EngineError(over_ceiling(memory_mb))
    if kind == "text":
        return EngineError(detail)
    error: BaseException = detail  # "error": the exception itself, unpickled
    return error


def _pipes(process: subprocess.Popen[bytes]) -> tuple[IO[bytes], IO[bytes]]:
    """A worker's stdin and stdout, which `_start` always opens as pipes."""
    if process.stdin is None or process.stdout is None:
        raise ValueError("a worker process was started without its pipes")
    return process.stdin, process.stdout


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
