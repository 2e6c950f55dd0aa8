"""The client side of a cluster build: the same API, with each article sent to a Dask worker.

`editions()` checks the options, connects, reads and scripts every article and chooses the
engine once (through `api.prepare`, as a local build does), then submits one task per article;
an article estimated to sound longer than `split_over_s` is first spoken as sentence-chunk
tasks whose clips land in the shared cache, and its article task (which masters and writes
the edition) runs after them, finding every clip there. Editions are yielded in the order of
the sources, as a local build yields them.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from narrate import api
from narrate.cache import default_cache_dir
from narrate.errors import BadOption, ClusterError
from narrate.model import Script
from narrate.plural import count
from narrate.synth import SynthesisReport

if TYPE_CHECKING:
    from distributed import Client, Future

    from narrate.cluster.worker import ArticleJob, Failed
    from narrate.engines.base import Engine
    from narrate.pipeline import BuildSettings, Edition

# A worker's progress event: article index, part (-1: the article task), clips done, cue id.
ProgressEvent = tuple[int, int, int, str]

log = logging.getLogger(__name__)
LOCAL = "local:"


@dataclass(frozen=True)
class ClusterOptions:
    """Where the Dask scheduler is, and how articles are cut into tasks."""

    address: str | None = None  # tcp://host:8786, or local:N for N worker processes here
    scheduler_file: Path | None = None  # the file `dask scheduler --scheduler-file` wrote
    split_over_s: float = 1200.0  # an article estimated longer is spoken in chunk tasks
    chunk_sentences: int = 40  # sentences per chunk task (20-50 keeps tasks 1-3 min long)
    retries: int = 2  # each task, on an engine or network error or a lost worker
    connect_timeout_s: float = 10.0

    def validate(self) -> None:
        if (self.address is None) == (self.scheduler_file is None):
            raise BadOption("give --cluster ADDRESS or --scheduler-file PATH, not both")
        if self.address and self.address.startswith(LOCAL):
            workers = self.address[len(LOCAL):]
            if not (workers.isdigit() and int(workers) >= 1):
                raise BadOption(f"{self.address!r}: give local:N with N >= 1", "--cluster")
        if not 1 <= self.chunk_sentences <= 10_000:
            raise BadOption(f"{self.chunk_sentences}; give 1 to 10000", "--chunk-sentences")
        if self.split_over_s < 0:
            raise BadOption(f"{self.split_over_s}; give 0 or more seconds", "--split-over")

    @property
    def label(self) -> str:
        return self.address or f"the scheduler in {self.scheduler_file}"


@contextmanager
def connect(options: ClusterOptions) -> Iterator[Client]:
    """A Dask Client for `options` (and, for local:N, the LocalCluster it runs), closed after;
    a scheduler that cannot be reached is one ClusterError."""
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if options.address and options.address.startswith(LOCAL):
            cluster = LocalCluster(
                n_workers=int(options.address[len(LOCAL):]),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # its workers' shutdown chatter is no news
            )
            client = Client(cluster)
        elif options.scheduler_file:
            if not Path(options.scheduler_file).is_file():
                raise ClusterError(
                    f"{options.scheduler_file}: no such scheduler file; start the scheduler "
                    "with `dask scheduler --scheduler-file PATH` first"
                )
            client = Client(scheduler_file=str(options.scheduler_file),
                            timeout=options.connect_timeout_s)  # fmt: skip
        else:
            client = Client(options.address, timeout=options.connect_timeout_s)
    except ClusterError:
        raise
    except (OSError, TimeoutError, ValueError) as error:
        if cluster is not None:
            cluster.close()
        raise ClusterError(
            f"cannot reach the Dask scheduler at {options.label} ({error or type(error).__name__})"
            "; is `dask scheduler` running there, or give --cluster local:N"
        ) from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def editions(
    sources: Iterable[str | Path],
    options: api.BuildOptions,
    cluster: ClusterOptions,
    *,
    on_engine: Callable[[str, str], None] | None = None,
    on_progress: api.Progress | None = None,
) -> Iterator[Edition]:
    """Like `api.editions`, with the work done by the Dask cluster `cluster` names."""
    from distributed import Variable

    from narrate.cluster.worker import ArticleJob, EngineSpec, VoicePlugin, build_article

    options.validate()
    cluster.validate()
    with connect(cluster) as client:
        prepared = api.prepare(sources, options)
        if prepared is None:
            return
        if on_engine:
            on_engine(prepared.engine.name, prepared.reason)
        settings = prepared.settings
        settings = replace(  # every task of the run uses the same cache and output
            settings,
            cache_dir=_absolute(settings.cache_dir or default_cache_dir()),
            out_dir=_absolute(settings.out_dir),
        )
        run = f"narrate-{uuid.uuid4().hex[:12]}"
        pause = Variable(f"{run}-pause", client=client)
        pause.set(0.0)
        spec = EngineSpec.of(prepared.engine, pause.name)
        client.register_plugin(VoicePlugin(spec))
        progress = _Progress([script for _, script in prepared.planned], on_progress)
        client.subscribe_topic(run, progress.event)
        futures: list[Future[Edition | Failed]] = []
        chunks: list[list[Future[list[str]]]] = []
        for index, (article, script) in enumerate(prepared.planned):
            job = ArticleJob(run, index, article, script, spec, settings)
            after = _submit_chunks(client, job, cluster) if _splits(script, settings, cluster) \
                else []  # fmt: skip
            chunks.append(after)
            futures.append(client.submit(build_article, job, *after, retries=cluster.retries,
                                         pure=False, key=f"{run}-article-{index}"))  # fmt: skip
        try:
            for index, edition in _in_order(client, futures, progress):
                yield _with_chunks(edition, chunks[index], prepared.planned[index][1],
                                   prepared.engine)  # fmt: skip
        finally:
            client.cancel([*futures, *(f for group in chunks for f in group)])
            client.unsubscribe_topic(run)
            pause.delete()


def _absolute(location: Path | str) -> Path | str:
    """A local folder made absolute (workers may start elsewhere); a URL as it is."""
    return location.absolute() if isinstance(location, Path) else location


def _splits(script: Script, settings: BuildSettings, cluster: ClusterOptions) -> bool:
    """Whether an article is long enough for chunk tasks (they need a cache to meet in)."""
    return settings.use_cache and script.estimated_s() > cluster.split_over_s


def _submit_chunks(
    client: Client, job: ArticleJob, cluster: ClusterOptions
) -> list[Future[list[str]]]:
    """The chunk tasks of a long article: its distinct sentences, `chunk_sentences` a task."""
    from narrate.cluster.worker import ChunkJob, chunk_script, synthesize_chunk

    distinct = list({cue.spoken: cue for cue in job.script.cues}.values())
    size = cluster.chunk_sentences
    futures = []
    for part, start in enumerate(range(0, len(distinct), size)):
        cues = chunk_script(job.script, distinct[start : start + size])
        chunk = ChunkJob(job.run, job.index, part, cues, job.engine, job.settings.cache_dir)
        key = f"{job.run}-chunk-{job.index}-{part}"
        futures.append(
            client.submit(synthesize_chunk, chunk, retries=cluster.retries, pure=False, key=key)
        )
    return futures


def _in_order(
    client: Client, futures: list[Future[Edition | Failed]], progress: _Progress
) -> Iterator[tuple[int, Edition]]:
    """(index, Edition) in the sources' order, each as soon as it and those before are done;
    the first task that fails stops the build with its error."""
    from distributed.scheduler import KilledWorker

    from narrate.cluster.worker import Failed

    done_editions: dict[int, Edition] = {}
    index_of = {future.key: index for index, future in enumerate(futures)}
    waiting = set(futures)
    following = 0
    while following < len(futures):
        finished = {future for future in waiting if future.done()}
        if waiting and not finished:
            time.sleep(0.1)  # polled, so the caller's thread draws the progress bar
        progress.flush()
        for future in finished:
            waiting.discard(future)
            try:
                value = future.result()
            except KilledWorker as error:  # the scheduler's own limit of lost workers
                raise ClusterError(
                    f"{count(error.allowed_failures + 1, 'worker')} died running {error.task} "
                    f"(the last was {error.last_worker.address}); they may be running out of "
                    "memory: see the workers' logs, or give them more (dask worker --memory-limit)"
                ) from None
            if isinstance(value, Failed):
                raise value.error
            done_editions[index_of[future.key]] = value
        while following in done_editions:
            progress.flush()
            yield following, done_editions.pop(following)
            following += 1


def _with_chunks(
    edition: Edition, chunks: list[Future[list[str]]], script: Script, engine: Engine
) -> Edition:
    """The edition's synthesis report counting what its chunk tasks spoke."""
    if not chunks:
        return edition
    spoken: set[str] = set()
    for future in chunks:
        spoken |= set(future.result())
    uses = collections.Counter(engine.cache_key(cue.spoken) for cue in script.cues)
    report = edition.report
    from_chunks = sum(uses[key] for key in spoken)
    counted = SynthesisReport(
        report.clips, report.synthesized + len(spoken), report.from_cache - from_chunks
    )
    return replace(edition, report=counted)


