"""A tagged PDF's structure tree, as the role of each character: which heading (H1–H6) it
belongs to, or other tagged content, or none (an artifact: page furniture by definition); which
table cell (Table, TR, TH, TD) it sits in; and the alternative text of its figures.

Each page's structure elements name the marked-content ids they hold; each character's text
object carries one. A character takes the type of the nearest heading above its id in the
tree, else is tagged content (""). The walk is bounded in depth and in elements visited, so a
crafted tree (deep, or wide, or both) costs no more than a large real one.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

HEADING = re.compile(r"^H[1-6]?$")
NO_ID = -1
MAX_DEPTH = 64
MAX_VISITS = 20_000  # structure elements per page: a long page of table cells is a few thousand
MAX_ALT_CHARS = 1000


@dataclass(frozen=True)
class Cell:
    """Where a character sits in a tagged table: the table (numbered on its page), the row, the
    column, and whether the cell is a header (TH)."""

    table: int
    row: int
    column: int
    header: bool


@dataclass
class PageTags:
    """What a page's structure tree says: the role of each marked-content id ("H1"…"H6" or
    "H" for a heading, "" for other tagged content), the table cell of each, and each figure's
    alternative text with the marked-content ids of what it shows."""

    roles: dict[int, str] = field(default_factory=dict)
    cells: dict[int, Cell] = field(default_factory=dict)
    figures: list[tuple[str, list[int]]] = field(default_factory=list)
    items: dict[int, int] = field(default_factory=dict)  # the list item (LI) of each id
    visits: int = 0
    rows: list[int] = field(default_factory=list)  # rows seen so far, by table


def page_tags(page: pdfium.PdfPage) -> PageTags:
    """The roles, table cells and figures of the page's structure tree."""
    tags = PageTags()
    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    if not tree:
        return tags
    try:
        for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            element = pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index)
            if element:
                _walk(element, _Place(), tags, 0)
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)
    return tags



@dataclass
class _Place:
    """Where in the tree the walk is: the heading above, and the table, row and cell."""

    heading: str = ""
    item: int | None = None
    cell: Cell | None = None
    table: int | None = None
    row: int = -1
    column: int = -1


def _walk(element: object, place: _Place, tags: PageTags, depth: int) -> None:
    tags.visits += 1
    kind = _type(element)
    place = _Place(place.heading, place.item, place.cell, place.table, place.row, place.column)
    if HEADING.match(kind):
        place.heading = kind
    elif kind == "LI":
        place.item = tags.visits
    elif kind == "Table":
        place.table = len(tags.rows)
        tags.rows.append(0)
    elif kind == "TR" and place.table is not None:
        place.row = tags.rows[place.table]
        tags.rows[place.table] += 1
        place.cell = None
    elif kind in ("TH", "TD") and place.table is not None:
        place.cell = Cell(place.table, max(place.row, 0), place.column + 1, kind == "TH")
    mcids = [
        pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, index)
        for index in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element))
    ]
    mcids = [mcid for mcid in mcids if mcid != NO_ID]
    for mcid in mcids:
        tags.roles[mcid] = place.heading
        if place.cell is not None:
            tags.cells[mcid] = place.cell
        if place.item is not None:
            tags.items[mcid] = place.item
    if kind == "Figure":
        alt = _alt(element)
        if alt:
            tags.figures.append((alt, mcids + _descendant_ids(element, tags, depth)))
            return
    if depth >= MAX_DEPTH:
        return
    children = pdfium_c.FPDF_StructElement_CountChildren(element)
    for index in range(children):
        if tags.visits >= MAX_VISITS:
            return
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            if kind == "TR":  # its children are its cells, in column order
                place.column = index - 1
            _walk(child, place, tags, depth + 1)


def _descendant_ids(element: object, tags: PageTags, depth: int) -> list[int]:
    """The marked-content ids under a figure (the picture and any text drawn in it)."""
    found: list[int] = []
    if depth >= MAX_DEPTH:
        return found
    for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
        if tags.visits >= MAX_VISITS:
            break
        tags.visits += 1
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
        if not child:
            continue
        for at in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(child)):
            mcid = pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(child, at)
            if mcid != NO_ID:
                found.append(mcid)
        found.extend(_descendant_ids(child, tags, depth + 1))
    return found


def _type(element: object) -> str:
    return _string(pdfium_c.FPDF_StructElement_GetType, element)


def _alt(element: object) -> str:
    return " ".join(_string(pdfium_c.FPDF_StructElement_GetAltText, element).split())[
        :MAX_ALT_CHARS
    ]


def _string(getter: object, element: object) -> str:
    size = getter(element, None, 0)  # type: ignore[operator]
    if size <= 0:
        return ""
    buffer = (ctypes.c_ushort * (size // 2 + 1))()
    getter(element, buffer, size)  # type: ignore[operator]
    return bytes(buffer)[:size].decode("utf-16-le", "replace").rstrip("\x00")


class CharRoles:
    """The role and table cell of a character of a text page, from its text object's
    marked-content id."""

    def __init__(self, textpage: pdfium.PdfTextPage, tags: PageTags) -> None:
        self.textpage = textpage
        self.tags = tags
        self.ids: dict[int | None, int] = {}

    def _id(self, index: int) -> int | None:
        obj = pdfium_c.FPDFText_GetTextObject(self.textpage, index)
        if not obj:
            return None
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key not in self.ids:
            self.ids[key] = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
        return self.ids[key]

    def __call__(self, index: int) -> str | None:
        """ "H1"…"H6" or "H", "" for other tagged text, None for untagged text (artifacts)."""
        mcid = self._id(index)
        return None if mcid is None else self.tags.roles.get(mcid)

    def item(self, index: int) -> int | None:
        """The list item (LI) the character sits in, None outside tagged lists."""
        mcid = self._id(index)
        return None if mcid is None else self.tags.items.get(mcid)

    def cell(self, index: int) -> Cell | None:
        """The table cell the character sits in, None outside tagged tables."""
        mcid = self._id(index)
        return None if mcid is None else self.tags.cells.get(mcid)
