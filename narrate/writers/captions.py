"""Captions (WebVTT, SRT) with one caption per spoken cue, and a WebVTT chapter track.

A caption holds at most two lines of 42 characters. A longer sentence is cut at word
boundaries into as few pieces as fit, of similar length, each shown for a share of the
sentence's time proportional to its characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from narrate.model import Timeline
from narrate.timefmt import caption_stamp
from narrate.writers.base import EditionContext, register
from narrate.writers.text import TextWriter

MAX_LINE = 42
MAX_LINES = 2


@dataclass(frozen=True)
class Caption:
    """One caption: its time span and its lines of display text."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


def _words(text: str) -> list[str]:
    """The text's words, any word longer than a line cut into line-sized parts."""
    words = []
    for word in text.split():
        words += [word[i : i + MAX_LINE] for i in range(0, len(word), MAX_LINE)]
    return words


def _lines(words: list[str]) -> tuple[str, ...] | None:
    """The words on one line, or on two lines of balanced length; None if they do not fit."""
    sizes = [len(word) for word in words]
    total = sum(sizes) + len(words) - 1  # with the spaces
    if total <= MAX_LINE:
        return (" ".join(words),)
    best, first = None, -1
    for k in range(1, len(words)):  # the first line holds words[:k]
        first += sizes[k - 1] + 1
        longest = max(first, total - first - 1)
        if longest <= MAX_LINE and (best is None or longest < best[0]):
            best = (longest, k)
    return (" ".join(words[: best[1]]), " ".join(words[best[1] :])) if best else None


def layout(text: str) -> list[tuple[str, ...]]:
    """The captions' lines for one cue's text: as few captions as fit, the longest kept short."""
    words = _words(text)
    # best[i]: (captions, longest caption, where the next starts) for the words from i on
    best: dict[int, tuple[int, int, int]] = {len(words): (0, 0, len(words))}
    for i in reversed(range(len(words))):
        options, size = [], -1
        for j in range(i + 1, len(words) + 1):
            size += len(words[j - 1]) + 1
            if size > MAX_LINE and j > i + 1:  # one line or two?
                if size > MAX_LINES * MAX_LINE + 1 or _lines(words[i:j]) is None:
                    break
            count, longest, _ = best[j]
            options.append((count + 1, max(longest, size), j))
        best[i] = min(options)
    pieces, i = [], 0
    while i < len(words):
        j = best[i][2]
        pieces.append(_lines(words[i:j]) or (words[i],))
        i = j
    return pieces


def _timed(start_ms: int, end_ms: int, pieces: list[tuple[str, ...]]) -> list[Caption]:
    """Share [start, end) among the pieces by character count, contiguously."""
    sizes = [len(" ".join(lines)) for lines in pieces]
    total, done, captions = sum(sizes), 0, []
    begin = start_ms
    for lines, size in zip(pieces, sizes, strict=True):
        done += size
        end = start_ms + round((end_ms - start_ms) * done / total)
        captions.append(Caption(begin, end, lines))
        begin = end
    return captions


def captions(timeline: Timeline) -> list[Caption]:
    """Every title, heading and sentence of the timeline as captions, in order."""
    result: list[Caption] = []
    for timed in timeline.cues:
        result += _timed(timed.start_ms, timed.end_ms, layout(timed.cue.display))
    return result



def _escape_vtt(text: str) -> str:
    """Escape the characters WebVTT cue text reserves."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(items: Iterable[Caption]) -> str:
    """A WebVTT file of the captions."""
    blocks = ["WEBVTT\n"]
    for c in items:
        text = "\n".join(_escape_vtt(line) for line in c.lines)
        blocks.append(f"{caption_stamp(c.start_ms)} --> {caption_stamp(c.end_ms)}\n{text}\n")
    return "\n".join(blocks)


def render_srt(items: Iterable[Caption]) -> str:
    """An SRT file of the captions, numbered from 1."""
    blocks = []
    for number, c in enumerate(items, 1):
        span = f"{caption_stamp(c.start_ms, ',')} --> {caption_stamp(c.end_ms, ',')}"
        blocks.append(f"{number}\n{span}\n" + "\n".join(c.lines) + "\n")
    return "\n".join(blocks)


def render_chapters_vtt(timeline: Timeline) -> str:
    """A WebVTT chapter track (one cue per chapter title) for `<track kind="chapters">`."""
    return render_vtt(Caption(c.start_ms, c.end_ms, (c.title,)) for c in timeline.chapters)


@register
class VttWriter(TextWriter):
    """`<slug>.vtt`: WebVTT captions."""

    format = "vtt"
    extension = ".vtt"
    media_type = "text/vtt"

    def render(self, edition: EditionContext) -> str:
        return render_vtt(captions(edition.timeline))


@register
class SrtWriter(TextWriter):
    """`<slug>.srt`: SRT captions."""

    format = "srt"
    extension = ".srt"
    media_type = "application/x-subrip"

    def render(self, edition: EditionContext) -> str:
        return render_srt(captions(edition.timeline))


@register
class ChaptersVttWriter(TextWriter):
    """`<slug>.chapters.vtt`: chapter titles as a WebVTT chapters track."""

    format = "chapters_vtt"
    extension = ".chapters.vtt"
    media_type = "text/vtt"

    def render(self, edition: EditionContext) -> str:
        return render_chapters_vtt(edition.timeline)
