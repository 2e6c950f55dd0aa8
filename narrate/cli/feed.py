"""`narrate feed`: an RSS feed of a folder of editions."""

from __future__ import annotations

from pathlib import Path

import click

from narrate.cli.types import FolderOrURL


@click.command()
@click.argument("folder", type=FolderOrURL())
@click.option("--base-url", required=True, help="Where FOLDER is published, e.g. https://x/pod/.")
@click.option("--title", help="Podcast title [default: the editions' author or folder name].")
@click.option("--author", help="itunes:author [default: the editions' author when all agree].")
@click.option("--email", help="Owner's e-mail (itunes:owner).")
@click.option("--image", help="Podcast artwork: a URL, or a file name under --base-url.")
@click.option("--category", help='iTunes category, e.g. "Health & Fitness/Mental Health".')
@click.option("--description", help="What the podcast is about.")
@click.option("--language", help="Language code [default: the editions' when all agree].")
def feed(folder: Path | str, base_url: str, **options: str | None) -> None:
    """Write FOLDER/feed.xml: an RSS feed of the editions in FOLDER, newest first."""
    from narrate.feed import build_feed  # lxml, which only this command needs

    click.echo(build_feed(folder, base_url=base_url, **options))
