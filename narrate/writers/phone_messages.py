"""How an edition becomes phone messages: one per chapter, split between sentences when long,
pauses capped, as spans of the programme's timeline (no audio is touched here)."""

from __future__ import annotations

from dataclasses import dataclass

from narrate.model import TimedCue, Timeline
from narrate.slug import slugify

MAX_PAUSE_MS = 1500  # longer pauses lose a caller who thinks the line went dead
EDGE_MS = 150  # silence kept before the first and after the last sound of a message


@dataclass(frozen=True)
class Message:
    """One file's worth of speech: its name, title and the programme spans (ms) it plays."""

    name: str
    group: str  # "messages" or "full"
    title: str
    chapter: int  # 1-based; 0 for the whole article
    part: int  # 1-based; 0 when the chapter is not split
    spans: tuple[tuple[int, int], ...]

    @property
    def speech_ms(self) -> int:
        return sum(end - start for start, end in self.spans)


def split_messages(
    timeline: Timeline, slug: str, title: str, max_message_ms: int | None
) -> list[Message]:
    """The messages of an edition in playing order, then the whole article."""
    cues = timeline.cues
    width = max(2, len(str(len(timeline.chapters))))
    messages = []
    for n, chapter in enumerate(timeline.chapters, start=1):
        indexes = [i for i, t in enumerate(cues) if t.cue.chapter == n - 1]
        if not indexes:
            continue
        parts = _split(timeline, indexes[0], indexes[-1] + 1, max_message_ms)
        name = slugify(chapter.title, fallback="chapter")
        for p, (a, b) in enumerate(parts):
            letters = _letters(p, len(parts)) if len(parts) > 1 else ""
            messages.append(Message(f"{n:0{width}d}{letters}-{name}", "messages",
                                    chapter.title, n, p + 1 if letters else 0,
                                    spans(timeline, a, b)))  # fmt: skip
    if cues:
        messages.append(Message(slug, "full", title, 0, 0, spans(timeline, 0, len(cues))))
    return messages


def spans(timeline: Timeline, first: int, stop: int) -> tuple[tuple[int, int], ...]:
    """The programme spans (ms) that play cues `first` to `stop` - 1 with pauses capped.

    Each pause keeps at most MAX_PAUSE_MS; the message starts EDGE_MS before its first sound
    and ends EDGE_MS after its last, never reaching into a neighbouring cue.
    """
    cues = timeline.cues
    before = cues[first - 1].end_ms if first else 0
    after = cues[stop].start_ms if stop < len(cues) else timeline.duration_ms
    out: list[tuple[int, int]] = []
    for i in range(first, stop):
        start = cues[i].start_ms - (min(EDGE_MS, cues[i].start_ms - before) if i == first else 0)
        following = cues[i + 1].start_ms if i + 1 < stop else after
        keep = EDGE_MS if i + 1 == stop else MAX_PAUSE_MS
        end = cues[i].end_ms + max(0, min(keep, following - cues[i].end_ms))
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)


def _split(timeline: Timeline, first: int, stop: int, max_ms: int | None) -> list[tuple[int, int]]:
    """Cue ranges of at most `max_ms` of speech, cut only after a sentence (never a heading).

    A single sentence longer than `max_ms` becomes a message of its own.
    """
    cues = timeline.cues
    parts, a = [], first
    while a < stop:
        end = stop
        if max_ms and _length(timeline, a, stop) > max_ms:
            cuts = [k for k in range(a + 1, stop) if _after_sentence(cues[k - 1])]
            fitting = [k for k in cuts if _length(timeline, a, k) <= max_ms]
            end = fitting[-1] if fitting else (cuts[0] if cuts else stop)
        parts.append((a, end))
        a = end
    return parts


def _length(timeline: Timeline, first: int, stop: int) -> int:
    return sum(end - start for start, end in spans(timeline, first, stop))


def _after_sentence(timed: TimedCue) -> bool:
    return timed.cue.kind == "sentence"


def _letters(index: int, count: int) -> str:
    """`a`, `b`... (`aa`, `ab`... past 26 parts): one width per chapter, so names sort in order."""
    width = 1 if count <= 26 else 2
    out = ""
    for _ in range(width):
        index, digit = divmod(index, 26)
        out = chr(ord("a") + digit) + out
    return out
