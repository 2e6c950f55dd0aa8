"""OpenDocument text (.odt), read from content.xml and styles.xml with lxml (zipsafe).

Only the body of content.xml is read: headers and footers live in styles.xml's master pages,
comments (annotations) and the text of tracked deletions (kept apart in tracked-changes) are
skipped, tracked insertions are read. Headings are `text:h` with their outline level (or a
paragraph whose style has one); a paragraph in the Title style is the title. Lists: bullets
not spoken, numbered items keep their number as their place. An image's description (else its
title) is read as "Image: ...". Tables, notes and the title as in narrate.readers.office;
title, author and language from meta.xml.
"""

from __future__ import annotations

from lxml import etree

from narrate.added_words import image
from narrate.language import UNDECLARED
from narrate.model import Article, Block
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.odt_styles import Styles, q
from narrate.readers.office import (
    Collected,
    Notes,
    number,
    real_author,
    sections_and_title,
    table_rows,
)
from narrate.readers.sections import Heading
from narrate.readers.zipsafe import Container

META_FIELDS = {
    "title": "dc:title",
    "creator": "dc:creator",
    "initial-creator": "meta:initial-creator",
    "language": "dc:language",
}
MAX_REPEAT = 64  # a cell "repeated" a million times (a spreadsheet habit) is said at most this


SKIPPED = frozenset(map(q, ("office:annotation", "office:annotation-end", "text:tracked-changes",
                            "text:note-citation", "text:change", "text:bookmark-ref",
                            "text:sequence-decls", "text:variable-decls", "text:user-field-decls",
                            "office:forms", "text:table-of-content",
                            "text:alphabetical-index", "text:illustration-index")))  # fmt: skip


def read_odt(container: Container, options: DocumentOptions = DEFAULT_DOCUMENT) -> Article:
    """Read an OpenDocument text into an Article."""
    content = container.xml("content.xml")
    styles_root = container.xml("styles.xml") if container.has("styles.xml") else None
    styles = Styles([root for root in (styles_root, content) if root is not None])
    notes = {}
    for index, note in enumerate(content.iter(q("text:note"))):
        key = f"note:{index}"
        note.set("narrate-key", key)
        body = note.find(q("text:note-body"))
        notes[key] = " ".join(_texts(body)) if body is not None else ""
    walker = _Walker(styles, Notes(notes, read=options.notes == "end"), options)
    text = content.find(f"{q('office:body')}/{q('office:text')}")
    if text is not None:
        walker.walk(text)
    walker.end_section()
    meta = _meta(container)
    author = real_author(meta.get("creator") or meta.get("initial-creator"))
    title, sections = sections_and_title(walker.collected, meta.get("title"), author)
    return Article(
        title=title,
        sections=sections,
        byline=author,
        language=meta.get("language") or styles.language or UNDECLARED,
    )


def _meta(container: Container) -> dict[str, str]:
    if not container.has("meta.xml"):
        return {}
    root = container.xml("meta.xml")
    found = {}
    for key, tag in META_FIELDS.items():
        element = next(root.iter(q(tag)), None)
        if element is not None and element.text:
            found[key] = normalize_space(element.text)
    return found


