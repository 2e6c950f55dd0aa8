"""The MP3: right length, ID3 tags and chapters, read back by both mutagen and ffmpeg."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3

from narrate.errors import OutputError
from narrate.ffmpeg import decode, metadata, run
from narrate.model import Article, Timeline
from narrate.writers import EditionContext, Tags, writer_for
from narrate.writers.base import EditionOptions
from narrate.writers.mp3 import write_mp3


@pytest.fixture(scope="module")
def mp3(edition: EditionContext, edition_dir: Path) -> Path:
    return writer_for("mp3").write(edition, edition_dir)


def _ffmetadata_chapters(text: str) -> list[dict[str, str]]:
    """The [CHAPTER] blocks of ffmpeg's ffmetadata output, with escapes undone."""
    chapters: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if line.startswith("["):
            current = {} if line == "[CHAPTER]" else None
            if current is not None:
                chapters.append(current)
        elif current is not None and "=" in line:
            key, value = line.split("=", 1)
            current[key] = re.sub(r"\\(.)", r"\1", value)
    return chapters


def test_mp3_is_named_after_the_slug(mp3: Path, edition: EditionContext) -> None:
    assert mp3.name == f"{edition.slug}.mp3"
    assert not list(mp3.parent.glob(".*.tmp-*"))


def test_mp3_decodes_to_the_timeline_duration(mp3: Path, timeline: Timeline) -> None:
    audio = decode(mp3)
    assert abs(len(audio) - timeline.duration_ms) <= 50
    info = MP3(mp3).info
    assert (info.channels, info.sample_rate, info.bitrate) == (1, 44100, 64000)


def test_text_tags(mp3: Path, timeline: Timeline) -> None:
    tags = ID3(mp3)
    assert tags.version[:2] == (2, 3)
    assert tags["TIT2"].text == ["Understanding Ketamine Therapy"]
    assert tags["TPE1"].text == ["Jane Doe"]
    assert tags["TALB"].text == ["Jane Doe"]
    assert tags["TCON"].text == ["Speech"]
    assert tags["TLEN"].text == [str(timeline.duration_ms)]
    assert tags["TLAN"].text == ["eng"]
    assert str(tags["TDRC"].text[0]).startswith("2024")
    (comment,) = tags.getall("COMM")
    assert comment.text == ["Narrated from ketamine.md"]  # the file's name, not its folders


def test_chapter_frames_match_the_timeline(mp3: Path, timeline: Timeline) -> None:
    tags = ID3(mp3)
    (toc,) = tags.getall("CTOC")
    assert toc.element_id == "toc"
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    assert toc.child_element_ids == [f"chp{i}" for i in range(len(timeline.chapters))]
    for element_id, chapter in zip(toc.child_element_ids, timeline.chapters, strict=True):
        chap = tags[f"CHAP:{element_id}"]
        assert (chap.start_time, chap.end_time) == (chapter.start_ms, chapter.end_ms)
        assert (chap.start_offset, chap.end_offset) == (0xFFFFFFFF, 0xFFFFFFFF)
        assert chap.sub_frames["TIT2"].text == [chapter.title]


def _ms(chapter: dict[str, str], key: str) -> float:
    num, den = (int(x) for x in chapter["TIMEBASE"].split("/"))
    return int(chapter[key]) * num * 1000 / den


def test_ffmpeg_reads_the_same_chapters(mp3: Path, timeline: Timeline) -> None:
    # -copyts: report the file's chapter times, not re-based to the first decoded sample.
    text = run(["-copyts", "-i", str(mp3), "-f", "ffmetadata", "-"]).decode("utf-8")
    assert "title=Understanding Ketamine Therapy" in text
    chapters = _ffmetadata_chapters(text)
    assert [c["title"] for c in chapters] == [c.title for c in timeline.chapters]
    for seen, chapter in zip(chapters, timeline.chapters, strict=True):
        assert abs(_ms(seen, "START") - chapter.start_ms) <= 1
        assert abs(_ms(seen, "END") - chapter.end_ms) <= 1


def test_metadata_helper_lists_the_chapters_in_order(mp3: Path, timeline: Timeline) -> None:
    """Without -copyts ffmpeg shifts chapters back by the encoder delay (about 25 ms)."""
    chapters = _ffmetadata_chapters(metadata(mp3))
    assert [c["title"] for c in chapters] == [c.title for c in timeline.chapters]
    shifts = {
        round(chapter.end_ms - _ms(seen, "END"))
        for seen, chapter in zip(chapters, timeline.chapters, strict=True)
    }
    assert len(shifts) == 1 and 0 <= shifts.pop() <= 60


def test_url_source_goes_into_comment(timeline: Timeline, tmp_path: Path) -> None:
    tags = Tags(title="T", author=None, comment="https://example.org/a", language="fr")
    path = write_mp3(timeline, tmp_path / "x.mp3", tags, bitrate="32k", sample_rate=22050)
    id3 = ID3(path)
    (comm,) = id3.getall("COMM")
    assert (comm.lang, comm.text) == ("fra", ["https://example.org/a"])
    assert "TPE1" not in id3
    assert MP3(path).info.sample_rate == 22050


def test_tags_for_article_use_the_site_without_a_byline(article: Article) -> None:
    web = replace(article, byline=None, source="https://www.example.org/post")
    tags = Tags.for_article(web)
    assert (tags.author, tags.album, tags.comment) == (
        "example.org",
        "example.org",
        "https://www.example.org/post",
    )
    assert Tags.for_article(web, author="Ann Lee").author == "Ann Lee"
    assert Tags.for_article(replace(article, source="-")).author == "Jane Doe"


PODCAST = Path(__file__).parents[1] / "fixtures" / "podcast"


@pytest.mark.parametrize(
    ("name", "mime"), [("cover.png", "image/png"), ("cover.jpg", "image/jpeg")]
)
def test_cover_goes_into_apic_with_its_mime_type(
    edition: EditionContext, tmp_path: Path, name: str, mime: str
) -> None:
    podcast = replace(edition, options=EditionOptions(cover=PODCAST / name))
    path = writer_for("mp3").write(podcast, tmp_path)
    (apic,) = ID3(path).getall("APIC")
    assert (apic.mime, apic.type, apic.data) == (mime, 3, (PODCAST / name).read_bytes())
    assert len(ID3(path).getall("CHAP")) == len(edition.timeline.chapters), "chapters kept"


def test_a_bad_cover_fails_before_any_file_is_written(
    edition: EditionContext, tmp_path: Path
) -> None:
    podcast = replace(edition, options=EditionOptions(cover=PODCAST / "wide.png"))
    with pytest.raises(OutputError, match="not square"):
        writer_for("mp3").write(podcast, tmp_path)
    assert not list(tmp_path.iterdir())


def test_bitrate_option_overrides_the_profile(edition: EditionContext, tmp_path: Path) -> None:
    podcast = replace(edition, options=EditionOptions(bitrate="96k"))
    info = MP3(writer_for("mp3").write(podcast, tmp_path)).info
    assert (info.bitrate, info.sample_rate, info.channels) == (96000, 44100, 1)


def test_web_source_goes_into_the_comment_with_the_date(
    edition: EditionContext, article: Article, tmp_path: Path
) -> None:
    web = replace(edition, article=replace(article, source="https://example.org/ketamine"))
    tags = ID3(writer_for("mp3").write(web, tmp_path))
    assert [c.text for c in tags.getall("COMM")] == [["https://example.org/ketamine"]]
    assert str(tags["TDRC"].text[0]) == "2024-05-01"
