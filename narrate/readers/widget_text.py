"""Text an extractor took from the page's widgets: comments, reviews, related posts, sidebars.

An extractor returns text without the elements it came from, so narrate.readers.html_blocks
cannot tell a reader comment in its output from a paragraph of the article. The page can: the
widgets whose text reads like an article's are named by their class or id, which ends in the
widget's name, maybe with a container's ("comments", "comment-list", "recipe-reviews",
"related-posts", "read-also"). A block is the widgets' when almost all of its 4-word shingles
(`WIDGET_SHARE`) occur on the page only inside widgets, never in the rest of the page.

A layout name may hold such a word as a modifier ("content-with-sidebar-wrp": sidebars are not
counted for that reason), and a wrapper around the article can carry a widget's name; a widget
is therefore never an element that holds an h1, an <article> or <main>, or over half of the
page's text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from narrate.readers.sections import Heading, Item
from narrate.readers.shingles import shingles

if TYPE_CHECKING:
    from lxml.html import HtmlElement

WIDGET_NAME = re.compile(
    r"(?:^|[-_])(comments?|comment-?list|replies|reviews?|related|recommended|read-?also)"
    r"([-_](list|area|section|thread|block|container|wrap|wrapper|items?|posts?|box|widget))?$",
    re.IGNORECASE,
)
WIDGET_SHARE = 0.9  # of a block's shingles found only inside widgets: the block is theirs
MAX_PAGE_SHARE = 0.5  # of the page's text: a "widget" holding more is a wrapper


def widget_only(tree: HtmlElement) -> Counter[tuple[str, ...]]:
    """The page's shingles that occur only inside its widgets (each with its count)."""

    body = tree.find("body")
    if body is None:
        return Counter()
    page = shingles(_text(body))
    total = page.total()
    inside: Counter[tuple[str, ...]] = Counter()
    for element in _widgets(body):
        found = shingles(_text(element))
        if found.total() <= MAX_PAGE_SHARE * total:
            inside.update(found)
    return Counter({s: n for s, n in inside.items() if n >= page[s]})


def without_widget_text(items: list[Item], widgets: Counter[tuple[str, ...]]) -> list[Item]:
    """items without the blocks that came from the page's widgets (headings are kept)."""

    if not widgets:
        return items
    kept = []
    for item in items:
        found = shingles(item.text)
        theirs = sum(n for s, n in found.items() if s in widgets)
        if isinstance(item, Heading) or theirs < WIDGET_SHARE * found.total():
            kept.append(item)
    return kept


def _widgets(body: HtmlElement) -> list[HtmlElement]:
    """The outermost elements named as widgets that hold no article, main or h1."""
    found: list[HtmlElement] = []
    stack = list(body)
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        names = " ".join(filter(None, [element.get("class"), element.get("id")])).split()
        if any(WIDGET_NAME.search(name) for name in names) and not element.xpath(
            ".//article | .//main | .//h1 | .//*[@role='main']"
        ):
            found.append(element)  # its own widgets are inside it: counted once
        else:
            stack.extend(element)
    return found


def _text(element: HtmlElement) -> str:
    return " ".join(element.itertext())
