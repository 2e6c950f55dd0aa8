"""`narrate build --format mp3,m4b --split-chapters` on a book with nested chapters, as users
run it: one file per top-level chapter in each format, tagged as tracks of the book, with the
sub-chapters inside, and cut at the programme's chapter marks so that, decoded, the files are
the whole programme, mark to mark."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from narrate.ffmpeg import decode
from tests.books import PARTS, SLUG, nested_book
from tests.helpers import narrate_process

RATE = 44100  # the podcast profile's: no resampling between the whole and its parts


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("split-book")
    done = narrate_process(
        "build", str(nested_book(folder)), "--engine", "tone", "-q", "-o", str(folder / "out"),
        "--cache-dir", str(folder / "cache"), "--format", "mp3,m4b", "--split-chapters",
        "--date", "2026-01-01", module="tests.tone_cli",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder / "out" / SLUG


def _manifest(edition: Path) -> dict:
    return json.loads((edition / "manifest.json").read_text(encoding="utf-8"))


def _samples(path: Path) -> np.ndarray:
    return np.array(decode(path, RATE).get_array_of_samples(), dtype=float)


def _top_starts(manifest: dict) -> list[int]:
    """Where each top-level chapter starts: the title's, each part's, the notice's."""
    return [c["start_ms"] for c in manifest["chapters"] if not c["title"].startswith("Section")]


def test_one_file_per_top_level_chapter_in_each_format(edition):
    names = ["01-the-lighthouse-keeper", "02-part-1-the-storm", "03-part-2-the-harbour",
             "04-part-3-the-return", "05-about-this-audio"]  # fmt: skip
    expected = [f"chapters/{name}.{ext}" for name in names for ext in ("mp3", "m4b")]
    assert _manifest(edition)["chapter_files"] == expected
    found = sorted(p.relative_to(edition).as_posix() for p in (edition / "chapters").iterdir())
    assert found == sorted([*expected, f"chapters/{SLUG}.m3u"])
    playlist = (edition / "chapters" / f"{SLUG}.m3u").read_text(encoding="utf-8").splitlines()
    assert playlist[2::2] == [f"{name}.mp3" for name in names]


def test_each_file_is_a_track_of_the_book_with_its_sections_inside(edition):
    files = _manifest(edition)["chapter_files"]
    for n, part in enumerate(PARTS[:3], 2):
        mp3, m4b = edition / files[2 * n - 2], edition / files[2 * n - 1]
        title = f"Part {n - 1}: {part}"
        sections = [f"Section {n - 1}.1", f"Section {n - 1}.2"]
        tags = ID3(mp3)
        assert tags["TIT2"].text == [title]
        assert tags["TALB"].text == ["The Lighthouse Keeper"]
        assert tags["TRCK"].text == [f"{n}/5"]
        chaps = {c.element_id: c.sub_frames["TIT2"].text[0] for c in tags.getall("CHAP")}
        assert list(chaps.values()) == [title, *sections]
        (top,) = [t for t in tags.getall("CTOC") if t.element_id == "toc"]
        assert [chaps[e] for e in top.child_element_ids] == [title, *sections]
        mp4 = MP4(m4b)
        assert mp4.tags["\xa9nam"] == [title]
        assert mp4.tags["\xa9alb"] == ["The Lighthouse Keeper"]
        assert mp4.tags["trkn"] == [(n, 5)]
        assert [c.title for c in mp4.chapters] == [title, *sections]
        assert mp4.chapters[0].start == 0


@pytest.mark.parametrize("ext", ["mp3", "m4b"])
def test_the_files_are_the_whole_programme_cut_at_its_marks(edition, ext):
    manifest = _manifest(edition)
    whole = _samples(edition / f"{SLUG}.{ext}")
    starts = _top_starts(manifest)
    ends = [*starts[1:], manifest["duration_ms"]]
    parts = [edition / f for f in manifest["chapter_files"] if f.endswith(ext)]
    assert len(parts) == len(starts) == 5
    lengths = []
    for path, start, end in zip(parts, starts, ends, strict=True):
        own = _samples(path)
        lengths.append(len(own) * 1000 / RATE)
        assert abs(lengths[-1] - (end - start)) <= 5, path.name
        first = start * RATE // 1000
        best_lag, best = max(
            ((lag, _likeness(own, whole[first + lag :])) for lag in range(-44, 45)
             if first + lag >= 0),
            key=lambda found: found[1],
        )
        assert best > 0.99 and abs(best_lag) <= 2, (path.name, best_lag, best)
    assert abs(sum(lengths) - len(whole) * 1000 / RATE) <= 5 * len(parts)


def _likeness(part: np.ndarray, whole_from: np.ndarray) -> float:
    """The correlation of `part` with as much of `whole_from` (1: the same sound, in step)."""
    n = min(len(part), len(whole_from))
    a, b = part[:n], whole_from[:n]
    return float(np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b)))
