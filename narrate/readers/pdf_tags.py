"""A tagged PDF's structure tree, as the role of each character: which heading (H1–H6) it
belongs to, or other tagged content, or none (an artifact: page furniture by definition).

Each page's structure elements name the marked-content ids they hold; each character's text
object carries one. A character takes the type of the nearest heading above its id in the
tree, else is tagged content ("").
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

HEADING = re.compile(r"^H[1-6]?$")
NO_ID = -1
MAX_DEPTH = 64


def page_roles(page: pdfium.PdfPage) -> dict[int, str]:
    """The role of each marked-content id on the page: "H1"…"H6" (or "H") for a heading,
    "" for other tagged content."""
    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    if not tree:
        return {}
    roles: dict[int, str] = {}
    try:
        for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            element = pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index)
            if element:
                _walk(element, "", roles, 0)
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)
    return roles


def _walk(element: object, heading: str, roles: dict[int, str], depth: int) -> None:
    kind = _type(element)
    if HEADING.match(kind):
        heading = kind
    for index in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element)):
        mcid = pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, index)
        if mcid != NO_ID:
            roles[mcid] = heading
    if depth >= MAX_DEPTH:
        return
    for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            _walk(child, heading, roles, depth + 1)


def _type(element: object) -> str:
    size = pdfium_c.FPDF_StructElement_GetType(element, None, 0)
    if size <= 0:
        return ""
    buffer = (ctypes.c_ushort * (size // 2 + 1))()
    pdfium_c.FPDF_StructElement_GetType(element, buffer, size)
    return bytes(buffer)[:size].decode("utf-16-le", "replace").rstrip("\x00")


class CharRoles:
    """The role of a character of a text page, from its text object's marked-content id."""

    def __init__(self, textpage: pdfium.PdfTextPage, roles: dict[int, str]) -> None:
        self.textpage = textpage
        self.roles = roles
        self.ids: dict[int | None, int] = {}

    def __call__(self, index: int) -> str | None:
        """ "H1"…"H6" or "H", "" for other tagged text, None for untagged text (artifacts)."""
        obj = pdfium_c.FPDFText_GetTextObject(self.textpage, index)
        if not obj:
            return None
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key not in self.ids:
            self.ids[key] = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
        return self.roles.get(self.ids[key])
