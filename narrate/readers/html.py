"""HTML pages: the article itself, without the site around it (BeautifulSoup with lxml).

Title: `og:title`, else `<title>` (minus a " | Site" part when the first h1 confirms it), else
the first h1. Language: `<html lang>`. Byline: `<meta name="author">`. Content: the longest
`<article>`, else `<main>`, else `[role=main]`, else the element whose paragraphs hold the most
text. Dropped first: nav, header, footer, aside, scripts, forms and the like, hidden elements,
and elements whose id or class names a cookie banner, share bar, breadcrumbs, comments,
newsletter sign-up, related posts or a sidebar. h1-h6 are headings with their level (an h1
repeating the title is not a section); p, li (list items), dt, dd and block-quote text are
blocks; `<br>` splits a block. Skipped silently: pre, table, figure (with its caption), media.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bs4 import BeautifulSoup, NavigableString, Tag

from narrate.model import Article, Block, BlockKind
from narrate.readers.cleanup import normalize_space
from narrate.readers.outline import Heading, Item, build_sections, without_furniture
from narrate.readers.registry import register

DROPPED_TAGS = tuple(
    "nav header footer aside script style noscript form template svg iframe button dialog".split()
)
DROPPED_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog".split()
)
JUNK_NAME = re.compile(
    r"(?:^|[-_])(cookies?|consent|gdpr|share|sharing|sharedaddy|social|breadcrumbs?|comments?"
    r"|disqus|newsletter|subscribe|subscription|signup|sign-up|related|relatedposts|recommended"
    r"|promo|advert|advertisement|ads|sidebar|popup|modal)(?:$|[-_])",
    re.IGNORECASE,
)
SKIPPED_TAGS = frozenset(
    "pre table figure img picture video audio canvas math select textarea input object embed map"
    " head title meta link".split()
)
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i ins kbd label mark q s samp small span"
    " strong sub sup time u var wbr".split()
)
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]+\s+")


@register(".html", ".htm")
def read_html(text: str) -> Article:
    """Read an HTML page into an Article."""
    soup = BeautifulSoup(text, "lxml")
    title = _title(soup)
    language = _language(soup)
    byline = _meta(soup, name="author") or None
    _drop_furniture(soup)
    items = _items(_content_root(soup))
    items = [
        item
        for item in items
        if not (isinstance(item, Heading) and item.level == 1 and _names_title(item.text, title))
    ]
    return Article(
        title=title,
        byline=byline,
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


def _drop_furniture(soup: BeautifulSoup) -> None:
    """Remove non-content elements, and widgets recognised by their id, class or role."""
    for tag in soup.find_all(DROPPED_TAGS):
        tag.extract()
    for tag in soup.find_all(True):
        if _is_widget(tag) and not _holds_content(tag):
            tag.extract()


def _is_widget(tag: Tag) -> bool:
    """True for hidden elements and page widgets named by their role, id or class."""
    if tag.name in ("html", "body"):
        return False
    if tag.has_attr("hidden") or tag.get("role") in DROPPED_ROLES:
        return True
    names = [*tag.get_attribute_list("class"), tag.get("id")]
    return any(isinstance(name, str) and JUNK_NAME.search(name) for name in names)


def _holds_content(tag: Tag) -> bool:
    """True for wrappers around the main content, which a junk-sounding class must not remove."""
    return tag.find(["article", "main"]) is not None or tag.find(role="main") is not None


def _content_root(soup: BeautifulSoup) -> Tag:
    """The element holding the article text."""
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text()))
    for found in (soup.find("main"), soup.find(role="main")):
        if isinstance(found, Tag):
            return found
    return _densest(soup)


def _densest(soup: BeautifulSoup) -> Tag:
    """The element whose paragraphs hold the most text (half of it counts for a grandparent)."""
    scores: dict[int, tuple[Tag, float]] = {}
    for paragraph in soup.find_all("p"):
        length = len(normalize_space(paragraph.get_text()))
        for ancestor, share in ((paragraph.parent, 1.0), (paragraph.parent.parent, 0.5)):
            if isinstance(ancestor, Tag):
                _, score = scores.get(id(ancestor), (ancestor, 0.0))
                scores[id(ancestor)] = (ancestor, score + length * share)
    if scores:
        return max(scores.values(), key=lambda pair: pair[1])[0]
    return soup.body or soup


def _items(root: Tag) -> list[Item]:
    items: list[Item] = []
    _walk(root, "paragraph", items)
    return items


def _walk(element: Tag, kind: BlockKind, items: list[Item]) -> None:
    """Append the headings and blocks under element, in document order."""
    run: list[Tag | NavigableString] = []
    for child in element.children:
        if isinstance(child, Tag) and child.name not in INLINE_TAGS:
            _flush(run, kind, items)
            run = []
            _visit_block(child, kind, items)
        elif isinstance(child, Tag) or type(child) is NavigableString:
            run.append(child)
    _flush(run, kind, items)


def _visit_block(tag: Tag, kind: BlockKind, items: list[Item]) -> None:
    if tag.name in HEADING_LEVELS:
        text = " ".join(_text_lines([tag]))
        if text:
            items.append(Heading(text, HEADING_LEVELS[tag.name]))
    elif tag.name == "p":
        _flush([tag], kind, items)
    elif tag.name == "li":
        first = len(items)
        _walk(tag, "list_item", items)
        place = _place(tag)
        if place is not None and first < len(items) and isinstance(items[first], Block):
            items[first] = replace(items[first], place=place)
    elif tag.name not in SKIPPED_TAGS:
        _walk(tag, kind, items)


def _place(item: Tag) -> int | None:
    """The number an <li> of an <ol> shows (its value, or its list's start plus its index)."""
    parent = item.parent
    if not isinstance(parent, Tag) or parent.name != "ol":
        return None
    try:
        if item.get("value"):
            return int(item["value"])
        siblings = parent.find_all("li", recursive=False)
        return int(parent.get("start") or 1) + next(i for i, s in enumerate(siblings) if s is item)
    except ValueError:
        return None


def _flush(run: list[Tag | NavigableString], kind: BlockKind, items: list[Item]) -> None:
    """Turn a run of inline content into blocks, one per <br>-separated line."""
    items.extend(Block(line, kind) for line in _text_lines(run))


def _text_lines(nodes: Iterable[Tag | NavigableString]) -> list[str]:
    """The text of nodes split at <br>, whitespace-normalised, empty lines dropped."""
    lines = [""]
    for node in nodes:
        pieces = node.descendants if isinstance(node, Tag) else [node]
        for piece in pieces:
            if isinstance(piece, Tag) and piece.name == "br":
                lines.append("")
            elif type(piece) is NavigableString:
                lines[-1] += piece
    return [line for line in map(normalize_space, lines) if line]
