"""WebVTT and SRT captions: short lines, exact cue times, long sentences shared out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrate.model import Timeline
from narrate.timefmt import caption_stamp as timestamp
from narrate.writers import EditionContext, writer_for
from narrate.writers.captions import Caption, captions, layout
from tests.writers.conftest import KAP, LONG

SPAN = re.compile(r"^(\d\d):(\d\d):(\d\d)([.,])(\d{3}) --> (\d\d):(\d\d):(\d\d)([.,])(\d{3})$")


def _ms(h: str, m: str, s: str, ms: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def _parse(text: str, separator: str) -> list[Caption]:
    """Captions back from a VTT (after its header) or SRT (after each number)."""
    parsed = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        if lines[0] == "WEBVTT" or lines[0].isdigit():
            lines = lines[1:]
        if not lines:
            continue
        match = SPAN.match(lines[0])
        assert match, lines[0]
        g = match.groups()
        assert g[3] == g[8] == separator
        parsed.append(Caption(_ms(*g[0:3], g[4]), _ms(*g[5:8], g[9]), tuple(lines[1:])))
    return parsed


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.fixture(scope="module")
def vtt(edition: EditionContext, edition_dir: Path) -> str:
    path = writer_for("vtt").write(edition, edition_dir)
    assert path.name == f"{edition.slug}.vtt"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def srt(edition: EditionContext, edition_dir: Path) -> str:
    path = writer_for("srt").write(edition, edition_dir)
    assert path.name == f"{edition.slug}.srt"
    return path.read_text(encoding="utf-8")


def _check_against_timeline(items: list[Caption], timeline: Timeline, unescape) -> None:
    """Short lines, in order, no overlap, inside each cue, the cue's text reconstructed."""
    assert all(1 <= len(c.lines) <= 2 and all(len(line) <= 42 for line in c.lines) for c in items)
    assert all(a.end_ms <= b.start_ms for a, b in zip(items, items[1:], strict=False))
    remaining = list(items)
    for timed in timeline.cues:
        text, pieces = timed.cue.display, []
        while " ".join(" ".join(p.lines) for p in pieces) != text:
            pieces.append(remaining.pop(0))
            pieces[-1] = Caption(
                pieces[-1].start_ms, pieces[-1].end_ms, tuple(map(unescape, pieces[-1].lines))
            )
        assert pieces[0].start_ms == timed.start_ms and pieces[-1].end_ms == timed.end_ms
        assert all(a.end_ms == b.start_ms for a, b in zip(pieces, pieces[1:], strict=False))
    assert not remaining


def test_vtt_follows_the_timeline(vtt: str, timeline: Timeline) -> None:
    assert vtt.startswith("WEBVTT\n\n")
    assert "KAP (Ketamine-Assisted) &amp; &lt;You&gt;" in vtt
    _check_against_timeline(_parse(vtt, "."), timeline, _unescape)


def test_srt_follows_the_timeline(srt: str, timeline: Timeline) -> None:
    numbers = [int(block.split("\n")[0]) for block in srt.strip().split("\n\n")]
    assert numbers == list(range(1, len(numbers) + 1))
    assert KAP in srt
    _check_against_timeline(_parse(srt, ","), timeline, lambda line: line)


def test_long_sentence_is_split_with_shares_by_length(timeline: Timeline) -> None:
    (timed,) = [t for t in timeline.cues if t.cue.display == LONG]
    pieces = [c for c in captions(timeline) if timed.start_ms <= c.start_ms < timed.end_ms]
    assert len(pieces) == 4, "309 characters need at least 4 captions of 84"
    assert " ".join(" ".join(p.lines) for p in pieces) == LONG
    sizes = [len(" ".join(piece.lines)) for piece in pieces]
    duration = timed.end_ms - timed.start_ms
    for piece, size in zip(pieces, sizes, strict=True):
        assert abs(piece.end_ms - piece.start_ms - duration * size / sum(sizes)) <= 1


def test_layout_balances_lines_and_cuts_words_longer_than_a_line() -> None:
    assert layout("Bring a friend.") == [("Bring a friend.",)]
    (two,) = layout("Ketamine is an old anaesthetic that is finding new uses.")
    assert len(two) == 2 and abs(len(two[0]) - len(two[1])) <= 8
    url = "https://example.org/" + "a" * 60
    pieces = layout(f"See {url} today")
    assert all(len(line) <= 42 for lines in pieces for line in lines)
    assert "".join("".join(lines) for lines in pieces).replace(" ", "") == f"See{url}today"
    assert layout("  ") == []


def test_timestamps() -> None:
    assert timestamp(0) == "00:00:00.000"
    assert timestamp(3_723_004) == "01:02:03.004"
    assert timestamp(3_723_004, ",") == "01:02:03,004"


def test_chapters_vtt(edition: EditionContext, edition_dir: Path, timeline: Timeline) -> None:
    text = writer_for("chapters_vtt").write(edition, edition_dir).read_text(encoding="utf-8")
    parsed = _parse(text, ".")
    assert text.startswith("WEBVTT\n\n")
    assert [(c.start_ms, c.end_ms, _unescape(c.lines[0])) for c in parsed] == [
        (c.start_ms, c.end_ms, c.title) for c in timeline.chapters
    ]
