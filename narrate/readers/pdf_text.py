"""A PDF's text layer as positioned lines, through PDFium (pypdfium2): the only module that
talks to the PDF library, so the layout analysis after it is plain Python on plain values.

PDFium gives characters in content order with their boxes, type size and font; a line is cut
where PDFium breaks it, and also where a wide gap opens on the same baseline (a running header
with the date at the left and the title in the middle is two pieces of furniture, not one line).

Two things typesetting glues that a voice must hear apart: a word and a capitalised word set
in another font with no space between them (a definition list's term and its definition,
"GNOME" upright then "The GNOME desktop" in italics) get a space; a citation key glued to the
word before it ("the MIME system[MIME] to", "RFC 2119[RFC-2119]") is a mark, not read, like a
raised note mark.
"""

from __future__ import annotations

import ctypes
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from narrate.added_words import image
from narrate.errors import ArticleError
from narrate.readers.pdf_tags import Cell, CharRoles, PageTags, page_tags

GAP_EMS = 1.5  # a horizontal gap wider than this many ems starts a new piece of a line
BOLD_WEIGHT = 600
BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
FONT_NAME_BYTES = 128
LINE_BREAKS = "\r\n"
PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
SMALL_MARK = 0.8  # of the line's type size: a note mark is set smaller
RAISED = 0.25  # of the line's type size: and this much above its baseline
NOTE_MARKS = frozenset("0123456789*†‡§¶¹²³⁴⁵⁶⁷⁸⁹⁰")
MAX_PAGES = 5000  # several long books; more is more likely a mistake than a document
GLUED_CITATION = re.compile(r"(?<=[\w).])\[[A-Z][\w.+-]{0,24}\](?=[\s.,;:)!?]|$)")


@dataclass(frozen=True)
class Line:
    """A run of text on one baseline: its page (from 1), box in points (y up), main type size,
    whether most of it is bold, its text as the PDF gives it, and in a tagged PDF its role
    (narrate.readers.pdf_tags: "H1"…"H6", "" for other tagged text, None for an artifact);
    `angle` is its direction in hundredths of a radian (0: left to right, upright); `marked`:
    it began with a raised note mark, taken out of its text (as a note at a page's foot does);
    `cell`: the tagged table cell it sits in; `item`: the tagged list item (LI); `alone`: a
    block of its own (a figure's alternative text, a table's row), never joined to the lines
    around it."""

    page: int
    left: float
    bottom: float
    right: float
    top: float
    size: float
    bold: bool
    text: str
    role: str | None = None
    angle: int = 0
    marked: bool = False
    cell: Cell | None = None
    alone: bool = False
    item: int | None = None


@dataclass(frozen=True)
class Outline:
    """A bookmark: its level (1 for the top), title and page (from 1), None when it has none."""

    level: int
    title: str
    page: int | None


@dataclass(frozen=True)
class PdfText:
    """What the reader needs from a PDF: lines per page, page sizes, bookmarks, metadata."""

    pages: tuple[tuple[Line, ...], ...]
    sizes: tuple[tuple[float, float], ...]
    outline: tuple[Outline, ...]
    title: str
    author: str
    tagged: bool
    labels: tuple[str, ...] = ()  # each page's printed name (/PageLabels), "" where none


# PDFium is not thread-safe (pypdfium2's documentation: calls from several threads at once may
# crash or corrupt the process); the web app reads PDFs on its review and worker threads, so
# every use of it holds this lock.
PDFIUM_LOCK = threading.RLock()


