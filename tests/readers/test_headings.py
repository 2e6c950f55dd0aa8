"""Every heading of an article is a chapter, numbered or not, wherever it falls (issue 28):
the first heading right after the introduction, a numbered run of headings, three stacked
levels; in HTML, Markdown and pasted text."""

from __future__ import annotations

import pytest

from narrate.model import Article
from narrate.profiles import Pauses
from narrate.readers.html import read_html
from narrate.readers.markdown import read_markdown
from narrate.readers.text import read_text
from narrate.speech.script import build_script

TITLE = "Five Surprising Things About Sleep"
INTRO = "Sleep research has moved fast in ten years. Here are the findings that surprised us:"
BODIES = [
    "Your body repairs muscle and sorts the day's memories while you sleep, mostly early on.",
    "Screens late in the evening delay sleep for most adults; dimmer light helps them.",
    "A regular wake-up time matters more than the hour you go to bed, the studies agree.",
]
NUMBERED = ["1. Something surprising", "2. Light matters", "3. Mornings count"]
STACKED = ["Part One", "Getting Started", "The Basics"]


def as_text(headings: list[str]) -> str:
    parts = [TITLE, INTRO]
    for heading, body in zip(headings, BODIES, strict=False):
        parts += [heading, body]
    return "\n\n".join(parts) + "\n"


def as_markdown(headings: list[str], levels: list[int]) -> str:
    parts = [f"# {TITLE}", INTRO]
    for heading, level, body in zip(headings, levels, BODIES, strict=False):
        parts += [f"{'#' * level} {heading.replace('.', chr(92) + '.', 1)}", body]
    return "\n\n".join(parts) + "\n"


def as_html(headings: list[str], levels: list[int], bodies: list[str]) -> str:
    parts = [f"<h1>{TITLE}</h1>", f"<p>{INTRO}</p>"]
    for heading, level, body in zip(headings, levels, bodies, strict=False):
        parts += [f"<h{level}>{heading}</h{level}>"] + ([f"<p>{body}</p>"] if body else [])
    return f"<html><head><title>{TITLE}</title></head><body><article>{''.join(parts)}</article>"


def chapters(article: Article) -> list[str]:
    """The chapter names a listener hears announced (the script's chapters after the intro)."""
    return [chapter.title for chapter in build_script(article, Pauses()).chapters][1:]


def spoken_headings(article: Article) -> list[str]:
    return [cue.display for cue in build_script(article, Pauses()).cues if cue.kind == "heading"]


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(lambda: read_text(as_text(NUMBERED)), id="text"),
        pytest.param(lambda: read_markdown(as_markdown(NUMBERED, [2, 2, 2])), id="markdown"),
        pytest.param(lambda: read_html(as_html(NUMBERED, [2, 2, 2], BODIES)), id="html"),
    ],
)
def test_a_numbered_heading_right_after_the_introduction_is_a_chapter(article):
    read = article()
    assert chapters(read) == NUMBERED
    assert spoken_headings(read) == NUMBERED
    assert read.sections[0].blocks[-1].text == INTRO


def test_a_numbered_list_after_a_colon_is_still_a_list():
    text = f"{TITLE}\n\n{INTRO}\n\n1. Fever\n2. Cough\n3. Aches\n\n{BODIES[0]}\n"
    article = read_text(text)
    assert [s.title for s in article.sections] == [None]
    assert [b.place for b in article.sections[0].blocks if b.kind == "list_item"] == [1, 2, 3]


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(lambda: read_markdown(as_markdown(STACKED, [2, 3, 4])), id="markdown"),
        pytest.param(
            lambda: read_html(as_html(STACKED, [2, 3, 4], ["", "", BODIES[0]])), id="html"
        ),
    ],
)
def test_three_stacked_heading_levels_are_three_chapters(article):
    read = article()
    assert spoken_headings(read) == STACKED
    assert [s.level for s in read.sections[1:]] == [2, 3, 4]


def test_three_stacked_pasted_headings_are_all_spoken():
    text = f"{TITLE}\n\n{INTRO.replace(':', '.')}\n\n" + "\n\n".join(STACKED) + f"\n\n{BODIES[0]}\n"
    article = read_text(text)
    assert spoken_headings(article) == ["Part One", "Getting Started: The Basics"]
    assert all(block.text not in STACKED for s in article.sections for block in s.blocks)
