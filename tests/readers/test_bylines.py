"""Bylines, credits and date lines: the author goes to the tags, the line is never a chapter
and never spoken, in HTML, Markdown and pasted text (issue 28)."""

from __future__ import annotations

import json
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.model import Article
from narrate.readers.bylines import author_name, read_metadata
from narrate.readers.html import read_html
from narrate.readers.markdown import read_markdown
from narrate.readers.text import read_text
from tests.helpers import narrate_process

TITLE = "Five Things We Learned About Sleep"
INTRO = (
    "Sleep matters more than most of us think, and the research of the last ten years"
    " shows why. Here is what the clinic's nurses tell patients who ask about it."
)
FIRST = "Your body repairs muscle and sorts memories at night, which is why a short night shows."
SECOND = "Screens late in the evening delay sleep for most adults, and dimmer light helps them."

NAMES = st.sampled_from(
    ["Maria Chen", "Dr. Ana Ruiz", "Jo O'Neil", "Sam van der Berg", "Priya K. Nair", "Li Wei"]
)
CREDENTIALS = st.lists(
    st.sampled_from(["NP", "RN", "MD", "DO", "PharmD", "PhD", "LCSW", "MPH", "BSN"]),
    max_size=2,
    unique=True,
)
SEPARATORS = st.sampled_from([" | ", " · ", " — ", " – ", " • "])
DATES = st.sampled_from(
    [
        "March 3, 2026",
        "Mar. 3, 2026",
        "3 March 2026",
        "2026-03-03",
        "3/3/2026",
        "Updated March 3, 2026",
        "Updated on Mar 3, 2026",
        "Published: 3 March 2026",
        "Updated at 3:15 p.m. ET",
        "Tuesday, March 3, 2026 at 10:00 AM",
        "6 min read",
    ]
)


@st.composite
def bylines(draw: st.DrawFn) -> tuple[str, str]:
    """A byline line in one of the shapes the issue lists, and the writer it names."""
    name = draw(NAMES)
    credited = ", ".join([name, *draw(CREDENTIALS)])
    separator, date = draw(SEPARATORS), draw(DATES)
    shape = draw(st.integers(0, 5))
    if shape == 0:
        line = f"By {credited}"
    elif shape == 1:
        line = f"By {credited}{separator}{date}"
    elif shape == 2:
        line = f"Written by {credited}{separator}{date}"
    elif shape == 3:
        line = f"Medically reviewed by Dr. Ana Ruiz, MD{separator}Written by {credited}"
    elif shape == 4:
        line = f"Posted on March 3, 2026 by {credited}"
    else:
        line = f"{date}{separator}By {credited}"
    return line, name


def pasted(line: str) -> str:
    return f"{TITLE}\n\n{line}\n\n{INTRO}\n\nWhat Happens at Night\n\n{FIRST}\n\n{SECOND}\n"


def markdown(line: str) -> str:
    return f"# {TITLE}\n\n{line}\n\n{INTRO}\n\n## What Happens at Night\n\n{FIRST}\n\n{SECOND}\n"


def page(line: str, where: str = "p") -> str:
    return (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"<{where}>{escape(line)}</{where}><p>{INTRO}</p><h2>What Happens at Night</h2>"
        f"<p>{FIRST}</p><p>{SECOND}</p></article></body></html>"
    )


def said(article: Article) -> str:
    """Every line that would be spoken, chapter headings included."""
    lines = [article.title]
    for section in article.sections:
        lines += [section.title or ""] + [block.text for block in section.blocks]
    return "\n".join(lines)


def assert_metadata_only(article: Article, line: str, name: str) -> None:
    assert article.title == TITLE
    assert [section.title for section in article.sections] == [None, "What Happens at Night"]
    assert line not in said(article)
    assert article.sections[0].blocks[0].text == INTRO
    assert article.byline == name


@settings(max_examples=60, deadline=None)
@given(bylines())
def test_a_pasted_byline_is_the_author_not_a_chapter(case):
    line, name = case
    assert_metadata_only(read_text(pasted(line)), line, name)


@settings(max_examples=60, deadline=None)
@given(bylines())
def test_a_markdown_byline_is_the_author_not_a_chapter(case):
    line, name = case
    assert_metadata_only(read_markdown(markdown(line)), line, name)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bylines(), st.sampled_from(["p", "h2", "div", "address"]))
