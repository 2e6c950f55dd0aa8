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

from bs4 import BeautifulSoup, Tag

from narrate.model import Article
from narrate.readers.cleanup import normalize_space
from narrate.readers.extract import main_content
from narrate.readers.outline import Heading, build_sections, without_furniture
from narrate.readers.registry import register

TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]+\s+")


@register(".html", ".htm")
def read_html(text: str) -> Article:
    """Read an HTML page into an Article."""
    soup = BeautifulSoup(text, "lxml")
    title = _title(soup)
    language = _language(soup)
    content = main_content(text)
    items = [
        item
        for item in content.items
        if not (isinstance(item, Heading) and item.level == 1 and _names_title(item.text, title))
    ]
    return Article(
        title=title,
        byline=_meta(soup, name="author") or content.author,
        language=language,
        sections=build_sections(without_furniture(items)),
    )


def _meta(soup: BeautifulSoup, **attrs: str) -> str:
    """The content of the first <meta> with these attributes, whitespace-normalised."""
    tag = soup.find("meta", attrs=attrs)
    content = tag.get("content") if isinstance(tag, Tag) else None
    return normalize_space(content) if isinstance(content, str) else ""


def _title(soup: BeautifulSoup) -> str:
    """og:title, else <title> without a site name the first h1 confirms, else the first h1."""
    og_title = _meta(soup, property="og:title")
    if og_title:
        return og_title
    h1 = soup.find("h1")
    heading = normalize_space(h1.get_text()) if h1 else ""
    page_title = normalize_space(soup.title.get_text()) if soup.title else ""
    if page_title and heading:
        for part in TITLE_SEPARATOR.split(page_title):
            if _same(part, heading):
                return part
    return page_title or heading


def _language(soup: BeautifulSoup) -> str:
    """The <html lang> tag as written ("en-GB"), or "en"."""
    html = soup.find("html")
    lang = html.get("lang") if isinstance(html, Tag) else None
    return lang.strip().replace("_", "-") if isinstance(lang, str) and lang.strip() else "en"


def _names_title(heading: str, title: str) -> bool:
    """True when an h1 repeats the title, or the title's part without the site name."""
    return any(_same(heading, part) for part in (title, *TITLE_SEPARATOR.split(title)))


def _same(first: str, second: str) -> bool:
    return normalize_space(first).casefold() == normalize_space(second).casefold()
