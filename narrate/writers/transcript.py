"""The Markdown transcript: the display text in paragraphs under timed chapter headings.

The time follows the heading text (`## Title [01:05]`) so a screen reader announces the
chapter first. An untitled introduction (its chapter title is the article's) sits under the
`#` title with a `[00:00]` line of its own.
"""

from __future__ import annotations

import re

from narrate.model import Article, Script, Timeline
from narrate.timefmt import clock
from narrate.writers.base import EditionContext, register
from narrate.writers.outline import Passage, outline
from narrate.writers.text import TextWriter

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>]|&(?=#?\w+;))")
_BULLET_OR_HEADING = re.compile(r"^(#{1,6}|[-+])(?=\s)")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=\s)")



def escape(text: str) -> str:
    """Display text as Markdown that renders as written (no stray emphasis, tags or lists)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", _normal(text))
    text = _BULLET_OR_HEADING.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _chapter_body(passages: tuple[Passage, ...]) -> list[str]:
    """Markdown blocks for a part's passages, consecutive list items as one list."""
    blocks: list[str] = []
    previous_item = False
    for passage in passages:
        displays = [t.cue.display for t in passage.cues]
        if passage.kind == "heading":
            blocks += [f"### {escape(d)}" for d in displays]
            previous_item = False
            continue
        paragraph = _normal(" ".join(displays))
        if passage.kind == "list_item":
            line = f"- {escape(paragraph)}"
            if previous_item:
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
            previous_item = True
        else:
            blocks.append(escape(paragraph))
            previous_item = False
    return blocks


def byline(author: str | None) -> str | None:
    """The byline as shown: "By <author>" unless it already says so."""
    if not author or not author.strip():
        return None
    return author.strip() if re.match(r"(?i)by\s", author.strip()) else f"By {author.strip()}"


def render_transcript(
    timeline: Timeline, script: Script, article: Article, author: str | None = None
) -> str:
    """The transcript as Markdown text; `author` (else the article's byline) under the title."""
    blocks = [f"# {escape(article.title)}"]
    if shown := byline(author or article.byline):
        blocks.append(escape(shown))
    for part in outline(timeline, script, article):
        if part.chapter is None:  # the title alone, already written above
            continue
        start = clock(timeline.chapters[part.chapter].start_ms)
        body = _chapter_body(part.passages)
        if part.level == 1:  # the text under the title, before the first heading
            blocks += [f"[{start}]", *body] if body else []
        else:
            blocks += [f"## {escape(part.title)} [{start}]", *body]
    return "\n\n".join(blocks) + "\n"


@register
class TranscriptMarkdownWriter(TextWriter):
    """`<slug>.transcript.md`: the article's text with chapter times."""

    format = "transcript_md"
    extension = ".transcript.md"
    media_type = "text/markdown"

    def render(self, edition: EditionContext) -> str:
        return render_transcript(edition.timeline, edition.script, edition.article, edition.author)
