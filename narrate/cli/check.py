"""`narrate check`: listen to an edition and report what a listener hears."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("edition", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--min-heard",
    type=click.FloatRange(0, 1),
    default=0.9,
    show_default=True,
    help="Fail when less than this share of the words said is heard back.",
)
@click.option(
    "--min-sentence",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Fail when a sentence is heard back less than this (dropped, cut or garbled).",
)
@click.option(
    "--require-headings/--allow-missing-headings",
    default=True,
    show_default=True,
    help="Fail when a chapter's heading is not heard at its chapter mark.",
)
@click.option(
    "--accept",
    "accept_number",
    type=click.IntRange(1),
    metavar="N",
    help="Write suggestion N of the last check into a lexicon (no new check).",
)
@click.option("--say", help="With --accept: the spoken form to write instead of the suggestion.")
@click.option(
    "--lexicon",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --accept: the TOML lexicon to write [default: narrate.toml beside the article].",
)
def check(
    edition: Path,
    min_heard: float,
    min_sentence: float,
    require_headings: bool,
    accept_number: int | None,
    say: str | None,
    lexicon: Path | None,
) -> None:
    """Listen to EDITION with an offline recogniser and report what a listener hears.

    Writes check.json and check.html into EDITION and the figures into its manifest; exits 1
    when a threshold is missed. Needs the optional extra: pip install "narrate-audio[check]".
    """
    from narrate.check import Thresholds, check_edition
    from narrate.check.accept import accept
    from narrate.check.output import summary

    if accept_number is not None:
        path, written, spoken = accept(edition, accept_number, lexicon, say)
        click.echo(f"{path}: {written!r} = {spoken!r}; rebuild the edition to hear it", err=True)
        return
    if say or lexicon:
        raise click.UsageError("--say and --lexicon go with --accept N")
    report = check_edition(edition, Thresholds(min_heard, min_sentence, require_headings))
    click.echo(summary(report), err=True)
    if not report.passed:
        sys.exit(1)
