"""`narrate cache verify` and `narrate cache prune`: the clip cache and mastering memo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from narrate import cache_admin
from narrate.cache import default_cache_dir
from narrate.errors import BadOption
from narrate.plural import count


@click.group()
def cache() -> None:
    """Check and trim the clip cache and the mastering memo kept beside it."""


_CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Clip cache folder [default: $NARRATE_CACHE_DIR, else the user cache].",
)


@cache.command()
@_CACHE_DIR
def verify(cache_dir: Path | None) -> None:
    """Check every clip and memo entry against its length and digest; delete damaged ones."""
    report = cache_admin.verify(cache_dir or default_cache_dir())
    for line in report.removed:
        click.echo(f"removed {line}")
    click.echo(
        f"{count(report.clips, 'clip')} and {count(report.entries, 'memo entry')} checked; "
        f"{len(report.removed)} damaged removed",
        err=True,
    )
    if report.removed:
        sys.exit(2)  # damage found (and removed): worth a look at the disk


@cache.command()
@_CACHE_DIR
@click.option(
    "--older-than",
    default="30d",
    show_default=True,
    help="Remove what no build has used for this long: 12h, 30d, 8w.",
)
def prune(cache_dir: Path | None, older_than: str) -> None:
    """Remove clips and memo entries that no build has used for a while."""
    try:
        age = cache_admin.parse_age(older_than)
    except BadOption as error:
        raise click.BadParameter(str(error), param_hint="--older-than") from None
    report = cache_admin.prune(cache_dir or default_cache_dir(), age)
    click.echo(
        f"removed {count(len(report.removed), 'file')} ({report.freed_bytes / 1e6:.1f} MB) of "
        f"{count(report.clips, 'clip')} and {count(report.entries, 'memo entry')}",
        err=True,
    )