class _Walker:
    """Walks the body in document order: headings, paragraphs, lists, tables, sections."""

    def __init__(self, styles: Styles, notes: Notes, options: DocumentOptions):
        self.styles, self.notes, self.options = styles, notes, options
        self.collected = Collected()
        self.counts: dict[str, dict[int, int]] = {}  # by list style, each depth's last number

    def end_section(self) -> None:
        self.collected.items.extend(self.notes.flush())

    def walk(self, element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == q("text:h"):
                self.heading(child, number(child.get(q("text:outline-level")), 1, 1, 10))
            elif tag == q("text:p"):
                role, level = self.styles.role(child.get(q("text:style-name")) or "")
                if role == "heading":
                    self.heading(child, level)
                else:
                    self.paragraph(child, role)
            elif tag == q("text:list"):
                self.list(child)
            elif tag == q("table:table"):
                self.table(child)
            elif tag in (q("text:list-item"), q("text:list-header")):
                continue  # only reached through self.list
            else:
                self.walk(child)

    def heading(self, element: etree._Element, level: int) -> None:
        text, references, images = _inline(element)
        if text:
            self.end_section()
            self.collected.items.append(Heading(text, min(max(level, 1), 6)))
        self._after(references, images)

    def paragraph(self, element: etree._Element, role: str) -> None:
        text, references, images = _inline(element)
        if role == "title" and text:
            self.collected.titles.append(text)
        elif text:
            self.collected.items.append(Block(text))
        self._after(references, images)
        for frame in element.iter(q("draw:text-box")):
            self.walk(frame)

    def _after(self, references: list[str], images: list[str]) -> None:
        for key in references:
            self.notes.refer(key)
        self.collected.items.extend(Block(image(alt)) for alt in images)

    def list(self, element: etree._Element, depth: int = 1, style: str = "") -> None:
        """A list's items; numbering starts again with each top-level list unless it says it
        continues the one before (text:continue-numbering)."""
        style = element.get(q("text:style-name")) or style
        levels = self.styles.lists.get(style, {})
        numbered, start = levels.get(depth, (False, 1))
        if depth == 1 and element.get(q("text:continue-numbering")) != "true":
            self.counts.pop(style, None)
        counts = self.counts.setdefault(style, {})
        for item in element:
            if item.tag not in (q("text:list-item"), q("text:list-header")):
                continue
            for deeper in [key for key in counts if key > depth]:
                del counts[deeper]  # a deeper level starts again under each item
            following = counts.get(depth, start - 1) + 1
            value = number(item.get(q("text:start-value")), following)
            counts[depth] = value
            place = value if numbered else None
            for child in item:
                if child.tag == q("text:list"):
                    self.list(child, depth + 1, style)
                elif child.tag in (q("text:p"), q("text:h")):
                    text, references, images = _inline(child)
                    if text:
                        self.collected.items.append(Block(text, "list_item", place))
                        place = None  # an item's later paragraphs carry no number
                    self._after(references, images)
                else:
                    self.walk(child)

    def table(self, table: etree._Element) -> None:
        rows: list[list[str]] = []
        nested = []
        header = False
        for row in table.iter(q("table:table-row")):
            if _nearest(row, q("table:table")) is not table:
                continue
            if not rows:
                header = self._is_header_row(row)
            repeat = number(row.get(q("table:number-rows-repeated")), 1, 1, MAX_REPEAT)
            cells: list[str] = []
            for cell in row:
                if cell.tag not in (q("table:table-cell"), q("table:covered-table-cell")):
                    continue
                texts = []
                for paragraph in cell:
                    if paragraph.tag in (q("text:p"), q("text:h")):
                        text, references, _ = _inline(paragraph)
                        texts.append(text)
                        for key in references:
                            self.notes.refer(key)
                    elif paragraph.tag == q("table:table"):
                        nested.append(paragraph)
                    elif paragraph.tag == q("text:list"):
                        texts.extend(_texts(paragraph))
                count = number(cell.get(q("table:number-columns-repeated")), 1, 1, MAX_REPEAT)
                cells.extend([normalize_space(" ".join(texts))] * count)
            rows.extend([cells] * repeat)
        self.collected.items.extend(table_rows(rows, header, self.options))
        for inner in nested:
            self.table(inner)

    def _is_header_row(self, row: etree._Element) -> bool:
        """Whether a table's first row names its columns: in the table's header rows, or its
        paragraphs all in the Table Heading style."""
        parent = row.getparent()
        if parent is not None and parent.tag == q("table:table-header-rows"):
            return True
        styles = [self.styles.role(p.get(q("text:style-name")) or "")[0]
                  for p in row.iter(q("text:p")) if _inline(p)[0]]  # fmt: skip
        return bool(styles) and all(style == "table heading" for style in styles)


def _nearest(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _texts(element: etree._Element) -> list[str]:
    """The text of each paragraph or heading under element."""
    found = []
    for paragraph in element.iter(q("text:p"), q("text:h")):
        text = _inline(paragraph)[0]
        if text:
            found.append(text)
    return found


def _inline(element: etree._Element) -> tuple[str, list[str], list[str]]:
    """A paragraph's text (notes, comments and deletions left out), the notes it refers to,
    and the alternative texts of its images."""
    parts: list[str] = []
    references: list[str] = []
    images: list[str] = []

    def visit(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and tag not in SKIPPED:
                if tag == q("text:s"):
                    parts.append(" " * number(child.get(q("text:c")), 1, 1, 8))
                elif tag in (q("text:tab"), q("text:line-break")):
                    parts.append(" ")
                elif tag == q("text:note"):
                    references.append(child.get("narrate-key") or "")
                elif tag == q("draw:frame"):
                    alt = _alternative_text(child)
                    if alt:
                        images.append(alt)
                elif tag != q("text:note-body"):
                    visit(child)
            parts.append(child.tail or "")

    visit(element)
    return normalize_space("".join(parts)), references, images


def _alternative_text(frame: etree._Element) -> str:
    for tag in ("svg:desc", "svg:title"):
        element = frame.find(q(tag))
        if element is not None:
            text = normalize_space("".join(element.itertext()))
            if text:
                return text
    return ""
