"""Plain text pasted from web pages: titles, headings by shape, lists, and no site furniture."""

from __future__ import annotations

import pytest

from narrate.model import Block
from narrate.readers import read_article
from narrate.readers.cleanup import is_furniture
from narrate.readers.text import read_text


def test_ketamine_sample_splits_into_its_sections(article_path, titles):
    article = read_article(article_path("ketamine-infusion-vs-kap.txt"))
    assert article.title == (
        "Ketamine Infusion vs. Ketamine-Assisted Psychotherapy: Key Differences"
    )
    assert titles(article) == [
        None,
        "What Is a Ketamine Infusion?",
        "What Is Ketamine-Assisted Psychotherapy (KAP)?",
        "The Role of Therapy and Integration",
        "Choosing What’s Right for You",
    ]
    assert [section.level for section in article.sections] == [1, 2, 2, 2, 2]
    intro = article.sections[0].blocks
    assert len(intro) == 1 and intro[0].text.startswith("If you’ve been exploring ketamine")
    last = article.sections[-1].blocks
    assert [block.text[:30] for block in last] == [
        "Neither approach is “better” f",
        "Both approaches use the same m",
    ]
    assert last[-1].text.endswith("your goals for healing.")


def test_ketamine_sample_speaks_no_navigation(article_path, spoken):
    text = spoken(read_article(article_path("ketamine-infusion-vs-kap.txt")))
    for leftover in ("Previous", "Next", "The Science Behind Ketamine", "Just a Drug Trip"):
        assert leftover not in text


def test_breadcrumbs_share_bar_and_tags_are_dropped(article_path, titles, spoken):
    article = read_article(article_path("sleep-habits.txt"))
    assert article.title == "Seven Small Habits for Better Sleep"
    assert article.byline == "Dana Reyes"
    assert titles(article) == [None, "Keep the Same Schedule", "Make the Bedroom Boring"]
    text = spoken(article)
    for leftover in (
        "Skip to content",
        "Home",
        "Share",
        "Facebook",
        "Read more",
        "Tags",
        "Posted",
        "Back to top",
        "By Dana",
    ):
        assert leftover not in text


def test_list_items_lose_their_markers(article_path):
    blocks = read_article(article_path("sleep-habits.txt")).sections[-1].blocks
    assert [block for block in blocks if block.kind == "list_item"] == [
        Block("Move the television to another room.", "list_item"),
        Block("Keep the temperature around 18 °C.", "list_item"),
        Block("Charge your phone outside the bedroom.", "list_item"),
    ]
    assert blocks[-1] == Block(
        "Sleep is a habit like any other: it grows stronger the more you practise it."
    )


def test_headings_are_found_without_blank_lines(article_path, titles):
    article = read_article(article_path("compost-no-blank-lines.txt"))
    assert article.title == "Composting at Home Without the Smell"
    assert titles(article) == [
        None,
        "Why Does Compost Smell?",
        "What to Add",
        "Keep the Balance Right",
    ]
    assert [block.text for block in article.sections[2].blocks] == [
        "Vegetable peelings and fruit cores.",
        "Coffee grounds and paper tea bags.",
        "Dry leaves, shredded cardboard and straw.",
    ]
    assert {block.kind for block in article.sections[2].blocks} == {"list_item"}


def test_cookie_notice_and_arrowed_previous_next_are_dropped(article_path, spoken):
    text = spoken(read_article(article_path("compost-no-blank-lines.txt")))
    for leftover in ("cookies", "Accept", "Back to top", "Previous", "Next", "Balcony", "Shade"):
        assert leftover not in text
    assert text.endswith("Turn the heap every week or two.")


def test_related_posts_tail_and_subscribe_call_are_dropped(article_path, titles, spoken):
    article = read_article(article_path("budget-travel.txt"))
    assert article.title == "Travelling Europe on a Budget"
    assert titles(article) == [
        None,
        "Book Trains Early",
        "Where Should You Stay?",
        "Our packing rules",
    ]
    last = article.sections[-1].blocks
    assert [block.kind for block in last] == ["list_item"] * 3 + ["paragraph"]
    assert last[0].text == "One bag that fits under the seat."
    text = spoken(article)
    for leftover in ("You are here", "newsletter", "Share", "Email", "Related", "Paris", "Lisbon"):
        assert leftover not in text


def test_hard_wrapped_text_joins_its_lines(article_path, titles):
    article = read_article(article_path("wrapped-letter.txt"))
    assert titles(article) == [None, "Watering Rota"]
    assert article.sections[0].blocks[0].text == (
        "Dear neighbours, the committee met last Tuesday to plan the coming season. We agreed "
        "to open the garden on the first Saturday of April and to keep the tool shed unlocked "
        "during daylight hours."
    )
    assert [block.kind for block in article.sections[1].blocks] == [
        "paragraph",
        "list_item",
        "list_item",
        "paragraph",
    ]
    assert article.sections[1].blocks[1].text == (
        "Bring your own gloves; the shared pairs wear out quickly."
    )


def test_text_without_headings_is_one_untitled_section(article_path, titles):
    article = read_article(article_path("no-headings.txt"))
    assert article.title == "A Short Note on Tea"
    assert titles(article) == [None]
    assert len(article.sections[0].blocks) == 2


def test_short_sentence_is_not_a_heading(titles):
    article = read_text("Title\nLet us begin.\nA much longer paragraph follows the short one.\n")
    assert titles(article) == [None]


def test_short_line_before_a_shorter_line_is_not_a_heading():
    article = read_text("Title\n\nWhy it matters\n\nIt works.\n")
    assert [block.text for block in article.sections[0].blocks] == ["Why it matters", "It works."]


def test_first_line_that_reads_like_prose_is_not_the_title():
    article = read_text("This file starts straight away with a sentence.\nAnd goes on.\n")
    assert article.title == ""
    assert len(article.sections[0].blocks) == 2


def test_numbered_list_with_parenthesis_markers():
    article = read_text("Title\nSteps\n1) Open the lid.\n2) Pour the water.\n")
    assert article.sections[0].title == "Steps"
    assert [block.text for block in article.sections[0].blocks] == [
        "Open the lid.",
        "Pour the water.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Home › Blog › Wellness",
        "Home > Blog",
        "Share this",
        "Share on Facebook",
        "Read more",
        "Read more »",
        "Back to top",
        "Skip to main content",
        "Tags: sleep, health",
        "Posted in Wellness",
        "This website uses cookies to improve your experience. Accept?",
        "Subscribe",
        "Sign up for our newsletter",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Bake the cookies for twelve minutes, then let them cool.",
        "Share your worries with someone you trust before the session.",
        "Read more widely, and you will write better.",
        "Home is where the heart is.",
        "Tagging plants helps you remember what you sowed.",
        "Next, add the flour.",
    ],
)
def test_prose_is_not_furniture(line):
    assert not is_furniture(line)


def test_previous_link_above_the_title_is_skipped():
    article = read_text("« Previous\nReal Title\n\nThe body of the article.\n")
    assert article.title == "Real Title"
    assert [block.text for block in article.sections[0].blocks] == ["The body of the article."]


def test_a_numbered_item_keeps_its_number_as_its_place():
    article = read_text("Prep\n\nDo this:\n1. Stop eating.\n2) Drink water.\n- Rest.\n")
    items = [b for b in article.sections[-1].blocks if b.kind == "list_item"]
    assert items == [
        Block("Stop eating.", "list_item", 1),
        Block("Drink water.", "list_item", 2),
        Block("Rest.", "list_item"),
    ]
