"""Pages of clinics, hospitals, health agencies and blogs, pasted as users paste them.

Each `tests/fixtures/pasted/<page>.txt` has beside it `<page>.json`: the title and chapter
headings a careful editor would choose, the lines that are page furniture (never spoken), and
optionally lines that may go either way (dates) and the byline. Every other line of the page
is article text and must be spoken.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate.readers import read_article
from narrate.readers.cleanup import normalize_space
from narrate.readers.line_shapes import LIST_MARKER

PASTED = Path(__file__).parent.parent / "fixtures" / "pasted"
PAGES = sorted(PASTED.glob("*.txt"))
SHORT_WORDS = 3  # furniture this short ("Home", "Contact us") may occur inside a sentence


def expected(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def spoken_pieces(page: Path) -> tuple[object, list[str]]:
    """The article and everything it would say: title, headings, blocks."""
    article = read_article(page)
    pieces = [article.title]
    for section in article.sections:
        pieces += [section.title] if section.title else []
        pieces += [block.text for block in section.blocks]
    return article, pieces


def test_the_corpus_has_thirty_pages_each_with_its_expectations():
    assert len(PAGES) >= 30
    assert all(page.with_suffix(".json").is_file() for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_title_and_chapter_headings_are_the_editors(page: Path):
    want = expected(page)
    article, _ = spoken_pieces(page)
    assert article.title == want["title"]
    assert [section.title for section in article.sections if section.title] == want["headings"]
    if "byline" in want:
        assert article.byline == want["byline"]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_no_furniture_is_spoken(page: Path):
    _, pieces = spoken_pieces(page)
    for line in map(normalize_space, expected(page)["furniture"]):
        assert line not in pieces, line
        if len(line.split()) > SHORT_WORDS:
            assert not any(line in piece for piece in pieces), line


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_every_line_of_the_article_is_spoken(page: Path):
    want = expected(page)
    _, pieces = spoken_pieces(page)
    said = " ".join(pieces)
    skipped = {normalize_space(line) for line in want["furniture"] + want.get("either", [])}
    for line in page.read_text(encoding="utf-8").splitlines():
        line = normalize_space(line)
        if line and line not in skipped:
            marker = LIST_MARKER.match(line)
            text = line[marker.end() :] if marker and line not in said else line
            assert text in said, line
