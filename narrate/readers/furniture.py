"""Page furniture of a laid-out document: what is printed on the page but is not the text.

Furniture sits in the top or bottom margin and is either repeated at the same place on many
pages (a running title, a print date, a web address, "Page 2 of 3" once its numbers are set
aside), or is a page number, or, in small type, a web address, a date or the document's own
title (a one-page file has nothing to repeat), or a running chapter title: the title of one of
the document's bookmarks ("Chapter 2: Naming" over the pages of the chapter "2 Naming"), repeated
or in type no larger than the body's. Nothing in the body of a page is ever furniture.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from narrate.readers.pdf_text import Line

MARGIN = 0.1  # of the page height, at the top and at the bottom
SAME_PLACE = 0.02  # of the page height: how far a repeated line may move between pages
REPEATS = 3  # pages a line must repeat on (or every page of a shorter document)
SMALL = 0.9  # of the body type size
DIGITS = re.compile(r"\d+")
PAGE_NUMBER = re.compile(
    r"^\W*(page|p\.|seite|pagina|página)?\s*(\d+|[ivxlcdm]+)"
    r"(\s*(/|of|sur|von|de|of the)\s*\d+)?\W*$",
    re.IGNORECASE,
)
ADDRESS = re.compile(r"^\s*(https?://|file://|www\.|doi:\s*10\.|\S+@\S+\.\w+)", re.IGNORECASE)
RUNNING_LABEL = re.compile(
    r"^\s*(?:(?:chapter|section|part|appendix|annex|kapitel|chapitre|cap[ií]tulo|capitolo)"
    r"\s+(?:[a-z]\b)?)?(?:(?:\d+(?:\.\d+)*"
    r"|m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))\b)?\s*[.:]?\s*"  # 2.1, iv
    r"|\s+\d+\s*$",  # a page number after the title
    re.IGNORECASE,
)
DATE = re.compile(
    r"\b(\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}\s*(am|pm)?|(printed|downloaded|"
    r"accessed|retrieved)\b.*\d{4})",
    re.IGNORECASE,
)


def remove_furniture(
    pages: Sequence[Sequence[Line]],
    heights: Sequence[float],
    body_size: float,
    title: str = "",
    bookmarks: Sequence[str] = (),
) -> tuple[list[list[Line]], list[Line]]:
    """The pages without their furniture, and the furniture lines removed. `title`: the
    document's own title (its metadata's), which a running header in small type repeats even
    on a one-page document (a browser's "Save as PDF" prints it at the top of each page);
    `bookmarks`: the titles of its outline, which running chapter titles repeat."""
    repeated = _repeated(pages, heights)
    named = _shape(title) if title else None
    running = _running_titles(pages, heights, body_size, bookmarks)
    kept: list[list[Line]] = []
    removed: list[Line] = []
    for page, height in zip(pages, heights, strict=True):
        lines: list[Line] = []
        for line in page:
            furniture = _in_margin(line, height) and (
                id(line) in repeated
                or id(line) in running
                or PAGE_NUMBER.match(line.text)
                or (line.size <= body_size * SMALL
                    and (_stamp(line.text) or _shape(line.text) == named))
            )
            (removed if furniture else lines).append(line)
        kept.append(lines)
    return kept, removed


def _stamp(text: str) -> bool:
    """A web address, a DOI, an e-mail address or a date: what printing stamps on a page."""
    return bool(ADDRESS.match(text) or DATE.search(text))


def _in_margin(line: Line, height: float) -> bool:
    return line.bottom >= height * (1 - MARGIN) - 1 or line.top <= height * MARGIN + 1


def _repeated(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> set[int]:
    """The ids of margin lines whose shape (digits aside), size and weight repeat at about the
    same height on enough pages (a chapter's heading at the top of its first page is not
    its running title in smaller type)."""
    if len(pages) < 2:
        return set()
    needed = min(REPEATS, len(pages))
    by_shape: dict[tuple[str, int, bool], list[tuple[float, Line]]] = defaultdict(list)
    for page, height in zip(pages, heights, strict=True):
        for line in page:
            if _in_margin(line, height):
                printed = (_shape(line.text), round(line.size), line.bold)  # a heading differs
                by_shape[printed].append(((line.bottom + line.top) / 2 / height, line))
    found: set[int] = set()
    for placed in by_shape.values():
        for where, line in placed:
            near = {other.page for there, other in placed if abs(there - where) <= SAME_PLACE}
            if len(near) >= needed:
                found.add(id(line))
    return found


def _running_titles(
    pages: Sequence[Sequence[Line]],
    heights: Sequence[float],
    body_size: float,
    bookmarks: Sequence[str],
) -> set[int]:
    """The ids of margin lines that name a bookmark, "Chapter 2:" and page numbers aside, and
    are printed alike (same words, size and weight) on two pages or more, or in type no larger
    than the body's and not bold (a heading at the top of a page is larger or bold, and is
    there once, whatever its running title repeats)."""
    titles = {_bare(title) for title in bookmarks} - {""}
    if not titles:
        return set()
    named: dict[tuple[str, int, bool], list[Line]] = defaultdict(list)  # printed alike
    for page, height in zip(pages, heights, strict=True):
        for line in page:
            if _in_margin(line, height) and _bare(line.text) in titles:
                named[(_shape(line.text), round(line.size), line.bold)].append(line)
    found: set[int] = set()
    for lines in named.values():
        repeated = len({line.page for line in lines}) >= 2
        for line in lines:
            if repeated or (line.size <= body_size + 0.5 and not line.bold):
                found.add(id(line))
    return found


def _bare(text: str) -> str:
    """A title without its label and numbers: "Chapter 2: ASN.1 naming 7" → "asn.1 naming"."""
    return " ".join(RUNNING_LABEL.sub("", text).lower().split()).rstrip(".:")


def _shape(text: str) -> str:
    """The text with numbers set aside and spacing and case ignored: "Page 2 of 9" and
    "page 3 of 9" have the same shape."""
    return " ".join(DIGITS.sub("#", text.lower()).split())
