"""The main content of a web page, by two well-kept extractors and a rule to choose between them.

trafilatura (tuned for precision, comments and images left out) is the first opinion:
on the shared benchmark it keeps the least boilerplate. readability-lxml is the second. Both
outputs are read into headings and blocks the same way (narrate.readers.html_blocks), and the
second replaces the first only when they disagree badly, by `choose`:

- trafilatura found nothing: readability's;
- trafilatura kept less than half of what readability kept and almost all of what it kept
  (90%) is also in readability's: trafilatura stopped short inside the article, readability's;
- they share almost nothing (under 20%) and readability's is over three times longer:
  trafilatura kept some other part of the page, readability's;
- they keep the same paragraphs (each holds 90% of the other's) and readability kept more headings
  (trafilatura's fallback for short pages keeps paragraphs only): readability's;
- otherwise trafilatura's.

Overlap is measured as the benchmark measures it: 4-word shingles counted as multisets. Nothing
here ever reads the whole page: readability's last resort (the page's whole body) counts as
finding nothing, and when both extractors find nothing the page has no article.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from narrate.readers.cleanup import normalize_space
from narrate.readers.empty_inline import move_tails_off_empty
from narrate.readers.folds import open_folds
from narrate.readers.html_blocks import html_items
from narrate.readers.markup import unwrapped
from narrate.readers.sections import Heading, Item
from narrate.readers.shingles import shingles
from narrate.readers.widget_text import widget_only, without_widget_text

if TYPE_CHECKING:
    from lxml.etree import _Element
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

NAVIGATION = "//nav | //*[@role='navigation']"
# readability marks the page's <body> with this id before scoring; the body in its output means
# it chose the whole page (tested in tests/readers/test_extract.py against the pinned version)
WHOLE_BODY = re.compile(r"<body\b[^>]*\bid=\"readabilityBody\"")


@dataclass(frozen=True)
class Rule:
    """The thresholds of `choose` (scripts/bench_extraction.py --rules moves each one)."""

    short_share: float = 0.5  # the first kept less than this share of the second's text...
    inside_share: float = 0.9  # ...and at least this share of what it kept is the second's too
    unrelated_share: float = 0.2  # they share less than this share of the first's text...
    unrelated_ratio: float = 3.0  # ...and the second's text is this many times longer


RULE = Rule()


@dataclass(frozen=True)
class Extraction:
    """The headings and blocks of the page's main content, which extractor found them and why,
    and the author trafilatura found in the page's metadata (None if it found none)."""

    items: list[Item]
    extractor: str
    reason: str
    author: str | None = None


def main_content(tree: HtmlElement) -> Extraction:
    """The main content of a page (parsed by `page_tree`; the extractors change it) as headings
    and blocks, none when no article is found."""
    first, second, author = readings(tree)
    use_second, reason = choose(text_of(first), text_of(second))
    if not use_second and _headings(second) > _headings(first):
        if same_text(_blocks_text(first), _blocks_text(second)):
            use_second, reason = True, "the same text, and the second kept its headings"
    log.info("main content: %s (%s)", "readability" if use_second else "trafilatura", reason)
    if use_second:
        return Extraction(second, "readability-lxml", reason, author)
    return Extraction(first, "trafilatura", reason, author)


def readings(tree: HtmlElement) -> tuple[list[Item], list[Item], str | None]:
    """trafilatura's and readability's main content as headings and blocks, and the author
    trafilatura found in the page's metadata. Navigation menus are removed first: a fallback
    inside trafilatura may keep a menu's text when the page has little else; "read more"
    folds are opened (narrate.readers.folds); text after an empty inline element is moved
    before it (narrate.readers.empty_inline). Blocks either took from the page's widgets
    (comments, reviews, related posts: narrate.readers.widget_text) are left out."""
    for menu in tree.xpath(NAVIGATION):
        menu.drop_tree()
    open_folds(tree)  # a "read more" fold's hidden rest is the article's, not the page's
    move_tails_off_empty(tree)  # an empty marker's tail is not pruned with it
    widgets = widget_only(tree)  # before readability edits the tree
    extracted = _soup(_trafilatura_html(deepcopy(tree)))  # trafilatura edits the tree it reads
    meta = extracted.find("meta", attrs={"name": "author"})
    content = meta.get("content") if meta else None
    author = normalize_space(content) if isinstance(content, str) else ""
    first = without_widget_text(html_items(extracted.body or extracted), widgets)
    second = without_widget_text(html_items(_soup(_readability_html(tree))), widgets)
    return first, second, author or None


