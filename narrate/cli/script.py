"""`narrate script`: what will be spoken, to proofread before synthesis."""

from __future__ import annotations

from typing import Any

import click

from narrate import api
from narrate.cli.options import article_options, read_options
from narrate.speech.explain import explain_cue


@click.command()
@article_options
@click.option("--ids", is_flag=True, help="Prefix each line with its cue id.")
@click.option(
    "--diff",
    is_flag=True,
    help="Only cues whose spoken text differs, side by side, each change on a line below with "
    "the rule or lexicon entry that made it.",
)
def script(
    articles: tuple[str, ...], ids: bool, diff: bool, profile_name: str, **fields: Any
) -> None:
    """Print what will be spoken, one cue per line, so it can be proofread before synthesis."""
    options = read_options(profile_name, **fields)
    for source in articles:
        article, planned = api.plan(source, options)
        why = api.explainer(article, options)
        for cue in planned.cues:
            if diff and cue.spoken == cue.display:
                continue
            prefix = f"{cue.id}\t" if ids else ""
            line = f"{cue.display}\t→ {cue.spoken}" if diff else cue.spoken
            click.echo(prefix + line)
            for change in explain_cue(cue, why(cue.display)) if diff else ():
                click.echo(f"    {change}")
