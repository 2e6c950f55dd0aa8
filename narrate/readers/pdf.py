"""The PDF reader: a PDF's text layer in, the same Article as every reader out.

The steps, each in its own module: the text layer as positioned lines (pdf_text and, for a
tagged PDF, the roles its structure tree gives them, pdf_tags: the only modules that use
PDFium); text turned across the page's direction, page furniture (furniture), notes at the
foot of a page (pdf_notes) and, in a well-tagged PDF, its artifacts set aside; the lines of
each page in reading order (pdf_layout); the headings and their levels, from the tags, else
the outline, else the type (pdf_headings); then paragraphs and lists across line and page
breaks (pdf_blocks). A PDF with no text layer (a scan) is refused in one line naming --ocr;
with `ocr`, its pages are read by Tesseract instead (pdf_ocr) and the same steps follow.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from narrate.added_words import page_note
from narrate.errors import ArticleError
from narrate.language import UNDECLARED
from narrate.model import Article, Block
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.furniture import remove_furniture
from narrate.readers.pdf_blocks import Placed, build_items
from narrate.readers.pdf_headings import (
    body_size,
    outline_levels,
    reads_as_title,
    size_levels,
    tagged_levels,
    under_outline,
)
from narrate.readers.pdf_layout import reading_order
from narrate.readers.pdf_notes import note_texts, split_notes
from narrate.readers.pdf_tables import tables_read
from narrate.readers.pdf_text import PDFIUM_LOCK, Line, open_pdf
from narrate.readers.sections import Heading, Item, build_sections

# Two to four capitalised words, an initial allowed: "Thomas Leonard", "Ana M. Ruiz".
_PERSON = r"(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.|van|von|de)){1,3}"
PERSON_AT_END = re.compile(rf"(?:^|[)\]:,]\s+)({_PERSON})$")
# What a title page sets under an author's name: an e-mail address ("tal197 at users.sf.net")
ADDRESS = re.compile(r"\S+@\S+\.\w{2,}|\S+ at \S+\.\w{2,}|(?:https?://|www\.)\S+", re.IGNORECASE)

log = logging.getLogger(__name__)

WELL_TAGGED = 0.8  # of the text in the structure tree: untagged text is then an artifact
NO_TEXT = "is a PDF with no text layer (a scan?); read it with --ocr (Tesseract OCR)"
NO_OCR_TEXT = "is a PDF with no text layer, and Tesseract (--ocr) found no text on its pages"


def read_pdf(
    data: bytes, source: str, options: DocumentOptions = DEFAULT_DOCUMENT
) -> Article:
    """The article a PDF's text layer holds, or with `ocr` when it has none, the text Tesseract
    reads on its pages (the article then says so: `text_from="ocr"`); ArticleError when there
    is none to read."""
    with PDFIUM_LOCK:
        pdf = open_pdf(data, source, options.max_pages)
    lines = [line for page in pdf.pages for line in page]
    text_from = None
    if not any(line.text.strip() for line in lines):
        if not options.ocr:
            raise ArticleError(source, NO_TEXT)
        from narrate.readers.pdf_ocr import ocr_pages  # loaded only for a scan

        with PDFIUM_LOCK:  # renders with PDFium, page by page
            pdf = replace(pdf, pages=ocr_pages(data, source, options.max_pages), tagged=False)
        lines = [line for page in pdf.pages for line in page]
        text_from = "ocr"
        if not any(line.text.strip() for line in lines):
            raise ArticleError(source, NO_OCR_TEXT)
    body = body_size(lines)
    heights = [height for _, height in pdf.sizes]
    pages: Sequence[Sequence[Line]] = _upright(pdf.pages, lines)
    if pdf.tagged and _tagged_share(lines) >= WELL_TAGGED:  # artifacts are furniture
        pages = tuple(tuple(line for line in page if line.role is not None) for page in pages)
    bookmarks = [entry.title for entry in pdf.outline]
    pages, _ = remove_furniture(pages, heights, body, pdf.title, bookmarks)
    split = [split_notes(page, body) for page in pages]
    pages = [text for text, _ in split]
    notes = {index + 1: note_texts(found) for index, (_, found) in enumerate(split) if found}
    if notes and options.notes == "skip":
        log.info("%s: left out the notes at the foot of %d page%s (--notes skip)",
                 source, len(notes), "s" * (len(notes) > 1))  # fmt: skip
    placed = [Placed(line, column) for page in pages for column, line in reading_order(page)]
    placed = tables_read(placed, options.tables)
    ordered = [p.line for p in placed]
    levels = tagged_levels(ordered)
    if not levels:
        outline = outline_levels(pdf.outline, ordered) if pdf.outline else {}
        levels = under_outline(outline, size_levels(ordered, body), ordered)
    items = build_items(placed, levels)
    if options.notes == "end":
        items = _with_notes(items, notes)
    title, items = _title(pdf.title, items, placed, levels)
    return Article(
        title=title,
        sections=build_sections(items),
        byline=pdf.author or _title_page_author(items) or None,
        language=UNDECLARED,  # the text decides (narrate.language)
        text_from=text_from,
        page_labels=pdf.labels,
    )


def _upright(
    pages: tuple[tuple[Line, ...], ...], lines: list[Line]
) -> tuple[tuple[Line, ...], ...]:
    """The pages without text turned from the way most of the text runs (a stamp up the
    margin, a label along a chart's axis)."""
    angles: Counter[int] = Counter()
    for line in lines:
        angles[line.angle] += len(line.text)
    main = angles.most_common(1)[0][0]
    return tuple(tuple(line for line in page if line.angle == main) for page in pages)


def _with_notes(items: list[Item], notes: dict[int, list[str]]) -> list[Item]:
    """The items with each page's notes read at the end of the chapter (the text up to the
    next heading) that the page's last text belongs to."""
    at: dict[int, list[tuple[str, int]]] = {}  # the index of the item the notes go before
    for page, texts in sorted(notes.items()):
        last = max(
            (i for i, item in enumerate(items) if isinstance(item, Block) and item.page
             is not None and item.page <= page),
            default=-1,
        )  # fmt: skip
        end = next(
            (i for i in range(last + 1, len(items)) if isinstance(items[i], Heading)), len(items)
        )
        at.setdefault(end, []).extend((text, page) for text in texts)
    out: list[Item] = []
    for index in range(len(items) + 1):
        out.extend(Block(page_note(text), page=page) for text, page in at.get(index, []))
        if index < len(items):
            out.append(items[index])
    return out


def _title_page_author(items: list[Item]) -> str | None:
    """A person's name set as a heading over an e-mail address before the text begins (a
    title page: "Thomas Leonard" over "tal197 at users.sf.net"): the author, for the tags,
    when the metadata names none."""
    for item, below in zip(items, items[1:], strict=False):
        if not isinstance(item, Heading) or not isinstance(below, Heading):
            return None
        found = PERSON_AT_END.search(" ".join(item.text.split()))
        if found and ADDRESS.fullmatch(below.text.strip()):
            return found[1]  # the heading's last line may be joined to the one above it
    return None


def _tagged_share(lines: list[Line]) -> float:
    """The share of the text that the structure tree holds (the rest is artifacts)."""
    chars = sum(len(line.text) for line in lines)
    return sum(len(line.text) for line in lines if line.role is not None) / chars


def _title(
    metadata: str, items: list[Item], placed: list[Placed], levels: dict[int, int]
) -> tuple[str, list[Item]]:
    """The metadata title when it reads as one, else the first heading if it opens the first
    page; a first heading that is the title is not read twice. "" when there is none."""
    first = items[0] if items and isinstance(items[0], Heading) else None
    first_page = next((p.line.page for p in placed if id(p.line) in levels), None)
    if reads_as_title(metadata):
        title = " ".join(metadata.split())
        if first is not None and first.text.casefold() == title.casefold():
            items = items[1:]
        return title, items
    if first is not None and first_page == 1 and first.level == min(levels.values()):
        return first.text, items[1:]
    return "", items
