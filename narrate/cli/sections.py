"""`narrate sections`: how articles will be split into chapters, without synthesis."""

from __future__ import annotations

import json
from typing import Any

import click

from narrate import api
from narrate.cli.options import article_options, read_options
from narrate.model import estimated_s
from narrate.plural import count
from narrate.readers.describe import describe
from narrate.timefmt import minutes_clock


@click.command()
@article_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print each article as read (source, title, language, author, chapters with their "
    "blocks) as one JSON object per line; the schema is in docs/getting-started.md.",
)
def sections(
    articles: tuple[str, ...], as_json: bool, profile_name: str, **fields: Any
) -> None:
    """Show how ARTICLE(s) will be split, without synthesizing anything."""
    options = read_options(profile_name, **fields)
    for source in articles:
        article, script = api.plan(source, options)
        if as_json:
            click.echo(json.dumps(describe(article), ensure_ascii=False))
            continue
        click.echo(f"{article.title}  [{article.source}]")
        for index, spec in enumerate(script.chapters):
            cues = script.chapter_cues(index)
            words = sum(len(c.spoken.split()) for c in cues)
            seconds = estimated_s(cues)
            click.echo(
                f"{index + 1:>3}. {spec.title}  ({count(words, 'word')}, "
                f"~{minutes_clock(seconds * 1000)}, {count(len(cues), 'cue')})"
            )
