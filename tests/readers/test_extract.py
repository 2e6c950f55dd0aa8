"""Main content: the two extractors, the rule that chooses between them, what is left out."""

from __future__ import annotations

import pytest

from narrate.errors import ArticleError
from narrate.model import Block
from narrate.readers import read_article
from narrate.readers.extract import choose, main_content, page_tree, readings
from narrate.readers.html import read_html

ARTICLE = " ".join(f"Sentence number {n} of the article says something new." for n in range(40))


def _words(count: int, start: int = 0) -> str:
    return " ".join(f"word{n}" for n in range(start, start + count))


def test_the_first_extractor_wins_when_they_agree():
    use_second, reason = choose(ARTICLE, ARTICLE + " A share bar and a related list.")
    assert not use_second
    assert "agree" in reason


def test_a_first_extraction_that_stops_short_inside_the_second_loses():
    # the first kept a third of the article, all of it inside the second's text
    use_second, reason = choose(_words(100), _words(300))
    assert use_second
    assert "stopped short" in reason


def test_a_short_first_extraction_with_text_of_its_own_is_kept():
    # under half as long, but a third of it is not in the second's text: not a truncation
    assert choose(_words(60) + " " + _words(40, start=1000), _words(300)) == (
        False,
        "the extractors agree well enough",
    )


def test_an_unrelated_small_first_extraction_loses_to_a_much_longer_second():
    use_second, reason = choose(_words(50, start=5000), _words(400))
    assert use_second
    assert "different part" in reason


def test_an_unrelated_first_extraction_of_similar_length_is_kept():
    assert not choose(_words(200, start=5000), _words(400))[0]


def test_either_side_empty():
    assert choose("", _words(10)) == (True, "the first extractor found nothing")
    assert choose(_words(10), "") == (False, "the second extractor found nothing")
    assert choose("", "")[0] is False


def test_a_page_of_menus_only_has_no_article(tmp_path):
    page = tmp_path / "menus.html"
    page.write_text(
        "<html><body><nav><p>Services</p><p>Locations</p></nav>"
        '<div role="navigation"><p>News</p></div></body></html>'
    )
    assert main_content(page_tree(page.read_text())).items == []
    with pytest.raises(ArticleError, match="no speakable text"):
        read_article(page)


def test_readabilitys_last_resort_the_whole_body_counts_as_nothing_found():
    # no element stands out, so readability returns the page's whole <body>: narrate reads none
    # of it from readability (trafilatura's own reading of the teasers is another matter)
    teasers = "".join(
        f'<div class="teaser"><h2><a href="/p{n}">Post {n}</a></h2><p>Teaser {n}.</p></div>'
        for n in range(8)
    )
    first, second, _ = readings(page_tree(f"<html><body><h1>Blog</h1>{teasers}</body></html>"))
    assert second == []
    assert first  # the check is on readability's answer only


def test_a_page_of_furniture_only_has_no_article(tmp_path):
    page = tmp_path / "furniture.html"
    page.write_text(
        "<html><body><header><p>Riverside Health</p></header>"
        '<div class="sidebar"><p>Popular posts: Ten tips for better sleep</p></div>'
        "<footer><p>Copyright 2025 Riverside Health. All rights reserved.</p></footer>"
        "</body></html>"
    )
    with pytest.raises(ArticleError, match="no speakable text"):
        read_article(page)


@pytest.fixture(scope="module")
def clinic(request):
    path = request.path.parent.parent / "fixtures" / "articles" / "flu-clinic.html"
    return read_article(path)


def test_title_author_and_language_of_a_real_shaped_page(clinic):
    assert clinic.title == "Getting Your Flu Shot This Autumn"
    assert clinic.byline == "Dana Whitfield"  # from the page's JSON-LD, through trafilatura
    assert clinic.language == "en-US"


def test_headings_lists_and_paragraphs_are_kept(clinic):
    assert [(s.title, s.level) for s in clinic.sections] == [
        (None, 1),
        ("Who Should Be Vaccinated", 2),
        ("Where and When", 2),
        ("What to Bring", 3),
        ("Notes", 2),  # its footnote, read once at the end (narrate.readers.notes)
    ]
    kinds = [block.kind for block in clinic.sections[1].blocks]
    assert kinds == ["paragraph", "list_item", "list_item", "list_item", "list_item"]


def test_footnote_markers_are_dropped_and_exponents_kept(clinic):
    first, second = clinic.sections[0].blocks
    assert first.text.endswith("to build up its defences.")
    assert second.text.endswith("who cannot come during the week.")
    page = read_html(
        "<html><body><article><p>" + ARTICLE + " The room measures 12 m<sup>2</sup>, "
        "as the plan shows.<sup>(a)</sup> Prices rose.<sup>*</sup></p></article></body></html>"
    )
    text = page.sections[0].blocks[0].text
    assert "12 m2, as the plan shows. Prices rose." in text


def test_a_data_table_is_read_row_by_row(clinic):
    assert clinic.sections[2].blocks[1:] == (
        Block("Clinic, Walk-in hours"),
        Block("Main Street, Monday to Friday, 8 to 11 am"),
        Block("Harbour View, Tuesday and Thursday, 9 am to noon"),
    )


def test_none_of_the_site_around_the_article_is_spoken(clinic, spoken):
    text = spoken(clinic)
    for leftover in (
        "cookies",  # cookie banner
        "Accept",
        "Services",  # navigation
        "Riverside Health",  # header and footer
        "Share",  # share bar
        "Tweet",
        "Photo",  # image caption
        "nurse Ellen Park",
        "Related",  # related posts
        "RSV",
        "comments",  # comments
        "public holidays",
        "Popular",  # sidebar
        "Sleep",
        "©",
        "By Dana",  # the byline line is metadata, not text
    ):
        assert leftover not in text, leftover


def test_a_fragment_keeps_its_headings(tmp_path, titles):
    # trafilatura reads a short fragment by paragraphs alone; readability keeps the headings
    page = tmp_path / "news.html"
    page.write_text(
        "<h1>Clinic news</h1><p>We are open on Saturday mornings from next week.</p>"
        "<h2>Parking</h2><p>The car park is free for patients.</p>"
    )
    article = read_article(page)
    assert article.title == "Clinic news"
    assert titles(article) == [None, "Parking"]
