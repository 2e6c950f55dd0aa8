"""What runs on a Dask worker: the voice, loaded once per worker process, and the tasks.

Tasks get the engine the client chose as an `EngineSpec` (its module, name and Options), so
every task of a run speaks with the same voice, and build it through `engine_for`, which
makes and loads each voice once per process (`VoicePlugin` does it when the worker starts
or joins). A task reports its progress as worker events the client turns into its progress
bar. Results are files in the shared cache and output; tasks return small values.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin, get_worker

from narrate import api
from narrate.cache import open_cache
from narrate.control import SharedPause
from narrate.engines.base import Engine, EngineOptions, engine_class
from narrate.errors import EngineError, NarrateError
from narrate.model import Article, Cue, Script
from narrate.synth import Progress, synthesize

if TYPE_CHECKING:
    from distributed import Variable, Worker

    from narrate.pipeline import BuildSettings, Edition

log = logging.getLogger(__name__)

PLUGIN = "narrate-voice"
_engines: dict[EngineSpec, Engine] = {}
_lock = threading.Lock()
loads: Counter[str] = Counter()  # voices loaded in this process, by engine name (tests read it)
tasks_run: Counter[str] = Counter()  # tasks this process ran, by kind


@dataclass(frozen=True)
class EngineSpec:
    """The engine chosen on the client, as sent to workers: where it is registered, its name
    and its own Options (`auto` was resolved there, once)."""

    module: str
    name: str
    options: EngineOptions
    pause_variable: str | None = None  # the Dask Variable holding gTTS's shared pause

    @classmethod
    def of(cls, engine: Engine, pause_variable: str | None = None) -> EngineSpec:
        return cls(type(engine).__module__, engine.name, engine.options, pause_variable)


def engine_for(spec: EngineSpec) -> Engine:
    """This process's engine for `spec`, made and its voice loaded on first use only."""
    with _lock:
        if spec not in _engines:
            importlib.import_module(spec.module)  # registers it (a plug-in engine too)
            engine = engine_class(spec.name)(spec.options)
            if spec.pause_variable and engine.needs_network:
                engine.control.pause = VariablePause(spec.pause_variable)
            engine.load()
            loads[spec.name] += 1
            _engines[spec] = engine
        return _engines[spec]


class VoicePlugin(WorkerPlugin):
    """Loads the run's voice when a worker starts (or at once on a running one), so no task
    waits for it and none loads it again. Without a spec (`dask worker --preload
    narrate.cluster`) it imports narrate's engines and loads the default offline voice."""

    name = PLUGIN

    def __init__(self, spec: EngineSpec | None = None) -> None:
        self.spec = spec

    def setup(self, worker: Worker) -> None:
        if self.spec is not None:
            engine_for(self.spec)
            return
        from narrate.engines.piper import PiperEngine, PiperOptions

        engine_for(EngineSpec.of(PiperEngine(PiperOptions())))


class VariablePause(SharedPause):
    """gTTS's pause after a 429, in a Dask Variable every worker reads (at most every 0.25 s)."""

    refresh_s = 0.25

    def __init__(self, name: str) -> None:
        self.name = name
        self._value, self._read_at = 0.0, -1.0

    def _variable(self) -> Variable:
        from distributed import Variable, get_client

        return Variable(self.name, client=get_client())

    def until(self) -> float:
        if time.monotonic() - self._read_at >= self.refresh_s:
            try:
                self._value = float(self._variable().get(timeout=1))
            except (TimeoutError, OSError):
                pass  # the scheduler is slow: go by what was read last
            self._read_at = time.monotonic()
        return self._value

    def extend(self, until: float) -> None:
        if until > self.until():
            self._variable().set(until)
            self._value = until
            log.info("asked every worker to pause until %.1f", until)


@dataclass(frozen=True)
class Failed:
    """A task's error that retrying cannot mend (bad input, a name clash): sent back as a
    value, so Dask does not retry it, and raised on the client."""

    error: NarrateError


@dataclass(frozen=True)
class ArticleJob:
    """One article for one task: planned on the client, built here."""

    run: str  # the progress topic
    index: int
    article: Article
    script: Script
    engine: EngineSpec
    settings: BuildSettings


@dataclass(frozen=True)
class ChunkJob:
    """Some sentences of a long article, synthesized into the shared cache."""

    run: str
    index: int
    part: int
    script: Script  # the article's script with only this chunk's cues
    engine: EngineSpec
    cache_dir: Path | str | None  # a folder or a URL, shared by every worker


def _reporter(run: str, index: int, part: int, script: Script) -> Progress:
    """on_progress for a task: each step sent as a worker event (clips done, cue id)."""
    worker = get_worker()

    def report(done: int, total: int, cue: Cue) -> None:
        worker.log_event(run, (index, part, done, cue.id))

    return report


def build_article(job: ArticleJob, *after: object) -> Edition | Failed:
    """Task: build one article's edition (after its chunks, `after`, are in the cache)."""
    tasks_run["article"] += 1
    engine = engine_for(job.engine)
    report = _reporter(job.run, job.index, -1, job.script)
    try:
        return api.edition(job.article, job.script, engine, job.settings, on_progress=report)
    except (EngineError, OSError):
        raise  # an engine or network failure: Dask retries it, on this worker or another
    except NarrateError as error:
        return Failed(error)


def synthesize_chunk(job: ChunkJob) -> list[str]:
    """Task: a chunk's clips into the shared cache; the keys of those the engine spoke."""
    tasks_run["chunk"] += 1
    engine = engine_for(job.engine)
    cache = open_cache(job.cache_dir)
    try:
        keys = [engine.cache_key(cue.spoken) for cue in job.script.cues]
        missing = [key for key in keys if cache.get(key) is None]
        synthesize(job.script, engine, cache,
                   on_progress=_reporter(job.run, job.index, job.part, job.script))  # fmt: skip
    finally:
        cache.close()
    return missing


def chunk_script(script: Script, cues: Iterable[Cue]) -> Script:
    """`script` speaking only `cues` (for a chunk task)."""
    return replace(script, cues=tuple(cues))
