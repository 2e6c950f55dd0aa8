"""The Markdown transcript: one title, timed chapter headings, the display text in paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from narrate.model import Article, Script, Timeline
from narrate.timefmt import clock
from narrate.writers import EditionContext, writer_for
from narrate.writers.transcript import byline, escape, render_transcript
from tests.writers.conftest import CHOOSING, ITEMS, KAP, LONG, TITLE


@pytest.fixture(scope="module")
def markdown(edition: EditionContext, edition_dir: Path) -> str:
    path = writer_for("transcript_md").write(edition, edition_dir)
    assert path.name == f"{edition.slug}.transcript.md"
    return path.read_text(encoding="utf-8")


def _rendered_text(markdown: str, tag: str) -> list[str]:
    """The text of every `tag` element once the Markdown is rendered, entities undone."""
    html = MarkdownIt().render(markdown)
    texts = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)
    return [t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for t in texts]


def test_headings_carry_titles_then_times(markdown: str) -> None:
    assert markdown.count("\n# ") + markdown.startswith("# ") == 1
    assert _rendered_text(markdown, "h1") == [TITLE]
    assert _rendered_text(markdown, "h2") == [f"{CHOOSING} [00:10]", f"{KAP} [01:10]"]


def test_introduction_sits_under_the_title(markdown: str) -> None:
    head = markdown.split("\n## ")[0]
    assert head.split("\n\n")[:4] == [
        f"# {TITLE}",
        "By Jane Doe",
        "[00:00]",
        "Ketamine is an old anaesthetic. It is finding new uses.",
    ]


def test_display_text_in_paragraphs_and_list_items(markdown: str) -> None:
    paragraphs = _rendered_text(markdown, "p")
    assert "Ketamine is an old anaesthetic. It is finding new uses." in paragraphs
    assert "Dr. Lee gave 5 mg at 3 p.m." in paragraphs
    assert LONG in paragraphs
    assert "Sessions last about 2 hrs. Bring a friend." in paragraphs
    assert _rendered_text(markdown, "li") == list(ITEMS)
    assert "- Ask about the clinic’s experience.\n- Check the cost & insurance." in markdown
    assert "Doctor Lee" not in markdown and "two hours" not in markdown


def test_titles_and_headings_appear_once(markdown: str) -> None:
    assert markdown.count(TITLE) == 1
    assert markdown.count(CHOOSING) == 1
    assert markdown.count(escape(KAP)) == 1


def test_titled_first_chapter_and_subheadings(
    timeline: Timeline, script: Script, article: Article
) -> None:
    """A first chapter with its own title gets a `##`; an extra heading cue becomes `###`."""
    first = timeline.chapters[0]
    chapters = (replace(first, title="Preface"), *timeline.chapters[1:])
    cues = list(timeline.cues)
    cues[1] = replace(cues[1], cue=replace(cues[1].cue, kind="heading", display="Background"))
    text = render_transcript(
        replace(timeline, chapters=chapters, cues=tuple(cues)), script, article
    )
    assert "\n\n## Preface [00:00]\n\n### Background\n\nIt is finding new uses." in text


def test_untitled_introduction_without_text_gets_no_time(
    timeline: Timeline, script: Script, article: Article
) -> None:
    cues = tuple(t for t in timeline.cues if t.cue.chapter != 0 or t.cue.kind == "title")
    text = render_transcript(replace(timeline, cues=cues), script, replace(article, byline=None))
    assert text.startswith(f"# {TITLE}\n\n## {CHOOSING} [00:10]\n\n")


@pytest.mark.parametrize(
    ("ms", "shown"),
    [(0, "00:00"), (65_999, "01:05"), (3_599_999, "59:59"), (3_600_000, "1:00:00"),
     (37_230_000, "10:20:30")],
)  # fmt: skip
def test_clock(ms: int, shown: str) -> None:
    assert clock(ms) == shown


def test_escape_keeps_text_as_written_when_rendered() -> None:
    for text in ["# not a heading", "- not a list", "1. not a list", "a *b* _c_ [d] <e> &amp;"]:
        assert _rendered_text(escape(text), "p") == [text]


def test_author_option_becomes_the_byline(
    timeline: Timeline, script: Script, article: Article
) -> None:
    assert "\n\nBy Ann Lee\n\n" in render_transcript(timeline, script, article, "Ann Lee")
    assert byline("by the editors") == "by the editors"
    assert byline("  ") is None


def test_a_paragraph_that_reads_like_a_list_item_stays_a_paragraph(
    timeline: Timeline, script: Script, article: Article
) -> None:
    """Passages come from the cue's block kind, not from matching text against the list."""
    cues = list(timeline.cues)
    cues[3] = replace(cues[3], cue=replace(cues[3].cue, display=ITEMS[0]))
    text = render_transcript(replace(timeline, cues=tuple(cues)), script, article)
    assert f"\n\n{escape(ITEMS[0])}\n\n## " in text
    assert f"- {escape(ITEMS[0])}\n- {escape(ITEMS[1])}" in text
