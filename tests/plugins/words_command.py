"""A toy command, `narrate words`: one module, thin over narrate.api, and one line in
narrate.cli.COMMANDS (tests/test_cli_lazy.py adds it) make it a command `narrate --help` lists
and `narrate words` runs."""

from __future__ import annotations

import click

from narrate import api

SHORT_HELP = "Count the words of ARTICLE that will be spoken."


@click.command()
@click.argument("article")
def words(article) -> None:
    """Count the words of ARTICLE that will be spoken."""
    script = api.script(article)
    click.echo(f"{sum(len(cue.spoken.split()) for cue in script.cues)} words")
