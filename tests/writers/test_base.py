"""The writer registry."""

from __future__ import annotations

import pytest

from narrate.errors import OutputError
from narrate.writers import all_formats, writer_for


def test_every_format_is_registered_with_its_extension() -> None:
    writers = {name: writer_for(name) for name in all_formats()}
    assert {name: writer.extension for name, writer in writers.items()} == {
        "mp3": ".mp3",
        "vtt": ".vtt",
        "srt": ".srt",
        "chapters_vtt": ".chapters.vtt",
        "transcript_md": ".transcript.md",
        "chapters_json": ".chapters.json",
        "m4b": ".m4b",
        "split_chapters": ".m3u",
        "daisy": "",
        "phone": "",
        "player": ".html",
        "transcript_html": ".transcript.html",
    }
    assert all(writer.format == name for name, writer in writers.items())


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(OutputError, match="choose from: chapters_json"):
        writer_for("ogg")
