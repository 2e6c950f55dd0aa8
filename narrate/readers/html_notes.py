"""A web page's footnotes and endnotes, found in its markup and taken out of it before the
main content is extracted, so that they are never read where they sit (narrate.readers.notes
reads them at the end, or leaves them out).

Notes are:
- the items of a list of notes: an element whose role is `doc-endnotes`, whose `epub:type` is
  footnotes or endnotes, that has a `data-footnotes` attribute (GitHub), or whose class names
  one (`footnotes`, `endnotes`, `footnotes-list`, `references`, `reflist`: pandoc,
  markdown-it, WordPress plug-ins, MediaWiki);
- an element whose role is `doc-footnote` or `doc-endnote`;
- an element whose id names a note (`fn1`, `fn:1`, `footnote-2`, `cite_note-Smith-3`) and that
  a short link in the page points to ("1", "[2]", "*");
- a block that opens with a word processor's note anchor (`<a name="_ftn1">`, `_edn1`).
Each note loses its back-links ("↩", "↑", "^") and its own mark; the links pointing to it
(and a `<sup>` holding only such a link) go too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from narrate.readers.cleanup import normalize_space
from narrate.readers.notes import note_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

NOTE_LIST_CLASSES = frozenset(
    "footnotes endnotes footnotes-list footnote-list references reflist mw-references-wrap".split()
)
NOTE_LIST_KINDS = frozenset("doc-endnotes doc-footnotes footnotes endnotes rearnotes".split())
NOTE_KINDS = frozenset("doc-footnote doc-endnote footnote endnote rearnote".split())
NOTE_ID = re.compile(
    r"(?:_?ftn|_?edn|fn|footnotes?|endnotes?|notes?|cite_note)(?:[-_:.]?\d+|-.*\d.*)",
    re.IGNORECASE,
)
WORD_ANCHOR = re.compile(r"_(?:ftn|edn)\d+", re.IGNORECASE)  # Word's "Save as web page"
BLOCKS = frozenset("p li div aside section dd dt td".split())
MAX_MARK = 6  # characters: a link with more text is a link, not a note's mark
BACK_LINK = re.compile(r"[↩↑^]|\[?\w{1,3}\]?|jump up.*", re.IGNORECASE)


def take_notes(tree: HtmlElement) -> list[str]:
    """Take the page's notes out of its tree (see the module's docstring); their texts, in the
    order the page shows them."""
    body = tree.find("body")
    if body is None:
        return []
    for anchor in list(body.iter("a")):
        _mark_word_note(anchor)
    linked = {_target(a) for a in body.iter("a") if _is_mark(a)} - {""}
    found: list[tuple[HtmlElement, list[HtmlElement]]] = []  # a note or list, and its notes
    taken: set[HtmlElement] = set()  # the same elements: one look up each ancestor
    for element in body.iter():
        if not isinstance(element.tag, str) or any(a in taken for a in element.iterancestors()):
            continue
        if _is_note_list(element):
            found.append((element, list(element.iter("li")) or _children_with_ids(element)))
        elif _is_note(element, linked):
            found.append((element, [element]))
        else:
            continue
        taken.add(element)
    texts: list[str] = []
    ids: set[str] = set()
    for element, notes in found:
        ids.update(filter(None, (e.get("id") or e.get("name") for e in element.iter())))
        for note in notes:
            _drop_back_links(note)
            text = note_text(note.text_content())
            if text:
                texts.append(text)
        _remove(element)
    for link in list(body.iter("a")):
        if _target(link) in ids and _is_mark(link):
            parent = link.getparent()
            only = parent is not None and parent.tag == "sup" and _alone(link, parent)
            _remove(parent if only and parent is not None else link)
    return texts


def _is_note_list(element: HtmlElement) -> bool:
    kinds = set((element.get("role") or "").split()) | set(
        (element.get("epub:type") or "").split()
    )
    classes = set((element.get("class") or "").split())
    return bool(
        kinds & NOTE_LIST_KINDS
        or classes & NOTE_LIST_CLASSES
        or element.get("data-footnotes") is not None
    ) and bool(normalize_space(element.text_content()))


def _is_note(element: HtmlElement, linked: set[str]) -> bool:
    if element.tag not in BLOCKS:
        return False
    if set((element.get("role") or "").split()) & NOTE_KINDS:
        return True
    ident = element.get("id") or ""
    return bool(ident) and ident in linked and NOTE_ID.fullmatch(ident) is not None


def _mark_word_note(anchor: HtmlElement) -> None:
    """`<p><a name="_ftn1"></a>[1] …</p>`: an anchor of a word processor's note opening a
    block makes the block a note (given the role that says so)."""
    if not WORD_ANCHOR.fullmatch(anchor.get("name") or anchor.get("id") or ""):
        return
    parent = anchor.getparent()
    if parent is None or parent.tag not in BLOCKS:
        return
    before = (parent.text or "") + "".join(
        sibling.text_content() + (sibling.tail or "")
        for sibling in anchor.itersiblings(preceding=True)
    )
    if not normalize_space(before):
        parent.set("role", "doc-footnote")


def _children_with_ids(element: HtmlElement) -> list[HtmlElement]:
    return [child for child in element if isinstance(child.tag, str) and child.get("id")]


def _target(link: HtmlElement) -> str:
    href = link.get("href") or ""
    return href.partition("#")[2] if "#" in href else ""


def _is_mark(link: HtmlElement) -> bool:
    text = normalize_space(link.text_content())
    return bool(_target(link)) and 0 < len(text) <= MAX_MARK


def _alone(link: HtmlElement, parent: HtmlElement) -> bool:
    return len(parent) == 1 and not normalize_space((parent.text or "") + (link.tail or ""))


def _drop_back_links(note: HtmlElement) -> None:
    for link in list(note.iter("a")):
        names = f"{link.get('class') or ''} {link.get('role') or ''}".casefold()
        text = normalize_space(link.text_content())
        if "back" in names or (_target(link) and BACK_LINK.fullmatch(text)):
            _remove(link)


def _remove(element: HtmlElement) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
