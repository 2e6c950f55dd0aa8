"""Podcasting 2.0 chapters JSON."""

from __future__ import annotations

import json
from pathlib import Path

from narrate.model import Timeline
from narrate.writers import EditionContext, writer_for


def test_chapters_json_matches_the_timeline(
    edition: EditionContext, edition_dir: Path, timeline: Timeline
) -> None:
    path = writer_for("chapters_json").write(edition, edition_dir)
    assert path.name == f"{edition.slug}.chapters.json"
    raw = path.read_text(encoding="utf-8")
    assert "What’s" in raw and "<You>" in raw, "non-ASCII and symbols are kept as written"
    doc = json.loads(raw)
    assert doc["version"] == "1.2.0"
    assert doc["chapters"] == [
        {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
        for c in timeline.chapters
    ]
    assert doc["chapters"][0]["startTime"] == 0
    assert doc["chapters"][2]["startTime"] == 70.25  # 0.4 s before the heading at 70.65
