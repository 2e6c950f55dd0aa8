"""The writer registry."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from narrate.errors import OutputError
from narrate.writers import EditionContext, all_formats, writer_for


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
        "epub": ".epub",
        "script": ".script.json",
    }
    assert all(writer.format == name for name, writer in writers.items())


def test_writers_that_do_not_read_the_programme_write_without_its_wav(
    edition: EditionContext, tmp_path: Path
) -> None:
    """What a rebuild that copies the kept MP3 relies on: these writers never open the WAV."""
    without_wav = replace(edition, timeline=replace(edition.timeline, audio_path=None))
    names = [name for name in all_formats() if not writer_for(name).reads_programme]
    assert {"transcript_md", "vtt", "srt", "chapters_json"} <= set(names)
    for name in names:
        assert writer_for(name).write(without_wav, tmp_path).stat().st_size > 0, name


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(OutputError, match="choose from: chapters_json"):
        writer_for("ogg")


def test_writers_declare_their_media_type_and_role() -> None:
    """The feed, the player and the playback check read these, not format names."""
    writers = {name: writer_for(name) for name in all_formats()}
    assert {n for n, w in writers.items() if w.is_audio} == {"mp3", "m4b"}
    assert [n for n, w in writers.items() if w.in_feed] == ["mp3"]
    assert writers["mp3"].media_type == "audio/mpeg"
    assert writers["m4b"].media_type == "audio/mp4"
    untyped = {n for n, w in writers.items() if w.media_type == "application/octet-stream"}
    assert untyped == {"phone"}  # a folder of telephone formats, not one file


def test_text_writers_write_what_they_render(edition: EditionContext, tmp_path: Path) -> None:
    from narrate.writers.text import TextWriter

    text_writers = [w for w in map(writer_for, all_formats()) if isinstance(w, TextWriter)]
    assert {w.format for w in text_writers} == {
        "vtt", "srt", "chapters_vtt", "chapters_json", "transcript_md", "transcript_html",
        "player", "script",
    }  # fmt: skip
    for writer in text_writers:
        path = writer.write(edition, tmp_path)
        assert path.read_text(encoding="utf-8") == writer.render(edition)
        assert not writer.reads_programme