def open_pdf(data: bytes, source: str, max_pages: int = MAX_PAGES) -> PdfText:
    """Read a PDF's text layer, or raise ArticleError in one line saying why it cannot be read."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == PASSWORD_ERROR:
            raise ArticleError(
                source, "is a PDF locked with a password; remove the password and try again"
            ) from exc
        raise ArticleError(source, "is a damaged or incomplete PDF; it cannot be read") from exc
    try:
        if len(document) == 0:
            raise ArticleError(source, "is a PDF with no pages")
        if len(document) > max_pages:  # counted before already (readers/__init__): a backstop
            raise ArticleError(
                source,
                f"has {len(document):,} pages, over the limit of {max_pages:,}; "
                "--max-pages raises it",
            )
        pages, sizes, labels = [], [], []
        tagged = document.is_tagged()
        for index in range(len(document)):
            page = document[index]
            try:
                sizes.append(page.get_size())
                pages.append(tuple(_lines(page, index + 1, tagged)))
            finally:
                page.close()
            labels.append(_label(document, index))
        metadata = document.get_metadata_dict(skip_empty=True)
        return PdfText(
            pages=tuple(pages),
            sizes=tuple(sizes),
            outline=tuple(_outline(document)),
            title=metadata.get("Title", "").strip(),
            author=metadata.get("Author", "").strip(),
            tagged=tagged,
            labels=tuple(labels) if any(labels) else (),
        )
    except pdfium.PdfiumError as exc:
        raise ArticleError(source, f"is a damaged PDF; it cannot be read ({exc})") from exc
    finally:
        document.close()


MAX_LABEL_CHARS = 32


def _label(document: pdfium.PdfDocument, index: int) -> str:
    """The page's printed name from the document's /PageLabels ("iv", "A-1"), "" without."""
    size = pdfium_c.FPDF_GetPageLabel(document.raw, index, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2 + 1))()
    pdfium_c.FPDF_GetPageLabel(document.raw, index, buffer, size)
    label = bytes(buffer)[:size].decode("utf-16-le", "replace").rstrip("\x00")
    return " ".join(label.split())[:MAX_LABEL_CHARS]


def _outline(document: pdfium.PdfDocument) -> list[Outline]:
    entries = []
    for bookmark in document.get_toc():
        destination = bookmark.get_dest()
        index = destination.get_index() if destination is not None else None
        title = " ".join((bookmark.get_title() or "").split())
        if title:
            page = index + 1 if index is not None and index >= 0 else None
            entries.append(Outline(bookmark.level + 1, title, page))
    return entries


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


class _Piece:
    """A line being gathered, character by character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.boxes: list[Box] = []
        self.sizes: Counter[float] = Counter()
        self.bold = 0
        self.roles: Counter[str | None] = Counter()
        self.angles: Counter[int] = Counter()
        self.placed: list[tuple[int, float]] = []  # each boxed character: where in chars, size
        self.cell: Cell | None = None
        self.item: int | None = None
        self.low, self.high = math.inf, -math.inf  # the height the characters span

    def add(self, char: str, box: tuple[float, float, float, float], size: float) -> None:
        self.placed.append((len(self.chars), size))
        self.low = min(self.low, box[1])
        self.high = max(self.high, box[3])
        self.chars.append(char)
        self.boxes.append(box)
        self.sizes[size] += 1

    def line(self, page: int) -> Line | None:
        if not self.boxes:
            return None
        size = self.sizes.most_common(1)[0][0]
        chars = self._without_marks(size)
        text = GLUED_CITATION.sub("", "".join(chars)).strip()
        if not text:
            return None
        first = next(where for where, _ in self.placed)
        return Line(
            page=page,
            left=min(box[0] for box in self.boxes),
            bottom=min(box[1] for box in self.boxes),
            right=max(box[2] for box in self.boxes),
            top=max(box[3] for box in self.boxes),
            size=size,
            bold=self.bold * 2 > len(self.boxes),
            text=text,
            role=self.roles.most_common(1)[0][0] if self.roles else None,
            angle=self.angles.most_common(1)[0][0],
            marked=not chars[first],
            cell=self.cell,
            item=self.item,
        )

    def _without_marks(self, size: float) -> list[str]:
        """The characters without note marks: digits or signs in small type raised above the
        line ("effective.¹"), which are not read."""
        placed = zip(self.boxes, self.placed, strict=True)
        bottoms = sorted(box[1] for box, (_, small) in placed if small == size)
        baseline = bottoms[len(bottoms) // 2]
        chars = list(self.chars)
        for box, (where, small) in zip(self.boxes, self.placed, strict=True):
            raised = box[1] > baseline + RAISED * size
            if small <= SMALL_MARK * size and raised and chars[where] in NOTE_MARKS:
                chars[where] = ""
        return chars


def _lines(page: pdfium.PdfPage, number: int, tagged: bool) -> list[Line]:
    """The page's lines in PDFium's order, cut at line breaks and at wide gaps; in a tagged
    PDF, with their roles from the structure tree."""
    textpage = page.get_textpage()
    try:
        tags = page_tags(page) if tagged else PageTags()
        role = CharRoles(textpage, tags) if tagged else None
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: ask one by one
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        fonts: dict[tuple[float, int], bool] = {}
        font = ""  # the font of the character before, when it is a letter
        lines: list[Line] = []
        piece = _Piece()

        def close() -> None:
            nonlocal piece
            line = piece.line(number)
            if line is not None:
                lines.append(line)
            piece = _Piece()

        broken = False  # PDFium broke the line here; the next character may still continue it
        for index, char in enumerate(text):
            if char in LINE_BREAKS:
                broken = True
                continue
            if char.isspace():
                piece.chars.append(" ")
                continue
            box = textpage.get_charbox(index)
            size = round(pdfium_c.FPDFText_GetFontSize(textpage, index), 1)
            cell = role.cell(index) if role is not None and tags.cells else None
            item = role.item(index) if role is not None and tags.items else None
            if piece.boxes and (
                _far_apart(piece, box, size)
                or broken and _not_after(piece, box)
                or cell != piece.cell
                or item != piece.item
            ):
                close()
            elif broken and piece.boxes:
                piece.chars.append(" ")
            elif font and char.isupper() and piece.chars and piece.chars[-1].isalpha():
                if _font_name(textpage, index) != font:  # "GNOME" + "The GNOME desktop"
                    piece.chars.append(" ")
            broken = False
            font = _font_name(textpage, index) if char.isalpha() and _may_glue(text, index) else ""
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            key = (size, weight)
            if key not in fonts:
                fonts[key] = weight >= BOLD_WEIGHT or _bold_name(textpage, index)
            piece.add(char, box, size)
            piece.cell, piece.item = cell, item
            piece.angles[_hundredths(pdfium_c.FPDFText_GetCharAngle(textpage, index))] += 1
            piece.bold += fonts[key]
            if role is not None:
                piece.roles[role(index)] += 1
        close()
        return lines + _figures(page, number, tags)
    finally:
        textpage.close()


def _figures(page: pdfium.PdfPage, number: int, tags: PageTags) -> list[Line]:
    """A line "Image: …" for each tagged figure with alternative text, where its picture is
    drawn (figures whose picture cannot be found on the page are not read)."""
    if not tags.figures:
        return []
    boxes: dict[int, Box] = {}
    for obj in page.get_objects(max_depth=2):
        mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj.raw)
        if mcid >= 0:
            left, bottom, right, top = obj.get_bounds()
            old = boxes.get(mcid, (left, bottom, right, top))
            boxes[mcid] = (min(old[0], left), min(old[1], bottom), max(old[2], right),
                           max(old[3], top))  # fmt: skip
    lines = []
    for alt, mcids in tags.figures:
        found = [boxes[mcid] for mcid in mcids if mcid in boxes]
        if found:
            lines.append(Line(
                page=number, left=min(b[0] for b in found), bottom=min(b[1] for b in found),
                right=max(b[2] for b in found), top=max(b[3] for b in found), size=0.0,
                bold=False, text=image(alt), role="", alone=True,
            ))  # fmt: skip
    return lines


