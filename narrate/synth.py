"""Synthesis: cache lookup, parallel engine calls (threads bounded by the engine, or the
run's engine processes), in cue order."""

from __future__ import annotations

import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass

from narrate._pydub import AudioSegment
from narrate.cache import ClipCache
from narrate.engine_pool import EnginePool, Spoken, WorkerLost
from narrate.engine_worker import say
from narrate.engines.base import Engine
from narrate.errors import EngineError
from narrate.memory import out_of_memory, over_ceiling
from narrate.model import Clip, Cue, Script
from narrate.wav import wav_duration_ms

Progress = Callable[[int, int, Cue], None]
TAIL_SHARE = 0.4  # of the text spoken longest sentence first (speaking_order)


@dataclass(frozen=True)
class WorkerReport:
    """What one engine process did in a pass: its clips, and its voice loads so far."""

    pid: int
    clips: int
    voice_loads: int


@dataclass(frozen=True)
class SynthesisReport:
    """What one synthesis pass did: clips in cue order, how many came from the engine, and
    (with an engine pool) which processes made them."""

    clips: tuple[Clip, ...]
    synthesized: int
    from_cache: int
    workers: tuple[WorkerReport, ...] = ()


def anything_to_synthesize(script: Script, engine: Engine, cache: ClipCache) -> bool:
    """Whether a cue of `script` has no clip in the cache yet."""
    return any(cache.get(engine.cache_key(cue.spoken)) is None for cue in script.cues)


def synthesize(
    script: Script,
    engine: Engine,
    cache: ClipCache,
    *,
    on_progress: Progress | None = None,
    on_clip: Callable[[Clip], None] | None = None,
    pool: EnginePool | None = None,
) -> SynthesisReport:
    """A clip for every cue: cached ones at once, the rest from the engine in parallel (in
    `pool`'s processes when there is one, else in threads as the engine allows).

    Identical spoken text is synthesized once. Each clip is cached the moment it arrives, so
    an interrupted run resumes with only the missing ones. The first engine error stops
    every worker and is raised naming the chapter and the sentence. `on_clip` gets every
    clip in cue order as soon as it and all before it are ready, so the programme can be
    stitched while the engine is still speaking.
    """
    keys = [engine.cache_key(cue.spoken) for cue in script.cues]
    todo: dict[str, Cue] = {}
    for cue, key in zip(script.cues, keys, strict=True):
        if cache.get(key) is None:
            todo.setdefault(key, cue)
    pending = set(todo)
    clips: list[Clip] = []

    def release() -> None:
        while len(clips) < len(keys) and keys[len(clips)] not in pending:
            cue, path = script.cues[len(clips)], cache.path_for(keys[len(clips)])
            clips.append(Clip(cue.id, path, wav_duration_ms(path)))
            if on_clip:
                on_clip(clips[-1])

    uses = Counter(keys)  # cues per key: a repeated sentence is spoken once, used often
    total = len(keys)
    cached = done = total - sum(uses[key] for key in todo)
    if on_progress and script.cues:
        on_progress(done, total, script.cues[0])
    release()
    workers: dict[int, WorkerReport] = {}
    run = _run_in_pool(pool, cache, todo, workers) if pool else _run_parallel(engine, cache, todo)
    for key, cue in run:
        done += uses[key]
        pending.discard(key)
        if on_progress:
            on_progress(done, total, cue)
        release()
    return SynthesisReport(
        tuple(clips), synthesized=len(todo), from_cache=cached, workers=tuple(workers.values())
    )


def _run_in_pool(
    pool: EnginePool, cache: ClipCache, todo: dict[str, Cue], workers: dict[int, WorkerReport]
) -> Iterator[tuple[str, Cue]]:
    """Yield (key, cue) as `pool`'s processes finish clips (stored here), recording in
    `workers` which process made how many. Every sentence is queued at once, in
    `speaking_order`. On any failure or Ctrl-C, the pool's owner ends the processes,
    which fails the sentences still queued (they are not cancelled here: Python 3.11's pool
    would trip over a cancelled sentence when its processes end)."""
    submitted = {key: pool.submit(todo[key].spoken) for key in speaking_order(todo)}
    # A sentence's future (and its audio) is held only until its clip is stored, so a book's
    # clips are not all kept in memory until its last sentence is spoken.
    waiting = {submitted.pop(key): (key, cue) for key, cue in todo.items()}  # in cue order
    while waiting:
        finished, _ = wait(waiting, return_when=FIRST_COMPLETED)
        batch = [f for f in waiting if f in finished]  # in cue order
        del finished
        while batch:
            future = batch.pop(0)
            key, cue = waiting.pop(future)
            spoken = _spoken(future, cue)
            del future
            audio = AudioSegment(spoken.pcm, sample_width=2, frame_rate=spoken.frame_rate,
                                 channels=1)  # fmt: skip
            cache.put(key, audio)
            made = workers.get(spoken.pid)
            workers[spoken.pid] = WorkerReport(
                spoken.pid, (made.clips if made else 0) + 1, spoken.voice_loads
            )
            yield key, cue


