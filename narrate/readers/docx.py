"""Word documents (.docx), read from their XML parts with lxml (narrate.readers.zipsafe).

Only the main document is read, with its footnotes and endnotes: headers, footers and comments
are other parts and never spoken. Headings come from the paragraph's style (Title; Heading 1-6,
by the style's built-in name, so a translated Word's headings count) or its outline level.
Lists: bullets are not spoken; a numbered item keeps its number as its place (styles and
numbering: narrate.readers.docx_styles). A printed table of contents (Word's contents block, or
paragraphs in the TOC and index styles) is not read. Tracked deletions (and text moved away)
are not read, tracked insertions are (a paragraph's runs: narrate.readers.docx_runs). An
image's alternative text is read as "Image: ..." (a decorative image is not). Tables, notes and
the title as in narrate.readers.office; author and language from the document's properties.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from narrate.added_words import image
from narrate.language import UNDECLARED
from narrate.model import Article, Block, BlockKind
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.docx_runs import (
    MC,
    content,
    is_header_row,
    nearest,
    paragraph_text,
    paragraph_texts,
    references,
)
from narrate.readers.docx_styles import Numbering, Styles, num_pr, w
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

REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DC = "http://purl.org/dc/elements/1.1/"
MAIN_TYPE = "/officeDocument"
CONTENTS_GALLERY = ("Table of Contents", "Bibliographies")  # printed lists of the document


def read_docx(container: Container, options: DocumentOptions = DEFAULT_DOCUMENT) -> Article:
    """Read a Word document into an Article."""
    main = _main_part(container)
    relations = _relations(container, main)
    styles = Styles(_part(container, relations.get("styles")))
    numbering = Numbering(_part(container, relations.get("numbering")))
    notes = {}
    for kind in ("footnote", "endnote"):
        root = _part(container, relations.get(f"{kind}s"))
        for note in root.iter(w(kind)) if root is not None else ():
            if note.get(w("type")) in (None, "normal"):
                notes[f"{kind}:{note.get(w('id'))}"] = " ".join(paragraph_texts(note))
    body = container.xml(main).find(w("body"))
    walker = _Walker(styles, numbering, Notes(notes, read=options.notes == "end"), options)
    if body is not None:
        walker.walk(body)
    walker.end_section()
    core = _core(container)
    author = real_author(core.get("creator"))
    title, sections = sections_and_title(walker.collected, core.get("title"), author)
    return Article(
        title=title,
        sections=sections,
        byline=author,
        language=core.get("language") or styles.language or UNDECLARED,
    )


def _main_part(container: Container) -> str:
    if container.has("_rels/.rels"):
        for relation in container.xml("_rels/.rels").iter(f"{{{REL}}}Relationship"):
            if relation.get("Type", "").endswith(MAIN_TYPE):
                return relation.get("Target", "").lstrip("/")
    return "word/document.xml"


def _relations(container: Container, part: str) -> dict[str, str]:
    """The main part's related parts by kind ("styles", "footnotes"...), as member names."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if not container.has(rels):
        return {}
    found = {}
    for relation in container.xml(rels).iter(f"{{{REL}}}Relationship"):
        target = relation.get("Target", "")
        if relation.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[relation.get("Type", "").rsplit("/", 1)[-1]] = posixpath.normpath(path)
    return found


def _part(container: Container, name: str | None) -> etree._Element | None:
    return container.xml(name) if name and container.has(name) else None


def _core(container: Container) -> dict[str, str]:
    """dc:title, dc:creator and dc:language from the document's core properties."""
    if not container.has("docProps/core.xml"):
        return {}
    root = container.xml("docProps/core.xml")
    found = {}
    for key in ("title", "creator", "language"):
        element = root.find(f"{{{DC}}}{key}")
        if element is not None and element.text:
            found[key] = normalize_space(element.text)
    return found


class _Walker:
    """Walks the body: paragraphs, tables and content controls, in document order."""

    def __init__(
        self, styles: Styles, numbering: Numbering, notes: Notes, options: DocumentOptions
    ):
        self.styles, self.numbering, self.notes = styles, numbering, notes
        self.options = options
        self.collected = Collected()

    def walk(self, element: etree._Element) -> None:
        for child in element:
            if child.tag == w("p"):
                self.paragraph(child)
            elif child.tag == w("tbl"):
                self.table(child)
            elif child.tag == w("sdt") and _is_contents(child):
                continue
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")):
                self.walk(child)
            elif child.tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.walk(choice)

    def end_section(self) -> None:
        self.collected.items.extend(self.notes.flush())

    def paragraph(self, paragraph: etree._Element) -> None:
        properties = paragraph.find(w("pPr"))
        style_id, outline, num = "", None, None
        if properties is not None:
            style = properties.find(w("pStyle"))
            style_id = (style.get(w("val")) if style is not None else "") or ""
            outline_level = properties.find(w("outlineLvl"))
            if outline_level is not None:
                outline = number(outline_level.get(w("val")), 9, 0, 9)
            numbered = properties.find(w("numPr"))
            num = num_pr(numbered) if numbered is not None else None
        if properties is not None and properties.find(f"{w('rPr')}/{w('del')}") is not None:
            if not paragraph_text(paragraph):
                return  # a paragraph whose whole text was deleted
        role, level = self.styles.role(style_id, outline)
        if role == "contents":
            return
        lines, references, images, boxes = content(paragraph)
        text = normalize_space(" ".join(lines))
        if role == "heading" and text:
            self.end_section()
            self.collected.items.append(Heading(text, level))
        elif role == "title" and text:
            self.collected.titles.append(text)
        else:
            num = num or next((self.styles.numbering[a] for a in self.styles.chain(style_id)
                               if a in self.styles.numbering), None)  # fmt: skip
            listed, place = self.numbering.place(*num) if num else (False, None)
            kind: BlockKind = "list_item" if listed else "paragraph"
            for index, line in enumerate(line for line in lines if normalize_space(line)):
                self.collected.items.append(
                    Block(normalize_space(line), kind, place if index == 0 else None)
                )
        for key in references:
            self.notes.refer(key)
        self.collected.items.extend(Block(image(alt)) for alt in images)
        for box in boxes:
            self.walk(box)

    def table(self, table: etree._Element) -> None:
        rows: list[list[str]] = []
        nested, header = [], False
        for row in table.iter(w("tr")):
            if nearest(row, w("tbl")) is not table:
                continue
            if not rows:
                header = is_header_row(row)
            cells: list[str] = []
            for cell in row.findall(w("tc")):
                span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
                merged = cell.find(f"{w('tcPr')}/{w('vMerge')}")
                text = " ".join(paragraph_texts(cell, table))
                if merged is not None and merged.get(w("val")) != "restart":
                    text = ""  # the continuation of a cell merged down: said once
                for reference in references(cell):
                    self.notes.refer(reference)
                nested.extend(cell.findall(w("tbl")))
                cells.append(text)
                width = number(span.get(w("val")) if span is not None else None, 1, 1, 64)
                cells.extend([""] * (width - 1))
            rows.append(cells)
        self.collected.items.extend(table_rows(rows, header, self.options))
        for inner in nested:
            self.table(inner)


def _is_contents(sdt: etree._Element) -> bool:
    """Whether a content control is Word's table of contents (or bibliography) block."""
    gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and (gallery.get(w("val")) or "").startswith(CONTENTS_GALLERY)
