"""HTML: title, language and byline from the head; the article body without the site."""

from __future__ import annotations

from narrate.model import Block
from narrate.readers import read_article
from narrate.readers.html import read_html


def test_article_page_title_language_and_byline(article_path):
    article = read_article(article_path("brew-coffee.html"))
    assert article.title == "How to Brew Better Coffee"
    assert article.language == "en-GB"
    assert article.byline == "Sam Okafor"


def test_article_page_sections_and_blocks(article_path, titles):
    article = read_article(article_path("brew-coffee.html"))
    assert titles(article) == [
        None,
        "Start With Fresh Beans",
        "Get the Grind Right",
        "Water Temperature",
    ]
    assert [section.level for section in article.sections] == [1, 2, 2, 3]
    assert article.sections[0].blocks == (
        Block(
            "Great coffee at home comes down to three things: fresh beans, the right grind and "
            "clean water."
        ),
    )
    assert article.sections[1].blocks[1:] == (
        Block("Store beans in an airtight tin.", "list_item"),
        Block("Keep them away from light and heat.", "list_item"),
    )


def test_blockquote_is_a_paragraph_and_br_splits(article_path):
    blocks = read_article(article_path("brew-coffee.html")).sections[2].blocks
    assert [block.text for block in blocks] == [
        "Coarse for the press, fine for espresso.",
        "A burr grinder gives even particles.",
        "A blade grinder gives dust and boulders.",
    ]


def test_article_page_speaks_none_of_the_site(article_path, spoken):
    text = spoken(read_article(article_path("brew-coffee.html")))
    for leftover in (
        "cookies",
        "Accept",
        "Morning Blog",
        "Home",
        "About",
        "By Sam",
        "Share",
        "Tweet",
        "Read more",
        "Tags",
        "Related",
        "Tea",
        "©",
        "JavaScript",
        "analytics",
        "font-family",
        "Photo",
    ):
        assert leftover not in text


def test_densest_block_is_found_without_article_or_main(article_path, titles, spoken):
    article = read_article(article_path("walking-densest.html"))
    assert article.title == "The Quiet Power of Walking"
    assert article.byline == "Lena Fischer"
    assert article.language == "en"
    assert titles(article) == [None, "Why It Works", "How to Start"]
    text = spoken(article)
    for leftover in (
        "Home",
        "Popular",
        "Sponsored",
        "Stride Magazine",
        "Previous",
        "Next",
        "Stretches",
        "Shoes",
        "Share",
        "Great article",
        "running",
        "inbox",
    ):
        assert leftover not in text
    assert text.endswith("let the habit grow from there.")


def test_main_is_used_when_there_is_no_article(titles):
    article = read_html(
        "<html><body><div><p>Outside text that is long enough to be tempting to pick.</p></div>"
        "<main><h2>Inside</h2><p>Inside text.</p></main></body></html>"
    )
    assert titles(article) == ["Inside"]


def test_role_main_is_used_when_there_is_no_main(titles):
    article = read_html(
        '<html><body><div><p>Outside.</p></div><div role="main"><h2>Inside</h2><p>Yes.</p>'
        "</div></body></html>"
    )
    assert titles(article) == ["Inside"]


def test_title_keeps_its_suffix_when_no_h1_confirms_it():
    article = read_html("<html><head><title>Notes | Blog</title></head><body><p>Hi.</p></body>")
    assert article.title == "Notes | Blog"


def test_title_falls_back_to_the_first_h1():
    article = read_html("<html><body><article><h1>Only Heading</h1><p>Hi.</p></article></body>")
    assert article.title == "Only Heading"
    assert article.sections[0].title is None


def test_h1_other_than_the_title_is_a_section(titles):
    article = read_html(
        '<html><head><meta property="og:title" content="Real Title"></head><body><article>'
        "<h1>Real Title</h1><p>Intro.</p><h1>Second Part</h1><p>More.</p></article></body></html>"
    )
    assert titles(article) == [None, "Second Part"]


def test_a_junk_sounding_wrapper_around_the_article_is_kept(titles):
    article = read_html(
        '<html><body class="comments-open"><div class="content-with-sidebar"><article>'
        "<h2>Kept</h2><p>Body.</p></article></div></body></html>"
    )
    assert titles(article) == ["Kept"]


def test_inline_text_in_a_div_is_a_block():
    article = read_html("<html><body><main><div>Loose <b>text</b> here.</div></main></body></html>")
    assert article.sections[0].blocks == (Block("Loose text here."),)


def test_h1_repeating_the_title_without_its_site_name_is_not_a_section(titles):
    article = read_html(
        '<html><head><meta property="og:title" content="Real Title | Site"></head><body>'
        "<article><h1>Real Title</h1><p>Intro.</p></article></body></html>"
    )
    assert article.title == "Real Title"  # the h1 confirms it: "Site" is the site's name
    assert titles(article) == [None]


def test_an_ordered_list_gives_its_items_their_places():
    # trafilatura keeps a list ordered but not its `start`: the places count from one
    page = (
        "<html><body><main><h1>T</h1><p>Lead in to the steps below, long enough.</p>"
        "<ol><li>One</li><li>Two</li></ol><ul><li>Dot</li></ul></main></body></html>"
    )
    blocks = read_html(page).sections[-1].blocks
    assert [(b.text, b.place) for b in blocks if b.kind == "list_item"] == [
        ("One", 1),
        ("Two", 2),
        ("Dot", None),
    ]
