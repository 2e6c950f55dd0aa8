"""`index.html`: a web player that works offline from the edition folder.

The page holds the native audio player (with the captions and chapters tracks), a chapter list,
and the transcript, whose sentence being spoken is highlighted and marked `aria-current`.
CSS and JavaScript are inlined from `templates/`; without JavaScript it is the audio and its
transcript. It refers to the MP3 and the WebVTT files by the names their writers give them, so
those formats belong in the same edition.
"""

from __future__ import annotations

from html import escape
from string import Template

from lxml import etree

from narrate.disclosure import notice_text
from narrate.timefmt import spoken_length
from narrate.writers.base import WRITERS, EditionContext, Writer, register, writer_for
from narrate.writers.html_parts import (
    html,
    part_anchor,
    render_body,
    seconds,
    sub,
    template,
    time_element,
)
from narrate.writers.outline import Part, outline
from narrate.writers.text import TextWriter
from narrate.writers.transcript import byline

LANGUAGE_NAMES = {
    "de": "Deutsch", "en": "English", "es": "Español", "fr": "Français", "it": "Italiano",
    "nl": "Nederlands", "pt": "Português", "sv": "Svenska",
}  # fmt: skip



def _audio() -> Writer:
    """The audio the page plays: the format the podcast feed offers, which browsers play."""
    return next(writer() for writer in WRITERS.values() if writer.in_feed)


def _heading(edition: EditionContext, title: Part) -> str:
    """The page's h1 (the title, as a timed cue when it was spoken) and the byline."""
    header = etree.Element("div")
    h1 = sub(header, "h1", id=part_anchor(title))
    if title.heading:
        sub(
            h1,
            "span",
            title.heading.cue.display,
            id=title.heading.cue.id,
            class_="cue",
            **{
                "data-start": seconds(title.heading.start_ms),
                "data-end": seconds(title.heading.end_ms),
            },
        )
    else:
        h1.text = title.title
    if shown := byline(edition.author or edition.article.byline):
        sub(header, "p", shown, class_="byline")
    return "\n".join(html(child) for child in header)


def _chapters(edition: EditionContext, parts: tuple[Part, ...]) -> str:
    """An ordered list of links to the chapters' headings, each with its start time."""
    anchors = {part.chapter: part_anchor(part) for part in parts if part.chapter is not None}
    items = etree.Element("ol")
    for index, chapter in enumerate(edition.timeline.chapters):
        link = sub(
            sub(items, "li"),
            "a",
            f"{chapter.title} ",
            href=f"#{anchors.get(index, 'title')}",
            class_="chapter",
            **{"data-start": seconds(chapter.start_ms)},
        )
        link.append(time_element(chapter.start_ms))
    return html(items)


def _transcript(parts: tuple[Part, ...]) -> str:
    """The article's text under its headings, one level below the page's section headings."""
    body = etree.Element("div")
    render_body(body, parts, shift=1, timed=True)
    etree.indent(body, space="")
    return "\n".join(html(child) for child in body)


def _reader(edition: EditionContext) -> str:
    """Who reads, as the page says it: "a synthetic voice (piper, en_US-joe-medium)" while the
    edition speaks the synthetic-voice notice (narrate.disclosure), else the engine alone."""
    engine = edition.engine
    name = f"{engine.name}, {engine.voice}" if engine.voice else engine.name
    return f"a synthetic voice ({name})" if notice_text(edition.script) else name


def render_player(edition: EditionContext) -> str:
    """The player page, self-contained apart from the edition's MP3 and WebVTT files."""
    article = edition.article
    parts = outline(edition.timeline, edition.script, article)
    language = article.language
    base = language.split("-")[0].lower()
    page = Template(template("player.html"))
    return page.substitute(
        lang=escape(language),
        title=escape(article.title),
        css=template("transcript.css") + template("player.css"),
        js=template("player.js"),
        heading=_heading(edition, parts[0]),
        narrator=escape(_reader(edition)),
        duration=escape(spoken_length(edition.timeline.duration_ms)),
        mp3=escape(_audio().filename(edition)),
        vtt=escape(writer_for("vtt").filename(edition)),
        chapters_vtt=escape(writer_for("chapters_vtt").filename(edition)),
        captions_label=escape(LANGUAGE_NAMES.get(base, language)),
        chapters=_chapters(edition, parts),
        transcript=_transcript(parts),
    )


@register
class PlayerWriter(TextWriter):
    """`index.html`: the web player beside `<slug>.mp3`, `.vtt` and `.chapters.vtt`."""

    format = "player"
    extension = ".html"
    media_type = "text/html"

    def filename(self, edition: EditionContext) -> str:
        return "index.html"

    def render(self, edition: EditionContext) -> str:
        return render_player(edition)
