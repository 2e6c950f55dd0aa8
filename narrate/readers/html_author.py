"""Who wrote a web page, from its markup: the author meta tag, JSON-LD, microdata, rel=author,
a `.byline` element or an `<address>`, else the first element that reads as a byline ("By
Maria Chen, NP | March 3, 2026"). Names come back without "By", credentials or dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from narrate.readers.bylines import Metadata, author_name, read_metadata
from narrate.readers.cleanup import normalize_space

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_AUTHOR_CHARS = 120
MAX_BYLINE_CHARS = 200
BY_TEXT = "//body//text()[contains(translate(., 'BY', 'by'), 'by ')]"
MAX_BY_LINES = 40  # text nodes looked at for a byline line: it comes early in a page
NO_AUTHOR = Metadata(None, labelled=False)
NAMING = (  # elements whose text is a name
    "//*[@itemprop='author']",
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]",
)
BYLINES = (  # elements whose text must read as a byline ("By Maria Chen, NP | March 3")
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
    "//address",
)


def page_author(tree: HtmlElement) -> str | None:
    """The first author the page's markup names, cleaned; None when it names none."""
    for found, strict in _candidates(tree):
        text = normalize_space(found)
        name = (read_metadata(text) or NO_AUTHOR).author or "" if strict else author_name(text)
        if name and len(name) <= MAX_AUTHOR_CHARS and "://" not in name and "@" not in name:
            return name
    return None


def _candidates(tree: HtmlElement) -> Iterator[tuple[str, bool]]:
    """Texts that may name the author, each with whether it must read as a byline."""
    for meta in tree.iter("meta"):
        if meta.get("name") in ("author", "article:author", "parsely-author", "dc.creator"):
            yield meta.get("content") or "", False
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        yield from ((name, False) for name in _ld_authors(data))
    for paths, strict in ((NAMING, False), (BYLINES, True)):
        for path in paths:
            for element in tree.xpath(path):
                named = element.xpath(".//*[@itemprop='name']")
                text = (named[0] if named else element).text_content()
                yield text or element.get("content") or "", strict
    for node in tree.xpath(BY_TEXT)[:MAX_BY_LINES]:
        parent = node.getparent()
        text = parent.text_content() if parent is not None else ""
        if len(text) <= MAX_BYLINE_CHARS:
            yield text, True  # a line of its own: "By Maria Chen, NP | March 3, 2026"


def _ld_authors(data: Any) -> Iterator[str]:
    """The names of the `author` of JSON-LD objects (in a list or an @graph)."""
    if isinstance(data, list):
        for each in data:
            yield from _ld_authors(each)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _ld_authors(data["@graph"])
        author = data.get("author")
        for person in author if isinstance(author, list) else [author]:
            if isinstance(person, dict) and isinstance(person.get("name"), str):
                yield person["name"]
            elif isinstance(person, str):
                yield person
