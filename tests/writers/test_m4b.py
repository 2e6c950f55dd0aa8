"""The M4B: AAC in MP4 with the MP3's chapters, read back with mutagen and with ffmpeg."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp4 import MP4, MP4Cover

from narrate.ffmpeg import decode, metadata, run
from narrate.model import Chapter, Timeline
from narrate.writers import EditionContext, writer_for
from narrate.writers.base import EditionOptions
from narrate.writers.m4b import ffmetadata

COVER = Path(__file__).parents[1] / "fixtures" / "podcast" / "cover.jpg"


@pytest.fixture(scope="module")
def m4b(edition: EditionContext, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with_cover = replace(edition, options=EditionOptions(cover=COVER, bitrate="48k"))
    return writer_for("m4b").write(with_cover, tmp_path_factory.mktemp("m4b"))


def test_m4b_is_aac_named_after_the_slug(m4b: Path, edition: EditionContext) -> None:
    assert m4b.name == f"{edition.slug}.m4b"
    assert m4b.read_bytes()[4:12] == b"ftypM4B "
    info = MP4(m4b).info
    assert (info.codec, info.channels, info.sample_rate) == ("mp4a.40.2", 1, 44100)
    assert info.bitrate <= 48_000, "the --bitrate option, not the profile's 64k"
    assert abs(len(decode(m4b)) - edition.timeline.duration_ms) <= 50
    assert not list(m4b.parent.glob(".*.tmp-*"))


def test_mutagen_reads_the_chapters(m4b: Path, timeline: Timeline) -> None:
    chapters = list(MP4(m4b).chapters)
    assert [c.title for c in chapters] == [c.title for c in timeline.chapters]
    for seen, chapter in zip(chapters, timeline.chapters, strict=True):
        assert abs(seen.start * 1000 - chapter.start_ms) <= 1


def test_ffmpeg_reads_the_chapters(m4b: Path, timeline: Timeline) -> None:
    blocks = re.findall(r"\[CHAPTER\]\n((?:[A-Z]+=.*\n)+title=.*)", metadata(m4b))
    assert len(blocks) == len(timeline.chapters)
    for block, chapter in zip(blocks, timeline.chapters, strict=True):
        fields = dict(line.split("=", 1) for line in block.splitlines())
        num, den = (int(x) for x in fields["TIMEBASE"].split("/"))
        assert abs(int(fields["START"]) * num * 1000 / den - chapter.start_ms) <= 1
        assert abs(int(fields["END"]) * num * 1000 / den - chapter.end_ms) <= 1
        assert re.sub(r"\\(.)", r"\1", fields["title"]) == chapter.title


def test_tags_and_cover(m4b: Path) -> None:
    tags = MP4(m4b).tags
    assert tags["\xa9nam"] == ["Understanding Ketamine Therapy"]
    assert tags["\xa9ART"] == ["Jane Doe"]
    assert tags["\xa9day"] == ["2024-05-01"]
    assert tags["\xa9gen"] == ["Speech"]
    (cover,) = tags["covr"]
    assert cover.imageformat == MP4Cover.FORMAT_JPEG
    assert bytes(cover) == COVER.read_bytes()


def test_ffmetadata_escapes_its_special_characters() -> None:
    text = ffmetadata((Chapter("a=b; #c \\ d\ne", 1, 0, 1500),))
    assert text == (
        ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\n"
        "title=a\\=b\\; \\#c \\\\ d\\\ne\n"
    )


def test_aac_encoded_while_mastering_is_copied_in_without_moving(
    m4b: Path, edition: EditionContext, tmp_path: Path
) -> None:
    """The M4B made from AAC that mastering encoded plays the same samples at the same times
    as the one the writer encodes itself, with the same chapters."""
    encoded = tmp_path / "mastered.m4a"
    writer = writer_for("m4b")
    need = writer.audio(edition)
    assert (need.format, need.sample_rate, need.channels) == ("m4a", 44100, 1)
    run(["-i", str(edition.timeline.audio_path), *need.ffmpeg_options, "-y", str(encoded)])
    copied_dir = tmp_path / "copied"
    copied_dir.mkdir()
    with_cover = replace(edition, options=EditionOptions(cover=COVER, bitrate="48k"))
    copied = writer.write(replace(with_cover, mastered_audio={"m4b": encoded}), copied_dir)
    direct, again = decode(m4b), decode(copied)
    assert len(again) == len(direct)
    a = np.array(direct.get_array_of_samples(), dtype=float)
    b = np.array(again.get_array_of_samples(), dtype=float)
    assert np.corrcoef(a, b)[0, 1] > 0.999, "same audio, not shifted by the encoder delay"
    assert [c.start for c in MP4(copied).chapters] == [c.start for c in MP4(m4b).chapters]
