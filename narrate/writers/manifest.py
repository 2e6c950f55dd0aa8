"""`manifest.json`: what the edition is, what made it, and which files it holds.

Built here from the edition as a typed `narrate.manifest.Manifest`, which that module writes
as JSON and reads back (checked, typed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from narrate import __version__
from narrate.disclosure import notice_position, notice_text, voice_label
from narrate.errors import OutputError
from narrate.fs import atomic_write_text
from narrate.manifest import (
    SCHEMA,
    ChapterEntry,
    Disclosure,
    Manifest,
    Source,
    dumps,
    source_location,
)
from narrate.model import Article
from narrate.timefmt import utc_stamp
from narrate.writers import split
from narrate.writers.base import EditionContext


def _relative(path: Path, edition_dir: Path) -> str:
    """`path` relative to the edition folder, with forward slashes on every platform."""
    try:
        return Path(path).resolve().relative_to(Path(edition_dir).resolve()).as_posix()
    except ValueError:
        raise OutputError(f"{path} is outside the edition folder {edition_dir}") from None


def _source(article: Article) -> Source:
    """Where the article came from: its path or URL, its sha256, and for a URL the address it
    was finally fetched from and when."""
    url = (article.fetched_from or article.source) if article.fetched_at else None
    return Source(article.source, article.source_sha256, source_location(article.source), url,
                  article.fetched_at or None, article.text_from)  # fmt: skip


def build_manifest(
    edition: EditionContext,
    files: Mapping[str, Path],
    edition_dir: Path,
    *,
    created: datetime | None = None,
    loudness: Mapping[str, Any] | None = None,
    records: Mapping[str, Mapping[str, Any]] | None = None,
) -> Manifest:
    """The manifest of an edition whose writers produced `files` (format name to path).

    `loudness` is what mastering measured (narrate.master); the audio files of one top-level
    chapter each, when written, are listed in chapter order as `chapter_files`; `records`
    holds, by format, what a writer handed over about its files (Writer.write_recorded): the
    phone writer's messages, with their measured loudness and pauses, go in as `phone`.
    """
    engine = edition.engine
    article = edition.article
    timeline = edition.timeline
    identity = {
        "name": engine.name,
        "version": engine.version,
        "voice": engine.voice,
        "language": engine.language,
    }
    return Manifest(
        folder=Path(edition_dir),
        schema=SCHEMA,
        narrate_version=__version__,
        source=_source(article),
        title=article.title,
        description=article.first_paragraph,
        author=edition.author or article.byline,
        language=article.language,
        engine={**identity, **{k: v for k, v in engine.extra.items() if k not in identity}},
        profile=edition.profile.name,
        duration_ms=timeline.duration_ms,
        chapters=tuple(ChapterEntry(c.title, c.start_ms, c.end_ms) for c in timeline.chapters),
        files={name: _relative(path, edition_dir) for name, path in files.items()},
        created=utc_stamp(created),
        chapter_files=(
            tuple(split.chapter_files(timeline, split.edition_audio(edition)))
            if "split_chapters" in files
            else None
        ),
        loudness=dict(loudness) if loudness is not None else None,
        phone=dict(records["phone"]) if records and "phone" in records else None,
        disclosure=_disclosure(edition),
        entry=article.entry,
    )


def _disclosure(edition: EditionContext) -> Disclosure | None:
    """The spoken notice, where it is and what spoke it; None when the script has none."""
    position, text = notice_position(edition.script), notice_text(edition.script)
    if position == "none" or text is None:
        return None
    return Disclosure(position, text, voice_label(edition.engine))


def write_manifest(path: Path, manifest: Manifest) -> Path:
    """Write the manifest as indented UTF-8 JSON to `path`; return `path`."""
    return atomic_write_text(path, dumps(manifest))
