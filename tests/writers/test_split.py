"""One MP3 per chapter: cut at the chapter times, tagged n/N, listed in a playlist and manifest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from narrate.ffmpeg import decode
from narrate.model import Timeline
from narrate.writers import EditionContext, writer_for
from narrate.writers.base import EditionOptions
from narrate.writers.manifest import build_manifest
from narrate.writers.split import chapter_files

COVER = Path(__file__).parents[1] / "fixtures" / "podcast" / "cover.png"
NAMES = [
    "chapters/01-understanding-ketamine-therapy.mp3",
    "chapters/02-choosing-whats-right-for-you.mp3",
    "chapters/03-kap-ketamine-assisted-you.mp3",
]


@pytest.fixture(scope="module")
def edition_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("split")


@pytest.fixture(scope="module")
def playlist(edition: EditionContext, edition_dir: Path) -> Path:
    with_cover = replace(edition, options=EditionOptions(cover=COVER, split_chapters=True))
    return writer_for("split_chapters").write(with_cover, edition_dir)


def test_one_file_per_chapter_named_by_number_and_title(
    playlist: Path, edition_dir: Path, timeline: Timeline
) -> None:
    assert chapter_files(timeline) == NAMES
    assert sorted(p.relative_to(edition_dir).as_posix() for p in edition_dir.rglob("*.mp3")) == (
        NAMES
    )
    assert playlist == edition_dir / "chapters" / "understanding-ketamine-therapy.m3u"
    assert not list(edition_dir.rglob(".*.tmp-*"))


def test_each_file_holds_its_chapter(edition_dir: Path, timeline: Timeline, playlist) -> None:
    for name, chapter in zip(NAMES, timeline.chapters, strict=True):
        audio = decode(edition_dir / name)
        assert abs(len(audio) - (chapter.end_ms - chapter.start_ms)) <= 30


def test_each_file_is_tagged_as_a_track_of_the_article(
    edition_dir: Path, timeline: Timeline, playlist
) -> None:
    for n, (name, chapter) in enumerate(zip(NAMES, timeline.chapters, strict=True), 1):
        tags = ID3(edition_dir / name)
        assert tags["TIT2"].text == [chapter.title]
        assert tags["TRCK"].text == [f"{n}/3"]
        assert tags["TALB"].text == ["Understanding Ketamine Therapy"]
        assert tags["TPE1"].text == ["Jane Doe"]
        assert tags.getall("APIC")[0].mime == "image/png"
        (chap,) = tags.getall("CHAP")
        assert (chap.start_time, chap.end_time) == (0, chapter.end_ms - chapter.start_ms)


def test_the_playlist_lists_them_in_order(playlist: Path, timeline: Timeline) -> None:
    lines = playlist.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    assert lines[2::2] == [Path(name).name for name in NAMES]
    seconds = round((timeline.chapters[1].end_ms - timeline.chapters[1].start_ms) / 1000)
    assert lines[3] == f"#EXTINF:{seconds},Choosing What’s Right for You"


def test_the_manifest_names_each_chapter_file(
    edition: EditionContext, edition_dir: Path, playlist: Path
) -> None:
    manifest = build_manifest(edition, {"split_chapters": playlist}, edition_dir)
    assert manifest.files == {"split_chapters": "chapters/understanding-ketamine-therapy.m3u"}
    assert list(manifest.chapter_files) == NAMES
    assert build_manifest(edition, {}, edition_dir).chapter_files is None
