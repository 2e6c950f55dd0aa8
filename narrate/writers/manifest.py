"""`manifest.json`: what the edition is, what made it, and which files it holds.

Written here; read back (checked, typed) only by narrate.manifest, whose SCHEMA it carries."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from narrate import __version__
from narrate.errors import OutputError
from narrate.fs import atomic_write_text
from narrate.manifest import SCHEMA, source_location
from narrate.model import Article
from narrate.writers import phone, split
from narrate.writers.base import EditionContext


def _relative(path: Path, edition_dir: Path) -> str:
    """`path` relative to the edition folder, with forward slashes on every platform."""
    try:
        return Path(path).resolve().relative_to(Path(edition_dir).resolve()).as_posix()
    except ValueError:
        raise OutputError(f"{path} is outside the edition folder {edition_dir}") from None


def _source(article: Article) -> dict[str, str]:
    """Where the article came from: its path or URL, its sha256, and for a URL the address it
    was finally fetched from and when."""
    source = {
        "path": article.source,
        "sha256": article.source_sha256,
        "location": source_location(article.source),
    }
    if article.fetched_at:
        source.update(url=article.fetched_from or article.source, fetched=article.fetched_at)
    return source


def build_manifest(
    edition: EditionContext,
    files: Mapping[str, Path],
    edition_dir: Path,
    *,
    created: datetime | None = None,
    loudness: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of an edition whose writers produced `files` (format name to path).

    `loudness` is what mastering measured (narrate.master); the MP3s of one chapter each, when
    written, are listed in chapter order as `chapter_files`; phone messages, with their
    measured loudness and pauses, as `phone`.
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
    stamp = (created or datetime.now(UTC)).astimezone(UTC)
    manifest = {
        "schema": SCHEMA,
        "narrate_version": __version__,
        "source": _source(article),
        "title": article.title,
        "description": article.first_paragraph,
        "author": edition.author or article.byline,
        "language": article.language,
        "engine": {**identity, **{k: v for k, v in engine.extra.items() if k not in identity}},
        "profile": edition.profile.name,
        "duration_ms": timeline.duration_ms,
        "chapters": [
            {"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms}
            for c in timeline.chapters
        ],
        "files": {name: _relative(path, edition_dir) for name, path in files.items()},
        "created": stamp.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }
    if "split_chapters" in files:
        manifest["chapter_files"] = split.chapter_files(timeline)
    if loudness is not None:
        manifest["loudness"] = dict(loudness)
    if "phone" in files:
        manifest["phone"] = phone.read_index(Path(files["phone"]).parent)
    return manifest


def write_manifest(path: Path, manifest: Mapping[str, Any]) -> Path:
    """Write the manifest as indented UTF-8 JSON to `path`; return `path`."""
    return atomic_write_text(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
