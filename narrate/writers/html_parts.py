"""HTML building blocks the transcript page and the web player share: the outline's parts as
headings and passages, cue spans with their times, and the page templates."""

from __future__ import annotations

from importlib.resources import files

from lxml import etree

from narrate.model import TimedCue
from narrate.timefmt import clock, iso_duration
from narrate.writers.outline import Part


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
            parent.text = (parent.text or "") + " "
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