class _Progress:
    """Clips done over the whole run, from the workers' events, for the caller's progress."""

    def __init__(self, scripts: list[Script], on_progress: api.Progress | None) -> None:
        self.scripts = scripts
        self.on_progress = on_progress
        self.total = sum(len(script.cues) for script in scripts)
        self.parts: dict[int, dict[int, int]] = collections.defaultdict(dict)
        self.cues = {(i, cue.id): cue for i, s in enumerate(scripts) for cue in s.cues}
        self.events: collections.deque[ProgressEvent] = collections.deque()
        self.lock = threading.Lock()
        self.last = None

    def event(self, event: tuple[float, ProgressEvent]) -> None:
        """A worker's event (called on the client's event loop): kept for the caller's thread."""
        self.events.append(event[1])

    def flush(self) -> None:
        """Tell the caller where the run is, from the events that came since the last call."""
        if not self.events or self.on_progress is None:
            self.events.clear()
            return
        cue = None
        while self.events:
            index, part, done, cue_id = self.events.popleft()
            parts = self.parts[index]
            parts[part] = max(parts.get(part, 0), done)
            cue = self.cues.get((index, cue_id), cue)
        done = 0
        for index, parts in self.parts.items():
            chunks = sum(count for part, count in parts.items() if part >= 0)
            done += min(len(self.scripts[index].cues), max(parts.get(-1, 0), chunks))
        if cue is not None:
            self.on_progress(done, self.total, cue)
