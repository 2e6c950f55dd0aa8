""" "Read more" folds opened before the extractors read a page.

Many pages show an article's first paragraphs and hide the rest until a reader presses "Read
more": in an element with `style="display:none"`, `max-height:0`, `visibility:hidden`, the
`hidden` attribute or `aria-hidden="true"`. Both extractors drop hidden elements (a hidden
element is usually a menu, a dialog or a template), so the listener would hear the first two
paragraphs only. A hidden element is a fold, and is shown, when it reads as the rest of the
article and as nothing else:

- it holds prose: at least `MIN_WORDS` words in paragraphs that end like sentences;
- little of its text is links (under `MAX_LINK_SHARE`) and it holds no form, input, button,
  menu or dialog;
- it follows prose it continues: a visible paragraph of sentences among its earlier siblings,
  or in its parent's earlier siblings (the fold sits right after the text it continues);
- it is not a copy of text shown elsewhere on the page (a print or mobile version): under
  `MAX_REPEATED` of its 4-word shingles occur in the rest of the page.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from typing import TYPE_CHECKING

from narrate.readers.cleanup import ends_with_closing_punctuation, normalize_space
from narrate.readers.shingles import shingles

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# the style lower-cased and without spaces, as HIDING_STYLE reads it (XPath 1.0 has no lower-case())
_STYLE = "translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz')"
HIDDEN = (
    f"//*[@hidden or @aria-hidden='true' or contains({_STYLE}, 'display:none')"
    f" or contains({_STYLE}, 'visibility:hidden') or contains({_STYLE}, 'max-height:0')]"
)
HIDING = r"display\s*:\s*none|visibility\s*:\s*hidden|max-height\s*:\s*0(px)?\b"
HIDING_STYLE = re.compile(HIDING, re.IGNORECASE)
# what _show takes out of a fold's style: its hiding, and a clipping that would keep it hidden
# once open (trafilatura drops any element whose style names "hidden")
UNHIDING = re.compile(
    rf"({HIDING}|overflow\s*:\s*hidden|(?<![-\w])height\s*:\s*0(px)?\b)\s*;?", re.IGNORECASE
)
NOT_PROSE = "form input button select textarea nav menu dialog iframe".split()
MIN_WORDS = 40  # words of sentences in the fold: less is a tooltip or a teaser, not a story
MAX_LINK_SHARE = 0.3  # of the fold's text inside links: more is a list of links
MAX_REPEATED = 0.5  # of the fold's shingles also in the rest of the page: more is a copy
WORDS = re.compile(r"\w+")
MAX_CHECKED = 1000  # hidden elements weighed on one page: past that the rest stay hidden
LOOKBACK = 50  # earlier siblings looked at for the prose a fold continues


def open_folds(tree: HtmlElement) -> int:
    """Show each hidden element of the page that is the rest of an article; how many. The
    page's text is split into shingles once (a page of many hidden blocks costs time in
    proportion to its size, not its size squared), and at most `MAX_CHECKED` are weighed."""
    opened = 0
    page: Counter[tuple[str, ...]] | None = None
    for element in tree.xpath(HIDDEN)[:MAX_CHECKED]:
        if not _looks_like_fold(element) or any(_is_hidden(a) for a in element.iterancestors()):
            continue
        if page is None:
            page = shingles(" ".join(element.getroottree().getroot().itertext()))
        if not _is_copy(element, page):
            for shown in (element, *element.iterdescendants()):
                _show(shown)
            opened += 1
    return opened


def _looks_like_fold(element: HtmlElement) -> bool:
    """Prose, few links, nothing to press, after prose it continues (not yet: not a copy)."""
    if element.tag in ("head", "html", "body", "template") or element.xpath(
        " | ".join(f".//{tag}" for tag in NOT_PROSE)
    ):
        return False
    words = sum(len(WORDS.findall(text)) for text in _sentences(element))
    if words < MIN_WORDS:
        return False
    text = len(normalize_space(element.text_content()))
    linked = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
    return linked <= MAX_LINK_SHARE * text and _follows_prose(element)


def _is_copy(element: HtmlElement, page: Counter[tuple[str, ...]]) -> bool:
    """Whether most of element's text is also in the rest of the page (`page`: the whole
    page's shingles, element's own included)."""
    own = shingles(" ".join(element.itertext()))
    repeated = sum(min(count, page[key] - count) for key, count in own.items())
    return repeated >= MAX_REPEATED * own.total()


def _sentences(element: HtmlElement) -> list[str]:
    """The texts of the paragraphs (or text-only blocks) under element that end like prose."""
    paragraphs = [p.text_content() for p in element.iter("p")] or [element.text_content()]
    return [t for t in map(normalize_space, paragraphs) if ends_with_closing_punctuation(t)]


def _follows_prose(element: HtmlElement) -> bool:
    """Whether a visible paragraph of sentences comes before element: among its earlier
    siblings, or its parent's (hidden siblings do not count), among the nearest `LOOKBACK`."""
    for node in [n for n in (element, element.getparent()) if n is not None]:
        for sibling in islice(node.itersiblings(preceding=True), LOOKBACK):
            if _is_hidden(sibling):
                continue
            paragraphs = [sibling] if sibling.tag == "p" else list(sibling.iter("p"))
            if any(_is_sentence(p.text_content()) for p in paragraphs):
                return True
    return False


def _is_sentence(text: str) -> bool:
    return ends_with_closing_punctuation(normalize_space(text))


def _is_hidden(element: HtmlElement) -> bool:
    style = element.get("style") or ""
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or HIDING_STYLE.search(style) is not None
    )


def _show(element: HtmlElement) -> None:
    for attribute in ("hidden", "aria-hidden"):
        element.attrib.pop(attribute, None)
    style = element.get("style")
    if style is not None:
        element.set("style", UNHIDING.sub("", style))
