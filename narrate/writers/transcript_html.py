"""The accessible HTML transcript: the document's outline (writers/outline.py) as a web page."""

from __future__ import annotations

from lxml import etree

from narrate.writers.base import EditionContext, register
from narrate.writers.html_parts import html, render_body, sub, template, time_element
from narrate.writers.outline import outline
from narrate.writers.text import TextWriter
from narrate.writers.transcript import byline


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
class TranscriptHtmlWriter(TextWriter):
    """`<slug>.transcript.html`: the transcript as an accessible web page."""

    format = "transcript_html"
    extension = ".transcript.html"
    media_type = "text/html"

    def render(self, edition: EditionContext) -> str:
        return render_transcript_html(edition)
