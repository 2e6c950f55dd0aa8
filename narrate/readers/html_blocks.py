"""From an HTML element (an extractor's output, or a page region) to headings and blocks.

h1-h6 are headings with their level; p, li (list items), dt, dd and block-quote text are
blocks; `<br>` splits a block; a data table's row is one block, its cells joined by commas
(a layout table's cells are read as containers). Skipped silently: pre, figure and its caption,
media,
and footnote markers: a `<sup>` that is a short link, holds only "[3]", "(a)", "*" or "†", or
holds a number right after punctuation ("defences.1"; after a letter it is an exponent: m²).
Widgets an extractor may let through are dropped first: nav, header, footer, aside, forms,
hidden elements, and elements whose id, class or role names a cookie banner, share bar,
breadcrumbs, comments, newsletter sign-up, related posts or a sidebar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bs4 import Tag
from bs4.element import NavigableString

from narrate.model import Block, BlockKind
from narrate.readers.cleanup import normalize_space
from narrate.readers.sections import Heading, Item

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
    "pre figure figcaption img picture video audio canvas math select textarea input object"
    " embed map head title meta link".split()
)
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i ins kbd label mark q s samp small span"
    " strong sub sup time u var wbr".split()
)
# A row whose cells hold these is page layout, not data: its cells are read as containers.
LAYOUT_CELL_CONTENT = ("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6")
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
FOOTNOTE_MARKER = re.compile(r"[\[(](\d{1,3}|[a-z])[\])]|[*†‡§¶]+", re.IGNORECASE)
NUMBER = re.compile(r"\d{1,3}(,\s?\d{1,3})*")
PUNCTUATION = tuple(".,;:!?)\"'”’")
MAX_MARKER = 6  # characters: a linked <sup> longer than this is text, not a marker


def html_items(root: Tag) -> list[Item]:
    """The headings and blocks under root, in document order (root is modified: widgets go)."""
    drop_widgets(root)
    items: list[Item] = []
    _walk(root, "paragraph", items)
    return items


def drop_widgets(root: Tag) -> None:
    """Remove non-content elements, widgets named by their id, class or role, footnote marks."""
    for tag in root.find_all(DROPPED_TAGS):
        tag.extract()
    for tag in root.find_all(True):
        if _is_widget(tag) and not _holds_content(tag):
            tag.extract()
    for tag in root.find_all("sup"):
        if _is_footnote_marker(tag):
            tag.extract()


def _is_footnote_marker(sup: Tag) -> bool:
    text = normalize_space(sup.get_text())
    if FOOTNOTE_MARKER.fullmatch(text):
        return True
    if NUMBER.fullmatch(text) and _text_before(sup).endswith(PUNCTUATION):
        return True
    linked = sup.find("a") is not None or (sup.parent is not None and sup.parent.name == "a")
    return linked and len(text) <= MAX_MARKER


def _text_before(tag: Tag) -> str:
    """The text just before tag, at most one inline step back, without trailing spaces."""
    previous = tag.previous_sibling
    text = previous.get_text() if isinstance(previous, Tag) else previous
    return str(text or "").rstrip()


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
        if place is not None and first < len(items) and isinstance(block := items[first], Block):
            items[first] = replace(block, place=place)
    elif tag.name == "tr" and not tag.find(LAYOUT_CELL_CONTENT):
        _table_row(tag, items)
    elif tag.name not in SKIPPED_TAGS:
        _walk(tag, kind, items)


def _place(item: Tag) -> int | None:
    """The number an <li> of an <ol> shows (its value, or its list's start plus its index)."""
    parent = item.parent
    if not isinstance(parent, Tag) or parent.name != "ol":
        return None
    try:
        value, start = item.get("value"), parent.get("start")  # single-valued: text
        if value:
            return int(str(value))
        siblings = parent.find_all("li", recursive=False)
        return int(str(start or 1)) + next(i for i, s in enumerate(siblings) if s is item)
    except ValueError:
        return None


def _table_row(row: Tag, items: list[Item]) -> None:
    """A data table's row as one block, its cells separated by commas (a pause when spoken)."""
    cells = [" ".join(_text_lines([cell])) for cell in row.find_all(["td", "th"])]
    text = ", ".join(cell for cell in cells if cell)
    if text:
        items.append(Block(text, "paragraph"))


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
