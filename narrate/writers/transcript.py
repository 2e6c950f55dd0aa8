"""The Markdown transcript: the display text in paragraphs under timed chapter headings.

The time follows the heading text (`## Title [01:05]`) so a screen reader announces the
chapter first. An untitled introduction (its chapter title is the article's) sits under the
`#` title with a `[00:00]` line of its own.
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from narrate.fs import atomic_write_text
from narrate.model import Article, Script, Timeline
from narrate.timefmt import clock
from narrate.writers.base import EditionContext, Writer, register

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


def _list_items(article: Article) -> set[str]:
    """The article's list items, to recognise a paragraph of cues that was one."""
    return {
        _normal(block.text)
        for section in article.sections
        for block in section.blocks
        if block.kind == "list_item"
    }


def _chapter_body(texts: list[tuple[int, str, str]], list_items: set[str]) -> list[str]:
    """Markdown blocks for a chapter's (paragraph, kind, display) cues, in order."""
    blocks: list[str] = []
    previous_item = False
    for (_, kind), run in groupby(texts, key=lambda t: (t[0], t[1])):
        displays = [display for _, _, display in run]
        if kind == "heading":
            blocks += [f"### {escape(d)}" for d in displays]
            previous_item = False
            continue
        paragraph = _normal(" ".join(displays))
        if paragraph in list_items:
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
    list_items = _list_items(article)
    titles = {_normal(article.title), _normal(script.title)}
    for index, chapter in enumerate(timeline.chapters):
        heard = {_normal(chapter.title), *titles}
        body = _chapter_body(
            [
                (t.cue.paragraph, t.cue.kind, t.cue.display)
                for t in timeline.cues
                if t.cue.chapter == index
                and not (t.cue.kind in ("title", "heading") and _normal(t.cue.display) in heard)
            ],
            list_items,
        )
        if index == 0 and _normal(chapter.title) in titles:
            blocks += [f"[{clock(chapter.start_ms)}]", *body] if body else []
        else:
            blocks += [f"## {escape(chapter.title)} [{clock(chapter.start_ms)}]", *body]
    return "\n\n".join(blocks) + "\n"


def write_transcript(
    timeline: Timeline, script: Script, article: Article, dest: Path, author: str | None = None
) -> Path:
    """Write the Markdown transcript to `dest`; return `dest`."""
    return atomic_write_text(dest, render_transcript(timeline, script, article, author))


@register
class TranscriptMarkdownWriter(Writer):
    """`<slug>.transcript.md`: the article's text with chapter times."""

    format = "transcript_md"
    extension = ".transcript.md"
    reads_programme = False

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return write_transcript(
            edition.timeline,
            edition.script,
            edition.article,
            dest_dir / self.filename(edition),
            edition.author,
        )
