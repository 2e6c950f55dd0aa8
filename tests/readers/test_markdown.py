"""Markdown: headings with their level, front matter, lists flattened, code and tables silent."""

from __future__ import annotations

from narrate.model import Block
from narrate.readers import read_article
from narrate.readers.markdown import read_markdown


def test_front_matter_gives_title_author_and_language(article_path, titles):
    article = read_article(article_path("garden-notes.md"))
    assert article.title == "Notes From a Small Garden"
    assert article.byline == "Priya Natarajan"
    assert article.language == "en-GB"
    assert titles(article) == [None, "What I Grew", "Watering"]
    assert [section.level for section in article.sections] == [1, 2, 2]


def test_links_and_emphasis_read_as_their_text(article_path):
    intro = read_article(article_path("garden-notes.md")).sections[0].blocks
    assert intro == (
        Block(
            "A garden does not need to be big to be useful. Mine is four square metres, and it "
            "fed us all summer, as the allotment society kept telling me it would."
        ),
    )


def test_nested_lists_are_flattened(article_path):
    blocks = read_article(article_path("garden-notes.md")).sections[1].blocks
    assert blocks == (
        Block("Tomatoes, in pots against the south wall", "list_item"),
        Block("Beans, up a frame of hazel sticks", "list_item"),
        Block("runner beans", "list_item"),
        Block("French beans", "list_item"),
        Block("Salad leaves, sown every two weeks", "list_item"),
    )


def test_quotes_code_spans_and_html_blocks_are_paragraphs(article_path):
    blocks = read_article(article_path("garden-notes.md")).sections[2].blocks
    assert [block.text for block in blocks] == [
        "Water the soil, not the leaves.",
        "My grandmother said it every summer, and drip lines made it easy to follow.",
        "Rain barrels fill up faster than you think.",
    ]


def test_code_images_and_tables_are_not_read(article_path, spoken):
    text = spoken(read_article(article_path("garden-notes.md")))
    for silent in (
        "print",
        "this is code",
        "indented code",
        "photo",
        "beds.jpg",
        "Crop",
        "Harvest",
        "August",
        "https://",
    ):
        assert silent not in text


def test_first_h1_is_the_title_and_levels_are_kept(article_path, titles):
    article = read_article(article_path("bread-basics.md"))
    assert article.title == "Bread Basics"
    assert titles(article) == [None, "Ingredients", "Method", "Kneading", "Proving"]
    assert [section.level for section in article.sections] == [1, 2, 2, 3, 3]
    assert [block.text for block in article.sections[1].blocks] == [
        "Flour",
        "Water",
        "Salt",
        "Yeast",
    ]


def test_empty_heading_over_subsections_is_kept_and_a_trailing_one_dropped(article_path):
    sections = read_article(article_path("bread-basics.md")).sections
    method = next(section for section in sections if section.title == "Method")
    assert method.blocks == ()
    assert "Further Reading" not in [section.title for section in sections]


def test_no_title_anywhere_falls_back_to_the_file_name(article_path, titles):
    article = read_article(article_path("untitled-notes.md"))
    assert article.title == "Untitled notes"
    assert titles(article) == [None]


def test_h1_that_is_not_first_is_a_section(titles):
    article = read_markdown("Opening words.\n\n# Part One\n\nBody text.\n")
    assert article.title == ""
    assert titles(article) == [None, "Part One"]
    assert article.sections[1].level == 1


def test_front_matter_title_when_no_leading_h1(titles):
    article = read_markdown('---\ntitle: "From Front Matter"\n---\n\n## First\n\nText.\n')
    assert article.title == "From Front Matter"
    assert titles(article) == ["First"]


def test_an_ordered_list_gives_each_items_first_paragraph_its_place():
    article = read_markdown("# T\n\nLead:\n\n3. Three\n\n   More of three\n4. Four\n\n- Bullet\n")
    assert article.sections[-1].blocks == (
        Block("Lead:"),
        Block("Three", "list_item", 3),
        Block("More of three", "list_item"),
        Block("Four", "list_item", 4),
        Block("Bullet", "list_item"),
    )
