""" "Read more" folds are read as the article's; text only in comment or review widgets is not."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from narrate.model import Block
from narrate.readers import read_article
from narrate.readers.folds import open_folds
from narrate.readers.sections import Heading
from narrate.readers.widget_text import widget_only, without_widget_text

SHOWN = [
    "The city council met on Tuesday evening to settle the future of the old harbour depot.",
    "Residents filled the hall an hour before the meeting began, many holding hand-made signs.",
]
REST = [
    f"Paragraph {n} of the story's folded part tells what the council decided, and why it did."
    for n in range(6)
]


def _page(fold: str, head: str = "") -> str:
    shown = "".join(f"<p>{p}</p>" for p in SHOWN)
    return (
        f"<html><head><title>Harbour depot</title>{head}</head><body>"
        "<div class='sidebar'><h3>Most read</h3><ul><li><a href='/a'>Bus lanes</a></li></ul></div>"
        f"<article><h1>Harbour depot</h1><div class='entry-content'>{shown}{fold}</div></article>"
        "</body></html>"
    )


def _said(tmp_path, page: str) -> str:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    return "\n".join(b.text for s in article.sections for b in s.blocks)


REST_HTML = "".join(f"<p>{p}</p>" for p in REST)
FOLDS = {
    "display:none": f'<div class="read-more" style="display: none">{REST_HTML}</div>',
    "hidden attribute": f"<div hidden>{REST_HTML}</div>",
    "aria-hidden and max-height": (
        f'<div aria-hidden="true" style="max-height:0;overflow:hidden">{REST_HTML}</div>'
    ),
    "visibility": f'<div style="visibility:hidden;color:red">{REST_HTML}</div>',
    "upper-case style": f'<div style="Display: None">{REST_HTML}</div>',
    "details": f"<details><summary>Read more</summary>{REST_HTML}</details>",
}


@pytest.mark.parametrize("fold", FOLDS.values(), ids=list(FOLDS))
def test_the_folded_rest_of_an_article_is_read(tmp_path, fold):
    said = _said(tmp_path, _page(fold + "<button>Read more</button>"))
    for paragraph in SHOWN + REST:
        assert paragraph in said


@pytest.mark.parametrize("fold", [f for name, f in FOLDS.items() if name != "details"])
def test_each_way_of_hiding_the_rest_is_opened(fold):
    tree = fromstring(_page(fold))
    assert open_folds(tree) == 1
    assert not tree.xpath("//*[@hidden or @aria-hidden or contains(@style, 'hidden')]")


def test_a_page_of_many_hidden_blocks_is_split_into_shingles_once(monkeypatch):
    """Each candidate fold weighed against the whole page's shingles made once: a page of
    a thousand hidden paragraphs costs in proportion to its size (it took minutes when each
    candidate split the whole page again)."""
    from narrate.readers import folds

    page_words = []
    real = folds.shingles

    def counted(text: str):
        page_words.append(len(text.split()))
        return real(text)

    monkeypatch.setattr(folds, "shingles", counted)
    hidden = "".join(
        f"<div hidden><p>Fold {n} says {' '.join(f'w{n}x{i}' for i in range(45))} here.</p></div>"
        for n in range(300)
    )
    tree = fromstring(_page(hidden))
    assert open_folds(tree) == 300
    whole = len(" ".join(tree.itertext()).split())
    assert sum(1 for words in page_words if words >= whole // 2) == 1
    assert len(page_words) == 301  # the page once, then each fold's own text


def test_an_opened_fold_keeps_its_other_styles():
    tree = fromstring(_page(f'<div style="display:none; color: red">{REST_HTML}</div>'))
    assert open_folds(tree) == 1
    (fold,) = tree.xpath("//div[contains(@style, 'red')]")
    assert "none" not in fold.get("style")


HIDDEN_NOT_ARTICLE = {
    "a dialog with a form": '<div class="modal" style="display:none">'
    f'<form>{REST_HTML}<input name="email"></form></div>',
    "a menu of links": "<div hidden><ul>"
    + "".join(f'<li><a href="/{n}">{p}</a></li>' for n, p in enumerate(REST))
    + "</ul></div>",
    "a short tooltip": '<div style="display:none"><p>Copied to the clipboard.</p></div>',
    "a fold inside a hidden dialog": (
        f'<div style="display:none"><button>Close</button><div hidden>{REST_HTML}</div></div>'
    ),
}


@pytest.mark.parametrize("hidden", HIDDEN_NOT_ARTICLE.values(), ids=list(HIDDEN_NOT_ARTICLE))
def test_hidden_elements_that_are_not_the_articles_rest_stay_hidden(tmp_path, hidden):
    assert open_folds(fromstring(_page(hidden))) == 0
    said = _said(tmp_path, _page(hidden))
    assert SHOWN[0] in said
    assert REST[0] not in said and "clipboard" not in said


def test_a_hidden_copy_of_the_story_shown_on_the_page_stays_hidden():
    story = "".join(f"<p>{p}</p>" for p in SHOWN + REST)
    page = f"<html><body><article>{story}</article><div hidden>{story}</div></body></html>"
    assert open_folds(fromstring(page)) == 0


def test_prose_hidden_before_a_hidden_block_does_not_make_it_a_fold():
    hidden_prose = f"<div hidden>{REST_HTML}</div>"  # a fold of nothing visible: no story
    page = f"<html><body><div><h2>Menu</h2></div>{hidden_prose}<div hidden>{REST_HTML}</div>"
    assert open_folds(fromstring(page + "</body></html>")) == 0


def test_a_hidden_block_with_no_prose_before_it_is_not_a_fold():
    page = f"<html><body><div><h2>Menu</h2></div><div hidden>{REST_HTML}</div></body></html>"
    assert open_folds(fromstring(page)) == 0


COMMENT = "I read this over breakfast and honestly the council should have listened sooner."


def _widget_page(comments_class: str, wrapper: str = "div") -> str:
    comments = "".join(f"<p>{COMMENT} Reply {n}.</p>" for n in range(3))
    body = "".join(f"<p>{p}</p>" for p in SHOWN + REST)
    return (
        f"<html><body><{wrapper} class='post'><div class='entry'>{body}</div>"
        f"<div class='{comments_class}'>{comments}</div></{wrapper}>"
        "<div class='related-posts'><p>" + SHOWN[0] + "</p></div></body></html>"
    )


@pytest.mark.parametrize(
    "name", ["comments", "comment-list", "recipe-reviews", "comments-area", "related_posts"]
)
def test_blocks_only_found_in_a_comment_or_review_widget_are_left_out(name):
    widgets = widget_only(fromstring(_widget_page(name)))
    items = [Block(f"{COMMENT} Reply 1.", "paragraph"), Block(SHOWN[0], "paragraph")]
    assert without_widget_text(items, widgets) == [items[1]]  # the lead is in the article too


@pytest.mark.parametrize("name", ["content-with-sidebar-wrp", "commentary", "review-body"])
def test_layout_names_holding_a_widget_word_are_not_widgets(name):
    assert not widget_only(fromstring(_widget_page(name)))


def test_a_widget_name_on_the_articles_wrapper_does_not_hide_the_article():
    # the wrapper is named "comments" but holds the article's h1, or over half the page's text
    with_h1 = _widget_page("x").replace("<div class='entry'>", "<div class='entry'><h1>Depot</h1>")
    wrapped = with_h1.replace("<div class='post'>", "<div class='comments'>")
    items = [Block(REST[0], "paragraph"), Heading("Comments", 2)]
    assert without_widget_text(items, widget_only(fromstring(wrapped))) == items
    big = _widget_page("x").replace("class='entry'", "class='comments'")
    assert without_widget_text(items, widget_only(fromstring(big))) == items


def test_a_page_without_a_body_has_no_widget_text():
    assert not widget_only(fromstring("<p>only a fragment</p>").getroottree().getroot())