def speaking_order(todo: dict[str, Cue]) -> list[str]:
    """The keys of `todo` in the order the pool's processes take them: cue order, so the
    programme is stitched (and measured) while they speak, but the last TAIL_SHARE of the
    text longest first, so the last round has only short sentences and the processes end
    nearly together instead of one speaking a long last sentence while the others wait."""
    keys = list(todo)
    left = sum(len(cue.spoken) for cue in todo.values()) * TAIL_SHARE
    start = len(keys)
    while start > 0 and left > 0:
        start -= 1
        left -= len(todo[keys[start]].spoken)
    tail = sorted(keys[start:], key=lambda key: -len(todo[key].spoken))  # stable: ties in order
    return keys[:start] + tail


def _spoken(future: Future[Spoken], cue: Cue) -> Spoken:
    """A worker's result, or its error with the chapter and sentence it happened on."""
    try:
        return future.result()
    except WorkerLost:
        raise EngineError(
            "a synthesis worker process ended unexpectedly (killed, or out of memory); run "
            "again to go on from the clips already made, or give fewer --workers"
        ) from None
    except EngineError as error:
        raise _in_context(error, cue) from error


def _run_parallel(
    engine: Engine, cache: ClipCache, todo: dict[str, Cue]
) -> Iterator[tuple[str, Cue]]:
    """Yield (key, cue) as clips are stored, from daemon workers when the engine allows several.

    With one worker the main thread synthesizes itself: Ctrl-C then lands between sentences,
    never while native code (onnxruntime) runs in a thread the interpreter is shutting down.
    """
    if not todo:
        return
    if engine.control.limiter.size == 1:
        for key, cue in todo.items():
            try:
                cache.put(key, say(engine, cue.spoken))
            except Exception as error:
                raise _in_context(_memory_said(error), cue) from error
            yield key, cue
        return
    jobs: queue.Queue[tuple[str, Cue] | None] = queue.Queue()
    results: queue.Queue[tuple[str, Cue, BaseException | None]] = queue.Queue()
    for item in todo.items():
        jobs.put(item)
    control = engine.control
    workers = max(1, min(control.limiter.size, len(todo)))
    for _ in range(workers):
        jobs.put(None)

    def work() -> None:
        while (item := jobs.get()) is not None and not control.stop.is_set():
            key, cue = item
            try:
                cache.put(key, say(engine, cue.spoken))
                results.put((key, cue, None))
            except BaseException as error:  # handed to the main thread, which re-raises it
                results.put((key, cue, error))
                return

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(len(todo)):
            key, cue, failure = _next_result(results, threads)
            if failure is not None:
                raise _in_context(_memory_said(failure), cue) from failure
            yield key, cue
    except BaseException:
        control.stop.set()  # workers stop taking jobs; their sleeps and retries end
        raise


def _next_result(
    results: queue.Queue[tuple[str, Cue, BaseException | None]], threads: list[threading.Thread]
) -> tuple[str, Cue, BaseException | None]:
    """The next finished clip; polls so Ctrl-C reaches the main thread within a fraction of a s."""
    while True:
        try:
            return results.get(timeout=0.2)
        except queue.Empty:
            if not any(t.is_alive() for t in threads) and results.empty():
                raise EngineError("synthesis workers stopped without a result") from None


def _memory_said(error: BaseException) -> BaseException:
    """An allocation refused by the memory ceiling (narrate.memory) as an EngineError."""
    return EngineError(over_ceiling(None)) if out_of_memory(error) else error


def _in_context(error: BaseException, cue: Cue) -> BaseException:
    """The engine's error with the chapter and sentence it happened on."""
    if not isinstance(error, EngineError):
        return error
    text = cue.display if len(cue.display) <= 60 else cue.display[:57] + "..."
    return EngineError(f"chapter {cue.chapter + 1}, {cue.kind} “{text}”: {error}")