def test_an_html_byline_is_the_author_not_a_chapter(case, where):
    line, name = case
    assert_metadata_only(read_html(page(line, where)), line, name)


@pytest.mark.parametrize(
    "markup",
    [
        '<p class="byline">By <a rel="author" href="/staff/chen">Maria Chen</a>, NP'
        ' | <time datetime="2026-03-03">March 3, 2026</time></p>',
        '<div class="meta"><span itemprop="author" itemscope><span itemprop="name">Maria Chen'
        "</span>, NP</span> · <time>Updated Mar 3, 2026</time></div>",
        '<address>By <a rel="author" href="/staff/chen">Maria Chen, RN</a></address>',
    ],
)
def test_html_byline_markup_names_the_author(markup):
    html = page("").replace("<p></p>", markup)
    article = read_html(html)
    assert article.byline == "Maria Chen"
    assert "March 3" not in said(article) and "Chen" not in said(article)


def test_a_json_ld_author_is_the_author():
    ld = json.dumps({"@type": "Article", "author": [{"@type": "Person", "name": "Maria Chen"}]})
    html = page("Updated March 3, 2026").replace(
        "</head>", f'<script type="application/ld+json">{ld}</script></head>'
    )
    assert read_html(html).byline == "Maria Chen"


def test_an_updated_line_late_in_the_article_is_not_spoken():
    text = (
        pasted("By Maria Chen") + "\nUpdated at 3:15 p.m. ET\n\nA closing line of prose follows.\n"
    )
    assert "Updated at" not in said(read_text(text))


def test_a_dated_heading_further_down_stays_a_heading():
    text = markdown("By Maria Chen") + f"\n## March 2026\n\n{FIRST}\n"
    article = read_markdown(text)
    assert [s.title for s in article.sections] == [None, "What Happens at Night", "March 2026"]


@pytest.mark.parametrize(
    "line",
    [
        "By the way, this is text.",
        "By Train",
        "By Maria Chen, NP. She wrote the guide for the clinic.",
        "Updated March 3, 2026: we corrected the dose.",
        "Something surprising",
        "By Land and Sea",
        "10 minutes",
        "Today",
        "Published Works",
    ],
)
def test_text_that_only_starts_like_a_byline_is_not_metadata(line):
    assert read_metadata(line) is None


@pytest.mark.parametrize(
    ("found", "name"),
    [
        ("Maria Chen; NP; March 3", "Maria Chen"),
        ("By Maria Chen, PharmD", "Maria Chen"),
        ("Maria Chen and Li Wei", "Maria Chen, Li Wei"),
        ("Reviewed by Dr. Ana Ruiz, MD", ""),
    ],
)
def test_author_names_lose_credentials_and_dates(found, name):
    assert author_name(found) == name


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("sleep.txt", pasted("By Maria Chen, NP | March 3, 2026")),
        ("sleep.md", markdown("By Maria Chen, NP | March 3, 2026")),
        ("sleep.html", page("By Maria Chen, NP | March 3, 2026")),
    ],
)
def test_narrate_sections_shows_the_author_and_no_byline_chapter(tmp_path, name, text):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = narrate_process("sections", "--json", str(source))
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["author"] == "Maria Chen"
    assert [chapter["heading"] for chapter in article["chapters"]] == [
        None,
        "What Happens at Night",
    ]
    assert "NP" not in result.stdout


@pytest.mark.parametrize(
    "ld",
    [
        '{"@graph": [{"@type": "WebPage"}, {"@type": "Article", "author": "Maria Chen, NP"}]}',
        '[{"@type": "Article", "author": {"@type": "Person", "name": "By Maria Chen"}}]',
    ],
)
def test_json_ld_authors_in_a_graph_a_list_or_as_text(ld):
    script = '<script type="application/ld+json">{}</script>'
    head = script.format("{broken") + script.format(ld)
    html = page("Updated March 3, 2026").replace("</head>", f"{head}</head>")
    assert read_html(html).byline == "Maria Chen"


def test_an_address_that_is_not_a_byline_names_no_author():
    html = page("").replace("<p></p>", "<address>12 Main Street, Springfield</address>")
    assert read_html(html).byline is None
