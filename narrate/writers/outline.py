"""The outline of the document: the timed cues regrouped into the article's shape.

One part per heading (the title first, as the only level 1), each holding paragraphs, list
items and sub-headings of cues. The Markdown and HTML transcripts, the DAISY book and the web
player all render this one outline, so they read alike. Parts and passages come from what each
cue says it is (its kind, block kind and chapter), never from comparing display text.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from narrate.assemble import lead_in
from narrate.model import Article, Script, TimedCue, Timeline

PassageKind = Literal["paragraph", "list_item", "heading"]


@dataclass(frozen=True)
class _PartDraft:
    """A part before its times."""

    title: str
    level: int
    chapter: int | None
    heading: TimedCue | None
    cues: list[TimedCue]
    is_title: bool = False


@dataclass(frozen=True)
class Passage:
    """A paragraph, a list item or a sub-heading: the timed cues that make it, in order."""

    kind: PassageKind
    cues: tuple[TimedCue, ...]


@dataclass(frozen=True)
class Part:
    """One heading of the document and what follows it, up to the next heading.

    `chapter` indexes Timeline.chapters (None for a title split off a titled first chapter);
    `level` is 1 for the title only and never skips a level; `heading` is the cue that says
    the heading aloud, if it was spoken.
    """

    title: str
    level: int
    chapter: int | None
    start_ms: int
    end_ms: int
    heading: TimedCue | None
    passages: tuple[Passage, ...]

    @property
    def cues(self) -> tuple[TimedCue, ...]:
        """Every cue of the part, heading first."""
        body = tuple(t for passage in self.passages for t in passage.cues)
        return ((self.heading,) if self.heading else ()) + body


def _passages(cues: list[TimedCue]) -> tuple[Passage, ...]:
    """Consecutive sentences of one block as a passage; any other heading cue as its own."""
    passages = []
    for (_, kind), run in groupby(cues, key=lambda t: (t.cue.paragraph, t.cue.kind)):
        run_cues = tuple(run)
        if kind not in ("sentence", "notice"):
            passages += [Passage("heading", (t,)) for t in run_cues]
            continue
        block: PassageKind = "list_item" if run_cues[0].cue.block == "list_item" else "paragraph"
        passages.append(Passage(block, run_cues))
    return tuple(passages)


def _first(cues: list[TimedCue], kind: str) -> TimedCue | None:
    """The chapter's own title or heading cue: it comes before the first block (paragraph 0);
    a heading cue inside a block is a sub-heading, a passage of its own."""
    return next((t for t in cues if t.cue.kind == kind and t.cue.paragraph == 0), None)


def _is_introduction(chapter_title: str, article: Article, script: Script) -> bool:
    """Whether the first chapter is the text under the title (it is named after the title)."""
    return " ".join(chapter_title.split()) in {
        " ".join(article.title.split()),
        " ".join(script.title.split()),
    }


def outline(timeline: Timeline, script: Script, article: Article) -> tuple[Part, ...]:
    """The document's parts in reading order: the title, then one per chapter (the
    synthetic-voice notice's chapter, narrate.disclosure, a part of its own at level 2, before
    the title or after the last)."""
    drafts: list[_PartDraft] = []
    notices = {t.cue.chapter for t in timeline.cues if t.cue.kind == "notice"}
    first = next((n for n in range(len(timeline.chapters)) if n not in notices), 0)
    for index, chapter in enumerate(timeline.chapters):
        cues = [t for t in timeline.cues if t.cue.chapter == index]
        if index in notices:
            drafts.append(_PartDraft(chapter.title, 2, index, None, cues))
            continue
        title_cue = _first(cues, "title") if index == first else None
        if index == first and _is_introduction(chapter.title, article, script):
            drafts.append(_PartDraft(article.title, 1, index, title_cue, cues, is_title=True))
            continue
        if index == first:  # no introduction: the title stands alone before the first chapter
            drafts.append(_PartDraft(article.title, 1, None, title_cue, [], is_title=True))
            cues = [t for t in cues if t is not title_cue]
        drafts.append(
            _PartDraft(chapter.title, chapter.level, index, _first(cues, "heading"), cues)
        )
    parts: list[Part] = []
    starts = [_start(d, timeline) for d in drafts]
    starts[0] = 0
    for n, d in enumerate(drafts):
        own = starts[n]
        start = own if own is not None else _next_start(starts, n, timeline)
        end = _next_start(starts, n, timeline)
        level = 1 if d.is_title else max(2, min(d.level, (parts[-1].level if parts else 1) + 1, 6))
        body = _passages([t for t in d.cues if t is not d.heading])
        parts.append(Part(d.title, level, d.chapter, start, end, d.heading, body))
    return tuple(parts)


def _start(draft: _PartDraft, timeline: Timeline) -> int | None:
    """Where a part with sound starts: its chapter's start (the mark leads the heading), or
    for the first chapter after a title that stands alone, the same lead-in before its sound."""
    chapter, heading, cues = draft.chapter, draft.heading, draft.cues
    sounds = ([heading] if heading else []) + cues
    if not sounds:
        return None
    if chapter:
        return timeline.chapters[chapter].start_ms
    first = min(sounds, key=lambda t: t.start_ms)
    before = [t.end_ms for t in timeline.cues if t.end_ms <= first.start_ms]
    return lead_in(first.start_ms, max(before, default=0))


def _next_start(starts: list[int | None], n: int, timeline: Timeline) -> int:
    """Where the part after the n-th begins: the next part with sound, else the end."""
    return next((s for s in starts[n + 1 :] if s is not None), timeline.duration_ms)


@dataclass(frozen=True)
class PageStart:
    """Where a printed page starts: the first cue read from it (Cue.page), in reading order."""

    page: int
    cue: TimedCue
    name: str = ""  # what the page is called in print ("iv", "A-1"); its number when ""

    @property
    def label(self) -> str:
        """The page's printed name, else its number."""
        return self.name or str(self.page)


def page_starts(timeline: Timeline, labels: tuple[str, ...] = ()) -> tuple[PageStart, ...]:
    """Each page of a paged document at its first cue, in reading order; a page number that
    does not follow the last one marked (a block that starts on no new page) is skipped, so
    the list rises, and a page on which no block starts has no entry."""
    starts: list[PageStart] = []
    for timed in timeline.cues:
        page = timed.cue.page
        if page is not None and (not starts or page > starts[-1].page):
            name = labels[page - 1] if 0 < page <= len(labels) else ""
            starts.append(PageStart(page, timed, name))
    return tuple(starts)


def chapter_parents(timeline: Timeline) -> tuple[int | None, ...]:
    """For each of the timeline's chapters, the index of the chapter it is a sub-chapter of
    (the nearest one before it with a lower heading level), None at the top. The first
    chapter (the title, the text under it, or a book's first heading: "Part One") is at the
    top and holds the sub-chapters that come before the next top-level one; the synthetic-voice
    notice's is at the top and holds none; levels are relative, so a document whose headings
    start at level 3 has its level-3 chapters at the top."""
    notices = {t.cue.chapter for t in timeline.cues if t.cue.kind == "notice"}
    headed = [c.level for n, c in enumerate(timeline.chapters) if n and n not in notices]
    top = min(headed, default=1)
    levels = [top if n == 0 or n in notices else max(chapter.level, top)
              for n, chapter in enumerate(timeline.chapters)]  # fmt: skip
    parents: list[int | None] = []
    for n, level in enumerate(levels):
        parent = None
        if level > top:
            for before in range(n - 1, -1, -1):
                if before not in notices and levels[before] < level:
                    parent = before
                    break
        parents.append(parent)
    return tuple(parents)
