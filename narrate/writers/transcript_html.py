"""The accessible HTML transcript, and the outline of headings and passages it shares.

The outline regroups the timed cues into the article's shape: one part per heading (the title
first, as the only level 1), each holding paragraphs, list items and sub-headings of cues. The
DAISY book and the web player render the same outline, so all three read alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from itertools import groupby
from pathlib import Path
from typing import Literal

from lxml import etree

from narrate.assemble import lead_in
from narrate.fs import atomic_write_text
from narrate.model import Article, Script, TimedCue, Timeline
from narrate.timefmt import clock, iso_duration
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.transcript import byline

PassageKind = Literal["paragraph", "list_item", "heading"]
# a part before its times: title, level, chapter index, heading cue, the chapter's cues
_Draft = tuple[str, int, int | None, TimedCue | None, list[TimedCue]]


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


def _normal(text: str) -> str:
    return " ".join(text.split())


def _passages(cues: list[TimedCue], list_items: set[str]) -> tuple[Passage, ...]:
    """Consecutive sentences of one paragraph as a passage; any other heading cue as its own."""
    passages = []
    for (_, kind), run in groupby(cues, key=lambda t: (t.cue.paragraph, t.cue.kind)):
        run_cues = tuple(run)
        if kind != "sentence":
            passages += [Passage("heading", (t,)) for t in run_cues]
            continue
        text = _normal(" ".join(t.cue.display for t in run_cues))
        passages.append(Passage("list_item" if text in list_items else "paragraph", run_cues))
    return tuple(passages)


def _heading_cue(cues: list[TimedCue], names: set[str]) -> TimedCue | None:
    """The first title or heading cue that says one of `names`."""
    return next(
        (t for t in cues if t.cue.kind in ("title", "heading") and _normal(t.cue.display) in names),
        None,
    )


def outline(timeline: Timeline, script: Script, article: Article) -> tuple[Part, ...]:
    """The document's parts in reading order: the title, then one per chapter."""
    titles = {_normal(article.title), _normal(script.title)}
    list_items = {
        _normal(b.text) for s in article.sections for b in s.blocks if b.kind == "list_item"
    }
    drafts: list[_Draft] = []
    for index, chapter in enumerate(timeline.chapters):
        cues = [t for t in timeline.cues if t.cue.chapter == index]
        if index == 0 and _normal(chapter.title) in titles:
            drafts.append((article.title, 1, index, _heading_cue(cues, titles), cues))
            continue
        if index == 0:  # no introduction: the title stands alone before the first chapter
            title_cue = _heading_cue(cues, titles)
            drafts.append((article.title, 1, None, title_cue, []))
            cues = [t for t in cues if t is not title_cue]
        drafts.append(
            (chapter.title, chapter.level, index, _heading_cue(cues, {chapter.title}), cues)
        )
    parts: list[Part] = []
    starts = [_start(d, timeline) for d in drafts]
    starts[0] = 0
    for n, (title, level, chapter, heading, cues) in enumerate(drafts):
        start = starts[n] if starts[n] is not None else _next_start(starts, n, timeline)
        end = _next_start(starts, n, timeline)
        if n:
            level = max(2, min(level, parts[-1].level + 1, 6))
        body = _passages([t for t in cues if t is not heading], list_items)
        parts.append(Part(title, level, chapter, start, end, heading, body))
    return tuple(parts)


def _start(draft: _Draft, timeline: Timeline) -> int | None:
    """Where a part with sound starts: its chapter's start (the mark leads the heading), or
    for the first chapter after a title that stands alone, the same lead-in before its sound."""
    _, _, chapter, heading, cues = draft
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



def time_element(ms: int) -> etree._Element:
    """`<time datetime="PT1M5S">01:05</time>`."""
    element = etree.Element("time", datetime=iso_duration(ms))
    element.text = clock(ms)
    return element


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element with optional text and attributes (`class_` for `class`)."""
    element = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    element.text = text
    return element


def seconds(ms: int) -> str:
    """Milliseconds as seconds for data attributes and players: `12.345`."""
    return f"{ms / 1000:.3f}"


def _cue_span(parent: etree._Element, timed: TimedCue, timed_spans: bool) -> None:
    """A cue's text: a timed span (for the player), or plain text with a space between cues."""
    if not timed_spans:
        text = timed.cue.display
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + " " + text
        else:
            parent.text = (parent.text + " " if parent.text else "") + text
        return
    if len(parent) or parent.text:
        if len(parent):
            parent[-1].tail = " "
        else:
            parent.text += " "
    sub(
        parent,
        "span",
        timed.cue.display,
        id=timed.cue.id,
        class_="cue",
        **{"data-start": seconds(timed.start_ms), "data-end": seconds(timed.end_ms)},
    )


def part_anchor(part: Part) -> str:
    """The id of a part's heading in the web pages."""
    return "title" if part.level == 1 else f"part-{part.chapter}"


def render_body(
    parent: etree._Element, parts: tuple[Part, ...], *, shift: int = 0, timed: bool = False
) -> None:
    """Append the parts after the title: headings (level + `shift`) with times, then passages.

    With `timed`, every cue is a `span.cue` with its id and `data-start`/`data-end` in seconds.
    """
    for part in parts:
        if part.level > 1:
            heading = sub(parent, f"h{min(part.level + shift, 6)}", id=part_anchor(part))
            if timed and part.heading:
                _cue_span(heading, part.heading, True)
                heading[-1].tail = " "
            else:
                heading.text = f"{part.title} "
            heading.append(time_element(part.start_ms))
        items: etree._Element | None = None
        for passage in part.passages:
            if passage.kind == "list_item":
                if items is None:
                    items = sub(parent, "ul")
                block = sub(items, "li")
            else:
                items = None
                level = min(part.level + shift + 1, 6)
                block = sub(parent, f"h{level}" if passage.kind == "heading" else "p")
            for timed_cue in passage.cues:
                _cue_span(block, timed_cue, timed)


def html(element: etree._Element) -> str:
    """An element serialised as HTML."""
    return etree.tostring(element, method="html", encoding="unicode")


def template(name: str) -> str:
    """A file from narrate/writers/templates/."""
    return files("narrate.writers").joinpath("templates", name).read_text(encoding="utf-8")


def render_transcript_html(edition: EditionContext) -> str:
    """The transcript page: one h1, chapters as h2 and below with their times, inline CSS."""
    article = edition.article
    parts = outline(edition.timeline, edition.script, article)
    page = etree.Element("html", lang=article.language)
    head = sub(page, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    sub(head, "title", f"{article.title}: transcript")
    sub(head, "style", "\n" + template("transcript.css"))
    main = sub(sub(page, "body"), "main")
    sub(main, "h1", article.title, id="title")
    if shown := byline(edition.author or article.byline):
        sub(main, "p", shown, class_="byline")
    duration = sub(main, "p", "Transcript of the spoken edition, ", class_="about")
    duration.append(time_element(edition.timeline.duration_ms))
    duration[-1].tail = " long."
    render_body(main, parts)
    return "<!DOCTYPE html>\n" + html(page) + "\n"


@register
class TranscriptHtmlWriter(Writer):
    """`<slug>.transcript.html`: the transcript as an accessible web page."""

    format = "transcript_html"
    extension = ".transcript.html"
    reads_programme = False

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return atomic_write_text(dest_dir / self.filename(edition), render_transcript_html(edition))
