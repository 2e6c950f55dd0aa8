"""The HTML transcript: one h1, chapters as h2 with <time>, text as written, relative units."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from narrate.timefmt import iso_duration
from narrate.writers import EditionContext, writer_for
from narrate.writers.outline import outline
from narrate.writers.player import render_player
from tests.writers.conftest import CHOOSING, ITEMS, KAP, LONG, TITLE


@pytest.fixture(scope="module")
def page(edition: EditionContext, edition_dir: Path) -> html.HtmlElement:
    path = writer_for("transcript_html").write(edition, edition_dir)
    assert path.name == f"{edition.slug}.transcript.html"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    return html.fromstring(text)


def test_language_title_and_a_single_h1(page: html.HtmlElement) -> None:
    assert page.get("lang") == "en"
    assert page.findtext(".//title") == f"{TITLE}: transcript"
    assert [h.text_content() for h in page.iter("h1")] == [TITLE]
    assert page.find_class("byline")[0].text_content() == "By Jane Doe"


def test_chapters_are_h2_with_their_times(page: html.HtmlElement) -> None:
    headings = [(h.text_content(), h.find("time").get("datetime")) for h in page.iter("h2")]
    assert headings == [(f"{CHOOSING} 00:10", "PT10S"), (f"{KAP} 01:10", "PT1M10S")]


def test_text_as_written_in_paragraphs_and_lists(page: html.HtmlElement) -> None:
    paragraphs = [p.text_content() for p in page.iter("p")]
    assert "Ketamine is an old anaesthetic. It is finding new uses." in paragraphs
    assert LONG in paragraphs
    assert [li.text_content() for li in page.iter("li")] == list(ITEMS)
    assert "Doctor Lee" not in page.text_content()


def test_css_is_inline_and_relative(page: html.HtmlElement) -> None:
    css = page.findtext(".//style")
    assert "max-width: 42em" in css and "70ch" in css
    assert not re.search(r"\d+px", css)
    assert page.find(".//link") is None and page.find(".//script") is None


def test_iso_durations() -> None:
    assert iso_duration(0) == "PT0S"
    assert iso_duration(65_400) == "PT1M5S"
    assert iso_duration(3_600_000) == "PT1H0S"
    assert iso_duration(3_725_000) == "PT1H2M5S"


def test_outline_levels_never_skip(edition: EditionContext) -> None:
    parts = outline(edition.timeline, edition.script, edition.article)
    assert [(p.title, p.level) for p in parts] == [(TITLE, 1), (CHOOSING, 2), (KAP, 2)]
    assert [p.start_ms for p in parts] == [0, 10_650, 70_250]  # 0.4 s before the headings
    assert parts[-1].end_ms == edition.timeline.duration_ms


def test_player_page_names_the_edition_files(edition: EditionContext) -> None:
    page = html.fromstring(render_player(edition))
    assert page.get("lang") == "en"
    audio = page.get_element_by_id("player")
    slug = edition.slug
    assert audio.get("src") == f"{slug}.mp3"
    tracks = {t.get("kind"): t.get("src") for t in audio.iter("track")}
    assert tracks == {"captions": f"{slug}.vtt", "chapters": f"{slug}.chapters.vtt"}
    assert "spoken version of this article" in page.get_element_by_id("audio-about").text_content()
    starts = [float(s.get("data-start")) for s in page.find_class("cue")]
    assert starts == [t.start_ms / 1000 for t in edition.timeline.cues]
    links = page.xpath("//nav[@aria-label='Chapters']//a[@class='chapter']")
    assert [a.get("href") for a in links] == ["#title", "#part-1", "#part-2"]
    assert all(page.get_element_by_id(a.get("href")[1:]) is not None for a in links)
