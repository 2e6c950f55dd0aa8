"""Podcasting 2.0 chapters (JSON chapters format 1.2.0), for podcast apps and web players."""

from __future__ import annotations

import json
from typing import Any

from narrate.model import Timeline
from narrate.writers.base import EditionContext, register
from narrate.writers.text import TextWriter


def chapters_document(timeline: Timeline) -> dict[str, Any]:
    """The chapters as the spec's JSON object, times in seconds."""
    return {
        "version": "1.2.0",
        "chapters": [
            {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
            for c in timeline.chapters
        ],
    }


def render_chapters_json(timeline: Timeline) -> str:
    """The chapters JSON (UTF-8, non-ASCII kept as is)."""
    return json.dumps(chapters_document(timeline), ensure_ascii=False, indent=2) + "\n"


@register
class ChaptersJsonWriter(TextWriter):
    """`<slug>.chapters.json`: the chapter list for Podcasting 2.0 players."""

    format = "chapters_json"
    extension = ".chapters.json"
    media_type = "application/json+chapters"

    def render(self, edition: EditionContext) -> str:
        return render_chapters_json(edition.timeline)
