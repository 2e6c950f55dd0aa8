"""The options every article-reading command shares, and those of an edition."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from narrate import api
from narrate.cli.types import EXISTING_FILE, LazyChoice
from narrate.memory import MIN_MEMORY_MB
from narrate.profiles import PROFILES
from narrate.readers import MAX_CHARS
from narrate.readers.document_options import (
    MAX_PAGES,
    MAX_UNZIPPED_MB,
    NOTES,
    PARSE_MEMORY_MB,
    PARSE_TIMEOUT_S,
    TABLES,
)
from narrate.readers.url import FetchOptions

# a command's function, which Click calls with its options by name
Command = TypeVar("Command", bound=Callable[..., object])


def article_options(command: Command) -> Command:
    """Options shared by every command that reads articles."""
    for option in reversed(
        [
            click.argument("articles", nargs=-1, required=True, metavar="ARTICLE..."),
            click.option("--title", help="Title to use instead of the one found in the article."),
            click.option("--lang", "language", help="Language code, e.g. en, fr, pt-BR."),
            click.option(
                "--announce/--no-announce",
                default=True,
                show_default=True,
                help="Speak the article title and each heading.",
            ),
            click.option(
                "--announce-numbers",
                is_flag=True,
                help='Speak each heading with its place: "Section 2 of 4: ...".',
            ),
            click.option(
                "--pause-ms",
                type=click.IntRange(0, 10_000),
                help="Pause between sentences; paragraph and section pauses scale with it.",
            ),
            click.option(
                "--lexicon",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Pronunciations (.toml or W3C .pls); default: narrate.toml beside the "
                "article or here.",
            ),
            click.option(
                "--clinical/--no-clinical",
                default=True,
                show_default=True,
                help="Read clinical acronyms and shorthand with narrate's clinical lexicon "
                "(HIPAA, NSAIDs, OB/GYN...); your lexicon's entries win over it.",
            ),
            click.option(
                "--locale",
                help="Region that numeric dates are read in: en-US (03/12 is March 12) or "
                "en-GB (the 3rd of December) [default: the article's language].",
            ),
            click.option(
                "--urls",
                type=click.Choice(["read", "drop"]),
                default="read",
                show_default=True,
                help="Read web and e-mail addresses aloud (example dot org) or leave them out.",
            ),
            click.option(
                "--disclosure",
                type=click.Choice(["start", "end", "none"]),
                default="end",
                show_default=True,
                help='Speak "This audio was read by a synthetic voice." (in the article\'s '
                "language) as a short chapter of its own at the end or the start, and say it in "
                "the tags, feed and books; none: leave it out.",
            ),
            click.option(
                "--max-bytes",
                type=click.IntRange(1),
                default=FetchOptions.max_bytes,
                show_default=True,
                help="URL articles: the largest page fetched.",
            ),
            click.option(
                "--fetch-timeout",
                type=click.FloatRange(0.1, 300),
                default=FetchOptions.timeout_s,
                show_default=True,
                help="URL articles: seconds to wait to connect and for each part of the page.",
            ),
            click.option(
                "--max-chars",
                type=click.IntRange(1),
                default=MAX_CHARS,
                show_default=True,
                help="Refuse longer articles (a million characters is about 17 hours of audio).",
            ),
            click.option(
                "--ocr",
                is_flag=True,
                help="Read a PDF with no text layer (a scan) with Tesseract "
                "(apt-get install tesseract-ocr).",
            ),
            click.option(
                "--tables",
                type=click.Choice(TABLES),
                default="read",
                show_default=True,
                help="Documents' tables: read row by row with their column headers, or skip "
                "(announced, not read).",
            ),
            click.option(
                "--notes",
                type=click.Choice(NOTES),
                default="end",
                show_default=True,
                help="Footnotes and endnotes (documents, web pages, Markdown, text): read after "
                "their chapter or the article, or skip. Note markers are never spoken.",
            ),
            click.option(
                "--max-pages",
                type=click.IntRange(1),
                default=MAX_PAGES,
                show_default=True,
                help="Documents: refuse a PDF of more pages, an EPUB of more spine documents.",
            ),
            click.option(
                "--max-unzipped-mb",
                type=click.IntRange(1),
                default=MAX_UNZIPPED_MB,
                show_default=True,
                help="Documents: refuse a Word, OpenDocument or EPUB file whose parts unpack "
                "to more (a ZIP bomb).",
            ),
            click.option(
                "--parse-timeout",
                "parse_timeout_s",
                type=click.FloatRange(0, api.MAX_PARSE_TIMEOUT_S, min_open=True),
                default=PARSE_TIMEOUT_S,
                show_default=True,
                help="Documents: seconds the reading of one may take (OCR of a long scan may "
                "need more).",
            ),
            click.option(
                "--parse-memory-mb",
                type=click.IntRange(MIN_MEMORY_MB),
                default=PARSE_MEMORY_MB,
                show_default=True,
                help="Documents: megabytes of memory the process reading one may use.",
            ),
            click.option(
                "--profile",
                "profile_name",
                type=LazyChoice(lambda: sorted(PROFILES)),
                default="podcast",
                show_default=True,
                help="Edition preset.",
            ),
        ]
    ):
        command = option(command)
    return command


def read_options(profile_name: str, fetch_timeout: float, **fields: Any) -> api.ReadOptions:
    """The article options as the API's ReadOptions."""
    return api.ReadOptions(profile=profile_name, fetch_timeout_s=fetch_timeout, **fields)


EDITION_OPTIONS = [
    click.option(
        "--format",
        "formats",
        metavar="LIST",
        help="Audio formats, comma-separated: mp3,m4b, and epub for the read-along book (the "
        "accessible profile writes it); for --profile phone: wav, ulaw, alaw, "
        "sln, mulaw-wav, sln16, wav16 [default: the profile's; phone: all].",
    ),
    click.option("--cover", type=EXISTING_FILE, help="Cover art: square PNG/JPEG, >= 1400 px."),
    click.option("--intro", type=EXISTING_FILE, help="A sound placed before the title."),
    click.option("--outro", type=EXISTING_FILE, help="A sound placed after the last chapter."),
    click.option("--bitrate", help="MP3 bitrate, e.g. 64k [default: the profile's]."),
    click.option(
        "--loudness",
        "loudness_lufs",
        type=click.FloatRange(-40, -5),
        help="Integrated loudness target in LUFS [default: the profile's, -16 for podcast].",
    ),
    click.option(
        "--split-chapters",
        is_flag=True,
        help="Also write one file per top-level chapter in each audio format (mp3, m4b).",
    ),
]


def edition_options(command: Command) -> Command:
    """The options of an edition: its formats, cover, framing sounds, bitrate, loudness."""
    for option in reversed(EDITION_OPTIONS):
        command = option(command)
    return command