def choose(first: str, second: str, rule: Rule = RULE) -> tuple[bool, str]:
    """Whether the second extractor's text should replace the first's, and why."""
    kept, other = shingles(first), shingles(second)
    n_kept, n_other = kept.total(), other.total()
    if n_kept == 0:
        return bool(n_other), "the first extractor found nothing"
    if n_other == 0:
        return False, "the second extractor found nothing"
    shared = (kept & other).total()
    if n_kept < rule.short_share * n_other and shared >= rule.inside_share * n_kept:
        return True, "the first stopped short inside the second's text"
    if shared < rule.unrelated_share * n_kept and n_other > rule.unrelated_ratio * n_kept:
        return True, "the first kept a small, different part of the page"
    return False, "the extractors agree well enough"


def same_text(first: str, second: str, rule: Rule = RULE) -> bool:
    """Whether each text holds almost all of the other (`inside_share` of its shingles)."""
    kept, other = shingles(first), shingles(second)
    shared = (kept & other).total()
    return bool(shared) and shared >= rule.inside_share * max(kept.total(), other.total())


def _blocks_text(items: list[Item]) -> str:
    return "\n".join(item.text for item in items if not isinstance(item, Heading))


def _headings(items: list[Item]) -> int:
    return sum(isinstance(item, Heading) for item in items)


def text_of(items: list[Item]) -> str:
    """The items' texts, one per line."""
    return "\n".join(item.text for item in items)


def page_tree(page: str) -> HtmlElement | None:
    """The page parsed once for its head and both extractors (None when lxml finds no HTML)."""
    from trafilatura import load_html

    return load_html(unwrapped(page))


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _trafilatura_html(page: HtmlElement) -> str:
    """trafilatura's extraction as HTML: headings, lists (ordered ones kept ordered), paragraphs,
    inline marks (for <sup>). Asked for as its XML, whose `rend` attributes say what each element
    was; its own HTML output turns every list into <ul>, losing the numbers of ordered ones."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        page,
        output_format="xml",
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_images=False,
        include_formatting=True,
    )
    if not xml:
        return ""
    doc = etree.fromstring(xml.encode())
    main = doc.find("main")
    if main is None:
        return ""
    for element in main.iter():
        _as_html(element)
    main.tag = "body"
    author = doc.get("author")
    meta = f'<meta name="author" content="{escape(author)}">' if author else ""
    return f"<html><head>{meta}</head>{etree.tostring(main, encoding='unicode')}</html>"


XML_TAGS = {"item": "li", "row": "tr", "lb": "br", "quote": "blockquote", "code": "pre", "ref": "a"}
XML_MARKS = {"#sup": "sup", "#sub": "sub", "#b": "b", "#i": "i", "#u": "u", "#t": "code"}


def _as_html(element: _Element) -> None:
    """One element of trafilatura's XML renamed to the HTML element it stands for."""
    rend, tag = element.get("rend") or "", element.tag
    if tag == "head":
        element.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
    elif tag == "list":
        element.tag = "ol" if rend == "ol" else "ul"
    elif tag == "cell":
        element.tag = "th" if element.get("role") == "head" else "td"
    elif tag == "hi":
        element.tag = XML_MARKS.get(rend, "span")
    else:
        element.tag = XML_TAGS.get(tag, tag) if isinstance(tag, str) else tag
    element.attrib.clear()


def _readability_html(page: HtmlElement) -> str:
    """readability-lxml's article as an HTML fragment; "" when it finds none, or when what it
    returns is the page's whole body (its last resort, which narrate never reads)."""
    from readability import Document
    from readability.readability import Unparseable

    try:
        article = Document(page).summary(html_partial=True)
    except Unparseable:
        return ""
    return "" if WHOLE_BODY.search(article) else article
