"""`narrate voices`: the engines and voices available here."""

from __future__ import annotations

import click

from narrate.cli.types import LazyChoice
from narrate.engines import ENGINES


@click.command()
@click.option(
    "--engine",
    "engine_name",
    type=LazyChoice(lambda: sorted(ENGINES)),
    help="Only this engine's voices.",
)
def voices(engine_name: str | None) -> None:
    """List the engines, languages and voices available here (no network needed)."""
    for name in [engine_name] if engine_name else sorted(ENGINES):
        cls = ENGINES[name]
        where = "online: sends text to Google" if cls.needs_network else "offline"
        click.echo(f"{name} ({where})")
        for voice in cls.voices():
            click.echo(f"  {voice.id:<24} {voice.language:<8} {voice.description}")
