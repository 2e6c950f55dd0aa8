"""Text after an empty inline element is moved before it, so no extractor drops it with the element.

A paragraph that starts with an empty marker (`<p><span id="byLine"></span>One reason …</p>`,
a CMS's placeholder) holds its first words in the marker's tail. trafilatura, asked for
precision, prunes such markers by their names ("byline", "share", "related") and their tails go
with them: on one real page every paragraph lost its first sentence. The text is moved into the
element before the marker (or its parent's text), so the words are where they were on screen and
the empty marker has nothing to lose. Void elements (`<br>`, `<img>`) are left alone: text after a
line break is on the next line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

INLINE = (
    "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "ins", "kbd", "label",
    "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
    "var",
)  # fmt: skip


def move_tails_off_empty(tree: HtmlElement) -> int:
    """Move the tail of every empty inline element (no children, no text) before it; the number
    moved."""
    moved = 0
    for element in tree.iter(*INLINE):
        tail, parent = element.tail or "", element.getparent()
        if parent is None or len(element) or (element.text or "").strip() or not tail.strip():
            continue
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        element.tail = None
        moved += 1
    return moved
