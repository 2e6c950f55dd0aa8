"""What a Word paragraph or table row holds: its text (tracked deletions, moved-away text and
field codes left out), the notes it refers to, its images' alternative texts (a decorative
image has none), its text boxes; and whether a table's first row names its columns."""

from __future__ import annotations

from lxml import etree

from narrate.readers.cleanup import normalize_space
from narrate.readers.docx_styles import w

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML = "urn:schemas-microsoft-com:vml"
SKIPPED = frozenset(map(w, ("del", "moveFrom", "instrText", "delText")))  # deletions, field codes
DECORATIVE = "decorative"


def is_header_row(row: etree._Element) -> bool:
    """Whether a table's first row names its columns: marked to repeat as the header on each
    page (Word's "Repeat as header row"), or its text all set in bold."""
    marked = row.find(f"{w('trPr')}/{w('tblHeader')}")
    if marked is not None:
        return marked.get(w("val")) not in ("0", "false", "off")
    runs = [run for run in row.iter(w("r")) if normalize_space("".join(run.itertext()))]
    return bool(runs) and all(is_bold(run) for run in runs)


def is_bold(run: etree._Element) -> bool:
    weight = run.find(f"{w('rPr')}/{w('b')}")
    return weight is not None and weight.get(w("val")) not in ("0", "false", "off")


def nearest(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def paragraph_text(paragraph: etree._Element) -> str:
    return normalize_space(" ".join(content(paragraph)[0]))


def paragraph_texts(element: etree._Element, table: etree._Element | None = None) -> list[str]:
    """The text of each paragraph under element (not those of tables nested in it)."""
    texts = []
    for paragraph in element.iter(w("p")):
        if table is not None and nearest(paragraph, w("tbl")) is not table:
            continue
        text = paragraph_text(paragraph)
        if text:
            texts.append(text)
    return texts


def references(element: etree._Element) -> list[str]:
    found = []
    for kind in ("footnote", "endnote"):
        for reference in element.iter(w(f"{kind}Reference")):
            found.append(f"{kind}:{reference.get(w('id'))}")
    return found


def content(
    paragraph: etree._Element,
) -> tuple[list[str], list[str], list[str], list[etree._Element]]:
    """A paragraph's lines of text (split at line breaks), the notes it refers to, its images'
    alternative texts, and the text boxes it holds (read after it)."""
    lines, references, images, boxes = [""], [], [], []

    def visit(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == w("t"):
                lines[-1] += child.text or ""
            elif tag in (w("tab"), w("ptab")):
                lines[-1] += " "
            elif tag == w("br") and child.get(w("type")) in (None, "textWrapping"):
                lines.append("")
            elif tag in (w("cr"),):
                lines.append("")
            elif tag == w("noBreakHyphen"):
                lines[-1] += "-"
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                references.append(f"{kind}:{child.get(w('id'))}")
            elif tag == w("txbxContent"):
                boxes.append(child)
            elif tag == f"{{{WP}}}docPr":
                alt = alternative_text(child)
                if alt:
                    images.append(alt)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    visit(choice)
            elif tag == f"{{{VML}}}shape" and child.get("alt"):
                images.append(normalize_space(child.get("alt") or ""))
            else:
                visit(child)

    visit(paragraph)
    return lines, references, images, boxes


def alternative_text(properties: etree._Element) -> str:
    """An image's description (else its title), "" for a decorative image."""
    for extension in properties.iter():
        if isinstance(extension.tag, str) and extension.tag.endswith(DECORATIVE):
            if extension.get("val") in ("1", "true"):
                return ""
    return normalize_space(properties.get("descr") or properties.get("title") or "")
