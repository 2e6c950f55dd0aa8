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
from typing import TYPE_CHECKING

from narrate.readers.cleanup import ends_with_closing_punctuation, normalize_space
from narrate.readers.shingles import shingles

if TYPE_CHECKING:
    from lxml.html import HtmlElement

HIDDEN = (
    "//*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''), 'display:none')"
    " or contains(translate(@style, ' ', ''), 'visibility:hidden')"
    " or contains(translate(@style, ' ', ''), 'max-height:0')]"
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


def open_folds(tree: HtmlElement) -> int:
    """Show each hidden element of the page that is the rest of an article; how many."""
    opened = 0
    for element in tree.xpath(HIDDEN):
        if _is_fold(element) and not any(_is_hidden(a) for a in element.iterancestors()):
            for shown in (element, *element.iterdescendants()):
                _show(shown)
            opened += 1
    return opened


def _is_fold(element: HtmlElement) -> bool:
    if element.tag in ("head", "html", "body", "template") or element.xpath(
        " | ".join(f".//{tag}" for tag in NOT_PROSE)
    ):
        return False
    words = sum(len(WORDS.findall(text)) for text in _sentences(element))
    if words < MIN_WORDS:
        return False
    text = len(normalize_space(element.text_content()))
    linked = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
    return linked <= MAX_LINK_SHARE * text and _follows_prose(element) and not _is_copy(element)


def _is_copy(element: HtmlElement) -> bool:
    """Whether most of element's text is also in the rest of the page."""

    root = element.getroottree().getroot()
    own = shingles(" ".join(element.itertext()))
    rest = shingles(" ".join(root.itertext())) - own
    return (own & rest).total() >= MAX_REPEATED * own.total()


def _sentences(element: HtmlElement) -> list[str]:
    """The texts of the paragraphs (or text-only blocks) under element that end like prose."""
    paragraphs = [p.text_content() for p in element.iter("p")] or [element.text_content()]
    return [t for t in map(normalize_space, paragraphs) if ends_with_closing_punctuation(t)]


def _follows_prose(element: HtmlElement) -> bool:
    """Whether a visible paragraph of sentences comes before element: among its earlier
    siblings, or its parent's (hidden siblings do not count)."""
    for node in [n for n in (element, element.getparent()) if n is not None]:
        for sibling in node.itersiblings(preceding=True):
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
