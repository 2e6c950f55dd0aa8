"""What builds `narrate build`'s editions: api.editions here, or the cluster's."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from narrate import api
from narrate.cli.progress import Progress
from narrate.errors import NarrateError

if TYPE_CHECKING:
    from narrate import Edition


class Run(Protocol):
    """What builds the editions: api.editions, or the cluster's."""

    def __call__(self, sources: Iterable[str | Path], options: api.BuildOptions, *,
                 on_engine: Callable[[str, str], None] | None = None,
                 on_progress: api.Progress | None = None) -> Iterator[Edition]: ...  # fmt: skip


def runner(address: str | None, scheduler_file: Path | None, split_over: float,
           chunk_sentences: int, connect_timeout: float, progress: Progress) -> Run:  # fmt: skip
    """api.editions (telling `progress` the scripts, so it can name chapters), or with
    --cluster / --scheduler-file the cluster's editions."""
    if not address and not scheduler_file:
        return partial(_editions, progress=progress)
    try:
        from narrate import cluster
    except ImportError as error:
        raise NarrateError(
            f"--cluster needs the cluster extra ({error.name} is missing): "
            'pip install "narrate-audio[cluster]"'
        ) from None
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its errors reach us as ours
    cluster_options = cluster.ClusterOptions(
        address=address,
        scheduler_file=scheduler_file,
        split_over_s=split_over,
        chunk_sentences=chunk_sentences,
        connect_timeout_s=connect_timeout,
    )
    return partial(cluster.editions, cluster=cluster_options)


def _editions(
    sources: Iterable[str | Path],
    options: api.BuildOptions,
    *,
    progress: Progress,
    on_engine: Callable[[str, str], None] | None = None,
    on_progress: api.Progress | None = None,
) -> Iterator[Edition]:
    """api.editions, its steps taken here so `progress` knows every article's script."""
    prepared = api.prepare_speaking_early(sources, options)
    if prepared is None:
        return
    yield from built([prepared], options, progress=progress, on_engine=on_engine,
                     on_progress=on_progress)  # fmt: skip


def built(
    prepared: Sequence[api.Prepared],
    options: api.BuildOptions,
    *,
    progress: Progress,
    on_engine: Callable[[str, str], None] | None = None,
    on_progress: api.Progress | None = None,
) -> Iterator[Edition]:
    """The editions of builds `prepared` (each with its engine), one after the other; `progress`
    knows every article's script first."""
    progress.scripts = [script for one in prepared for _, script in one.planned]
    for one in prepared:
        if on_engine:
            on_engine(one.engine.name, one.reason)
        yield from api.build_prepared(one, options, on_progress=on_progress)