def _hundredths(angle: float) -> int:
    """An angle in hundredths of a radian, 0 to 627 (PDFium gives -1 when it cannot tell)."""
    return round(max(angle, 0.0) * 100) % round(2 * math.pi * 100)


def _far_apart(piece: _Piece, after: Box, size: float) -> bool:
    """Whether `after` starts a new piece: far to the right of the piece's last character, or
    back to the left, or clear of the height the piece spans (a raised note mark is not)."""
    gap = after[0] - piece.boxes[-1][2]
    other_line = after[1] >= piece.high or after[3] <= piece.low
    return gap > GAP_EMS * max(size, 1) or gap < -size * 2 or other_line


def _not_after(piece: _Piece, box: Box) -> bool:
    """Whether a character does not follow straight on from the piece to its right (where
    PDFium broke a line that a raised note mark or a change of font had interrupted)."""
    gap = box[0] - piece.boxes[-1][2]
    return not 0 <= gap <= max(piece.high - piece.low, 1)


def _bold_name(textpage: pdfium.PdfTextPage, index: int) -> bool:
    return bool(BOLD_NAME.search(_font_name(textpage, index)))


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    name = ctypes.create_string_buffer(FONT_NAME_BYTES)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, FONT_NAME_BYTES, ctypes.byref(flags))
    return name.value.decode("latin-1")


def _may_glue(text: str, index: int) -> bool:
    """Whether the next character is a capital letter straight after this one (only there is
    the font looked up: a change of font may hide a missing space)."""
    return index + 1 < len(text) and text[index + 1].isupper()
