"""`narrate build --together`: phone editions in several languages, then their one hold loop."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from narrate import api
from narrate.cli.progress import Progress
from narrate.cli.runs import built
from narrate.plural import count

if TYPE_CHECKING:
    from narrate import Edition


def editions(
    sources: Iterable[str | Path],
    options: api.BuildOptions,
    *,
    progress: Progress,
    on_engine: Callable[[str, str], None] | None = None,
    on_progress: api.Progress | None = None,
) -> Iterator[Edition]:
    """Every article prepared first, each with its own language's engine, then built one after
    the other."""
    yield from built(api.prepare_together(sources, options), options, progress=progress,
                     on_engine=on_engine, on_progress=on_progress)  # fmt: skip


def write_loop(built: Sequence[Edition], options: api.BuildOptions, quiet: bool) -> None:
    """The hold loop of the editions `built`; its folder on stdout."""
    loop = api.hold_loop(built, options)
    if not quiet:
        click.echo(f"wrote {loop}/ (the hold loop: {count(len(built), 'language')} in turn)",
                   err=True)  # fmt: skip
    click.echo(loop)
