"""Pages whose markup hides the article from the extractors: a .html file of bare text, an HTML
page inside an envelope (an SEC filing), paragraphs whose first words follow an empty marker."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from narrate.readers import read_article
from narrate.readers.empty_inline import move_tails_off_empty
from narrate.readers.extract import page_tree, readings, text_of
from narrate.readers.markup import has_markup, unwrapped

STORY = [
    "The county opened its third cooling centre on Monday as the heat wave entered a second week.",
    "Volunteers handed out water and checked on older residents who live alone in the valley.",
    "The centre will stay open every day until nine in the evening while the warning lasts.",
    "Officials asked anyone who feels dizzy or confused in the heat to call for help at once.",
]


def _said(tmp_path, page: str, name: str = "page.html") -> str:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    return "\n".join(b.text for s in article.sections for b in s.blocks)


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("Plain words, no tags at all.", False),
        ("If a < b and c > d, the sum is less.", False),
        ("<DOCUMENT><TYPE>EX-99</TYPE>", False),  # tags, but none of them HTML's
        ("<p>One paragraph.</p>", True),
        ("A line<br/>and another", True),
        ("</div>", True),
        ("<!DOCTYPE html>", True),
    ],
)
def test_markup_is_an_html_tag_or_a_doctype(text, markup):
    assert has_markup(text) is markup


@pytest.mark.parametrize("name", ["interview.html", "interview.htm"])
def test_a_web_page_of_bare_text_is_read_as_text(tmp_path, name):
    said = _said(tmp_path, "\n\n".join(STORY) + "\n", name)
    for paragraph in STORY:
        assert paragraph in said


ENVELOPE = (
    "<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>release.htm\n<DESCRIPTION>EX-99.1\n<TEXT>\n"
    "{page}\n</TEXT>\n</DOCUMENT>\n"
)
PAGE = (
    "<HTML><HEAD><TITLE>EX-99.1</TITLE></HEAD><BODY>"
    "<P ALIGN='center'><B>COUNTY OPENS THIRD COOLING CENTRE</B></P>"
    + "".join(f"<P STYLE='margin-top:12pt'>{p}</P>" for p in STORY)
    + "</BODY></HTML>"
)


def test_the_html_page_inside_an_envelope_is_the_page():
    assert unwrapped(ENVELOPE.format(page=PAGE)) == PAGE


def test_an_article_inside_an_envelope_is_read(tmp_path):
    said = _said(tmp_path, ENVELOPE.format(page=PAGE))
    for paragraph in STORY:
        assert paragraph in said


@pytest.mark.parametrize(
    "before",
    [
        "",
        "<!DOCTYPE html>\n",
        "<!-- saved from url=(0042)https://example.org/ -->\n",
        "<?xml version='1.0'?>\n",
        "<meta charset='utf-8'>\n",  # HTML's own tag before <html>: no envelope
        "<div>Breaking</div>\n",
    ],
)
def test_a_page_without_an_envelope_is_left_as_it_is(before):
    page = before + PAGE
    assert unwrapped(page) == page


def test_an_envelope_whose_page_is_not_closed_runs_to_the_end():
    page = PAGE.removesuffix("</BODY></HTML>")
    assert unwrapped(ENVELOPE.format(page=page)) == page + "\n</TEXT>\n</DOCUMENT>\n"


def test_an_envelope_without_an_html_element_is_left_as_it_is():
    page = "<DOCUMENT><TYPE>EX-99</TYPE><TEXT>Plain words</TEXT></DOCUMENT>"
    assert unwrapped(page) == page


def _marked_page(tag: str, name: str) -> str:
    """Each paragraph opens with an empty marker, and a link in bold follows its first words."""

    def paragraph(text: str) -> str:
        words = text.split(" ")
        lead, link, rest = " ".join(words[:4]), " ".join(words[4:6]), " ".join(words[6:])
        marker = f"<{tag} id='{name}'></{tag}>"
        return f"<p class='body'>{marker}{lead} <b><a href='/x'>{link}</a> </b>{rest}</p>"

    return (
        "<html><head><title>Cooling centres</title></head><body>"
        "<div class='menu'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"<div class='storyBody'>{''.join(paragraph(p) for p in STORY)}</div>"
        "<div class='footer'><p>Copyright 2026 The Valley Courier.</p></div></body></html>"
    )


@pytest.mark.parametrize("tag", ["span", "a", "i", "strong"])
@pytest.mark.parametrize("name", ["byLine", "share-tools", "related", "social"])
def test_words_after_an_empty_marker_are_read(tmp_path, tag, name):
    said = _said(tmp_path, _marked_page(tag, name))
    for paragraph in STORY:
        assert paragraph in said


def test_trafilaturas_reading_keeps_the_words_after_an_empty_marker():
    first, _, _ = readings(page_tree(_marked_page("span", "byLine")))
    kept = text_of(first)
    for paragraph in STORY:
        assert paragraph in kept


def test_a_tail_moves_before_its_empty_marker_and_nothing_else_moves():
    tree = fromstring(
        "<div><p><span id='byLine'></span>First words <em>stay</em> here.</p>"
        "<p>Lead <b>bold</b><span class='icon'></span> then more.</p>"
        "<p>One line<br>next line<span> </span></p>"
        "<p><span>Kept</span> as it was.</p></div>"
    )
    before = [p.text_content() for p in tree.iter("p")]
    assert move_tails_off_empty(tree) == 2
    assert [p.text_content() for p in tree.iter("p")] == before
    first, second, third, fourth = tree.iter("p")
    assert first.text == "First words " and first[0].tail is None
    assert second[0].tail == " then more." and second[1].tail is None
    assert third[0].tail == "next line"  # text after a line break stays after it
    assert fourth[0].tail == " as it was."
