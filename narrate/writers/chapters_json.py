"""Podcasting 2.0 chapters (JSON chapters format 1.2.0), for podcast apps and web players."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from narrate.fs import atomic_write_text
from narrate.model import Timeline
from narrate.writers.base import EditionContext, Writer, register


def chapters_document(timeline: Timeline) -> dict[str, Any]:
    """The chapters as the spec's JSON object, times in seconds."""
    return {
        "version": "1.2.0",
        "chapters": [
            {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
            for c in timeline.chapters
        ],
    }


def write_chapters_json(timeline: Timeline, dest: Path) -> Path:
    """Write the chapters JSON (UTF-8, non-ASCII kept as is) to `dest`; return `dest`."""
    text = json.dumps(chapters_document(timeline), ensure_ascii=False, indent=2)
    return atomic_write_text(dest, text + "\n")


@register
class ChaptersJsonWriter(Writer):
    """`<slug>.chapters.json`: the chapter list for Podcasting 2.0 players."""

    format = "chapters_json"
    extension = ".chapters.json"
    media_type = "application/json+chapters"
    reads_programme = False

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return write_chapters_json(edition.timeline, dest_dir / self.filename(edition))
