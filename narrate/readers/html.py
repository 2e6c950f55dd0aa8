"""HTML pages: the article itself, without the site around it.

Title: `og:title`, else `<title>` (minus a " | Site" part when the first h1 confirms it), else
the first h1. Language: `<html lang>`. Byline: `<meta name="author">`, else the author
trafilatura finds. Content: what the extractors find (narrate.readers.extract), read into
headings and blocks by narrate.readers.html_blocks; an h1 repeating the title is not a section,
and the furniture lines narrate knows ("Share", "Read more", a trailing "Related posts" list)
are dropped as in every reader.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from narrate.language import UNDECLARED
from narrate.model import Article
from narrate.readers.cleanup import normalize_space
from narrate.readers.extract import main_content, page_tree
from narrate.readers.registry import register
from narrate.readers.sections import Heading, build_sections, without_furniture

if TYPE_CHECKING:
    from lxml.html import HtmlElement

TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]+\s+")


@register(".html", ".htm")
def read_html(text: str) -> Article:
    """Read an HTML page into an Article."""
    tree = page_tree(text)
    if tree is None:  # nothing lxml can parse: no article (read_article says so)
        return Article(title="", sections=())
    title = _title(tree)
    language = _language(tree)
    author = _meta(tree, "name", "author")
    content = main_content(tree)  # after the head is read: the extractors change the tree
    items = [
        item
        for item in content.items
        if not (isinstance(item, Heading) and item.level == 1 and _names_title(item.text, title))
    ]
    return Article(
        title=title,
        byline=author or content.author,
        language=language,
        sections=build_sections(without_furniture(items)),
    )


def _meta(tree: HtmlElement, attribute: str, value: str) -> str:
    """The content of the first <meta> whose attribute has this value, whitespace-normalised."""
    for meta in tree.iter("meta"):
        if meta.get(attribute) == value and (content := meta.get("content")):
            return normalize_space(content)
    return ""


def _first_text(tree: HtmlElement, tag: str) -> str:
    element = next(tree.iter(tag), None)
    return normalize_space(element.text_content()) if element is not None else ""


def _title(tree: HtmlElement) -> str:
    """og:title, else <title> without a site name the first h1 confirms, else the first h1."""
    og_title = _meta(tree, "property", "og:title")
    if og_title:
        return og_title
    heading = _first_text(tree, "h1")
    page_title = _first_text(tree, "title")
    if page_title and heading:
        for part in TITLE_SEPARATOR.split(page_title):
            if _same(part, heading):
                return part
    return page_title or heading


def _language(tree: HtmlElement) -> str:
    """The <html lang> tag as written ("en-GB"), or UNDECLARED (the text decides)."""
    lang = tree.getroottree().getroot().get("lang") or ""
    return lang.strip().replace("_", "-") or UNDECLARED


def _names_title(heading: str, title: str) -> bool:
    """True when an h1 repeats the title, or the title's part without the site name."""
    return any(_same(heading, part) for part in (title, *TITLE_SEPARATOR.split(title)))


def _same(first: str, second: str) -> bool:
    return normalize_space(first).casefold() == normalize_space(second).casefold()
