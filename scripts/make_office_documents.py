"""Generate the Word, OpenDocument and EPUB fixtures under tests/fixtures/documents/office/,
each with a JSON of what a careful editor expects from it (title, author, headings as
[level, text], the paragraphs in order with their kinds and list numbers, and "never": text
that is in the file but must never be spoken: headers, footers, comments, deletions, the
cover, the copyright page, a printed table of contents, note marks).

    python scripts/make_office_documents.py      # needs pandoc (Debian: apt-get install pandoc)

Two kinds of maker, so the readers are not tested only against files made the way the reader
expects: the handouts are written here part by part, as Word and LibreOffice write them (styles
with translated ids, numbering definitions, headers and footers, a comment, tracked changes, an
image with alternative text); the report, the medication table and the novel are made by pandoc
from Markdown. The outputs are committed, so tests and CI need no pandoc.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents" / "office"
STAMP = (2026, 12, 7, 12, 0, 0)  # every member's date, so the files are reproducible
EPOCH = "1796558400"  # the same date for pandoc's own stamps


def _png() -> bytes:
    """A 1x1 grey PNG: the image an alternative text describes, and the book's cover."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))  # fmt: skip


PNG = _png()

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# ---------------------------------------------------------------- the Word handout, by hand

HANDOUT = {
    "title": "Caring for your knee after surgery",
    "author": "Dr Ana Ruiz",
    "headings": [
        [1, "Before you go home"],
        [1, "Looking after the wound"],
        [2, "Dressings"],
        [1, "Exercises"],
        [1, "Your medicines"],
    ],  # fmt: skip
    "paragraphs": [
        "This leaflet tells you how to look after your new knee during the first six weeks.",
        "A nurse will show you how to use your crutches before you leave the ward.",
        "Keep the wound clean and dry until the stitches come out.",
        "Notes.",
        "Note 1. The stitches usually come out after twelve to fourteen days.",
        "Change the dressing every two days, or sooner if it gets wet.",
        "Wash your hands before you touch the dressing.",
        "Keep the old dressings in a sealed bag.",
        "Image: A nurse changing a dressing on a knee",
        "Do these exercises three times a day.",
        "Tighten the muscles at the front of your thigh for five seconds.",
        "Bend and straighten your knee ten times.",
        "Walk a little further each day.",
        "Drug: Paracetamol. Dose: 1 g. When: Every six hours.",
        "Drug: Enoxaparin. Dose: 40 mg. When: Once a day, at six in the evening.",
        "Call the ward if the wound becomes red, hot or swollen.",
    ],
    "kinds": ["paragraph"] * 6
    + ["list_item"] * 2
    + ["paragraph"] * 2
    + ["list_item"] * 3
    + ["paragraph"] * 3,
    "places": [None] * 10 + [1, 2, 3] + [None] * 3,
    "never": [
        "Riverside Hospital - Orthopaedic ward",
        "Page 1 of 2",
        "Reviewed December 2026",
        "Ask Tom to check this dose",
        "twice a day",
        "Leaflet 42",
        "Contents",
        "go home 1",
        "Exercises 2",
        "medicines 2",
    ],
}


def _w_paragraph(text: str, style: str = "", numbering: tuple[int, int] | None = None) -> str:
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if numbering:
        properties += (
            f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>'  # noqa: E501
        )
    return (
        f'<w:p><w:pPr>{properties}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'  # noqa: E501
    )


def _word_contents() -> str:
    """Word's printed table of contents: a content control of TOC-styled entries with page
    numbers after a tab."""

    def entry(text: str, page: int) -> str:
        return (
            '<w:p><w:pPr><w:pStyle w:val="Verzeichnis1"/></w:pPr><w:r><w:t>'
            f"{text}</w:t></w:r><w:r><w:tab/><w:t>{page}</w:t></w:r></w:p>"
        )

    return (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
        + _w_paragraph("Contents", "Inhaltsverzeichnisberschrift")
        + entry("Before you go home", 1)
        + entry("Exercises", 2)
        + "</w:sdtContent></w:sdt>"
        + entry("Your medicines", 2)  # an entry left outside the block: its style tells
    )


def _handout_body() -> str:
    p = _w_paragraph
    row = "".join
    cell = lambda text: f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"  # noqa: E731
    image = (
        f'<w:p><w:r><w:drawing><wp:inline {DRAWING_NS}><wp:extent cx="914400" cy="914400"/>'
        '<wp:docPr id="1" name="Picture 1" descr="A nurse changing a dressing on a knee"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="knee.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdImage"/></pic:blipFill><pic:spPr/></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    decorative = (
        f'<w:p><w:r><w:drawing><wp:inline {DRAWING_NS}><wp:extent cx="9144" cy="9144"/>'
        '<wp:docPr id="2" name="Line"><a:extLst>'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"'
        ' val="1"/></a:ext></a:extLst></wp:docPr></wp:inline></w:drawing></w:r></w:p>'
    )
    return "".join(
        [
            p(HANDOUT["title"], "Titel"),
            p("This leaflet tells you how to look after your new knee during the first six weeks."),
            _word_contents(),
            p("Before you go home", "berschrift1"),
            '<w:p><w:r><w:t xml:space="preserve">A nurse will show you how to use your crutches'
            ' </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>before you leave the ward.</w:t>'
            '</w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
            p("Looking after the wound", "berschrift1"),
            '<w:p><w:r><w:t xml:space="preserve">Keep the wound clean and dry until the stitches'
            ' come out.</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r></w:p>',
            p("Dressings", "berschrift2"),
            '<w:p><w:r><w:t xml:space="preserve">'
            "Change the dressing every two days, or sooner if it"
            " gets wet.</w:t></w:r></w:p>",
            p("Wash your hands before you touch the dressing.", "ListParagraph", (1, 0)),
            p("Keep the old dressings in a sealed bag.", "ListParagraph", (1, 0)),
            image,
            decorative,
            p("Exercises", "berschrift1"),
            p("Do these exercises three times a day."),
            p(
                "Tighten the muscles at the front of your thigh for five seconds.",
                "ListParagraph",
                (2, 0),
            ),
            p("Bend and straighten your knee ten times.", "ListParagraph", (2, 0)),
            p("Walk a little further each day.", "ListParagraph", (2, 0)),
            p("Your medicines", "berschrift1"),
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>'
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            + row(cell(t) for t in ("Drug", "Dose", "When"))
            + "</w:tr>"
            + "<w:tr>"
            + row(cell(t) for t in ("Paracetamol", "1 g", "Every six hours"))
            + "</w:tr>"
            + "<w:tr>"
            + row(
                [
                    cell("Enoxaparin"),
                    cell("40 mg"),
                    '<w:tc><w:p><w:r><w:t xml:space="preserve">Once a day</w:t></w:r>'
                    '<w:del w:id="7" w:author="Tom"><w:r><w:delText xml:space="preserve">'
                    " twice a day</w:delText></w:r></w:del>"
                    '<w:ins w:id="8" w:author="Ana"><w:r><w:t xml:space="preserve">, at six'
                    " in the evening</w:t></w:r></w:ins></w:p></w:tc>",
                ]
            )
            + "</w:tr>"
            + "</w:tbl>",
            p("Call the ward if the wound becomes red, hot or swollen."),
            '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
            '<w:footerReference w:type="default" r:id="rIdFooter"/></w:sectPr>',
        ]
    )


def _handout_styles() -> str:
    def style(style_id: str, name: str, outline: int | None = None) -> str:
        level = f'<w:pPr><w:outlineLvl w:val="{outline}"/></w:pPr>' if outline is not None else ""
        return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="Standard"/>{level}</w:style>')  # fmt: skip

    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W_NS}>'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
        "</w:docDefaults>"
        + style("Standard", "Normal")
        + style("Titel", "Title")
        + style("berschrift1", "heading 1", 0)
        + style("berschrift2", "heading 2", 1)
        + style("ListParagraph", "List Paragraph")
        + style("Inhaltsverzeichnisberschrift", "TOC Heading", 0).replace(
            '"Standard"', '"berschrift1"'
        )  # Word bases it on Heading 1: it must still not be a chapter
        + style("Verzeichnis1", "toc 1")
        + "</w:styles>"
    )


def _handout_numbering() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W_NS}>'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )


def make_handout_docx(path: Path) -> None:
    rel = lambda rid, kind, target: (  # noqa: E731
        f'<Relationship Id="{rid}" Type="{REL_BASE}/{kind}" Target="{target}"/>'
    )
    header = "</w:t></w:r></w:p></w:hdr>"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'  # noqa: E501
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
            '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'  # noqa: E501
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'  # noqa: E501
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'  # noqa: E501
            + rel("rId1", "officeDocument", "word/document.xml")
            + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'  # noqa: E501
            + "</Relationships>"
        ),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'  # noqa: E501
            f"<dc:title>{HANDOUT['title']}</dc:title><dc:creator>{HANDOUT['author']}</dc:creator>"
            "</cp:coreProperties>"
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'  # noqa: E501
            + rel("rIdStyles", "styles", "styles.xml")
            + rel("rIdNum", "numbering", "numbering.xml")
            + rel("rIdNotes", "footnotes", "footnotes.xml")
            + rel("rIdComments", "comments", "comments.xml")
            + rel("rIdHeader", "header", "header1.xml")
            + rel("rIdFooter", "footer", "footer1.xml")
            + rel("rIdImage", "image", "media/knee.png")
            + "</Relationships>"
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS} {R_NS}>'
            f"<w:body>{_handout_body()}</w:body></w:document>"
        ),
        "word/styles.xml": _handout_styles(),
        "word/numbering.xml": _handout_numbering(),
        "word/footnotes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W_NS}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'  # noqa: E501
            '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
            " The stitches usually come out after twelve to fourteen days.</w:t></w:r></w:p>"
            "</w:footnote></w:footnotes>"
        ),
        "word/comments.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W_NS}><w:comment w:id="0" w:author="Ana">'  # noqa: E501
            "<w:p><w:r><w:t>Ask Tom to check this dose</w:t></w:r></w:p></w:comment></w:comments>"
        ),
        "word/header1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}><w:p><w:r><w:t>'
            "Riverside Hospital - Orthopaedic ward - Leaflet 42" + header
        ),
        "word/footer1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:ftr {W_NS}><w:p><w:r><w:t>'
            "Page 1 of 2 - Reviewed December 2026</w:t></w:r></w:p></w:ftr>"
        ),
        "word/media/knee.png": PNG,
    }
    _zip(path, parts)


# ------------------------------------------------------- the OpenDocument handout, by hand

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3"'
)


def _odt_handout_content() -> str:
    def p(text: str, style: str = "Standard") -> str:
        return f'<text:p text:style-name="{style}">{text}</text:p>'

    def h(text: str, level: int) -> str:
        return (f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
                f"{text}</text:h>")  # fmt: skip

    def items(style: str, *texts: str) -> str:
        inner = "".join(f"<text:list-item>{p(t, 'P1')}</text:list-item>" for t in texts)
        return f'<text:list text:style-name="{style}">{inner}</text:list>'

    def cells(*texts: str) -> str:
        return "".join(
            f'<table:table-cell office:value-type="string">{p(t)}</table:table-cell>' for t in texts
        )

    body = "".join(
        [
            '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>'
            "<office:change-info><dc:creator>Tom</dc:creator></office:change-info>"
            "<text:p> twice a day</text:p></text:deletion></text:changed-region>"
            '<text:changed-region text:id="ct2"><text:insertion><office:change-info>'
            "<dc:creator>Ana</dc:creator></office:change-info></text:insertion></text:changed-region>"
            "</text:tracked-changes>",
            p(HANDOUT["title"], "Title"),
            p("This leaflet tells you how to look after your new knee during the first six weeks."),
            h("Before you go home", 1),
            p(
                "A nurse will show you how to use your crutches <office:annotation><dc:creator>Ana"
                "</dc:creator><text:p>Ask Tom to check this dose</text:p></office:annotation>before"
                " you leave the ward."
            ),
            h("Looking after the wound", 1),
            p(
                'Keep the wound clean and dry until the stitches come out.<text:note text:id="ftn1"'
                ' text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                "<text:note-body>"
                "<text:p>The stitches usually come out after twelve to fourteen days.</text:p>"
                "</text:note-body></text:note>"
            ),
            h("Dressings", 2),
            p("Change the dressing every two days, or sooner if it gets wet."),
            items(
                "Bullets",
                "Wash your hands before you touch the dressing.",
                "Keep the old dressings in a sealed bag.",
            ),
            p(
                '<draw:frame draw:name="Image1" svg:width="2cm" svg:height="2cm"><draw:image'
                ' xlink:href="Pictures/knee.png"/><svg:title>Dressing</svg:title><svg:desc>A nurse'
                " changing a dressing on a knee</svg:desc></draw:frame>"
            ),
            h("Exercises", 1),
            p("Do these exercises three times a day."),
            items(
                "Numbers",
                "Tighten the muscles at the front of your thigh for five seconds.",
                "Bend and straighten your knee ten times.",
                "Walk a little further each day.",
            ),
            h("Your medicines", 1),
            '<table:table table:name="Medicines">'
            '<table:table-column table:number-columns-repeated="3"/>'
            "<table:table-header-rows><table:table-row>"
            + cells("Drug", "Dose", "When")
            + "</table:table-row></table:table-header-rows>"
            "<table:table-row>"
            + cells("Paracetamol", "1 g", "Every six hours")
            + "</table:table-row>"
            "<table:table-row>"
            + cells("Enoxaparin", "40 mg", "").replace(
                '<text:p text:style-name="Standard"></text:p>',
                '<text:p text:style-name="Standard">Once a day<text:change text:change-id="ct1"/>'
                '<text:change-start text:change-id="ct2"/>, at six in the evening'
                '<text:change-end text:change-id="ct2"/></text:p>',
            )
            + "</table:table-row>"
            "</table:table>",
            p("Call the ward if the wound becomes red, hot or swollen."),
        ]
    )
    styles = (
        '<office:automatic-styles><style:style style:name="P1" style:family="paragraph"'
        ' style:parent-style-name="List_20_Paragraph"/>'
        '<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1"'
        ' text:bullet-char="\u2022"/></text:list-style>'
        '<text:list-style style:name="Numbers"><text:list-level-style-number text:level="1"'
        ' style:num-format="1" style:num-suffix="."/></text:list-style>'
        "</office:automatic-styles>"
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>{styles}'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>")  # fmt: skip


def _odt_handout_styles() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NS}><office:styles>'
        '<style:default-style style:family="paragraph"><style:text-properties fo:language="en"'
        ' fo:country="GB"/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph"/>'
        '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"/>'  # noqa: E501
        '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"/>'  # noqa: E501
        '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/>'  # noqa: E501
        '<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph"/>'  # noqa: E501
        '</office:styles><office:master-styles><style:master-page style:name="Standard">'
        "<style:header><text:p>Riverside Hospital - Orthopaedic ward - Leaflet 42</text:p>"
        "</style:header>"
        "<style:footer><text:p>Page 1 of 2 - Reviewed December 2026</text:p></style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )


def make_handout_odt(path: Path) -> None:
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'  # noqa: E501
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'  # noqa: E501
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="Pictures/knee.png" manifest:media-type="image/png"/>'  # noqa: E501
            "</manifest:manifest>"
        ),
        "meta.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS}><office:meta>'
            f"<dc:title>{HANDOUT['title']}</dc:title>"
            f"<meta:initial-creator>{HANDOUT['author']}</meta:initial-creator>"
            f"<dc:creator>{HANDOUT['author']}</dc:creator></office:meta></office:document-meta>"
        ),
        "content.xml": _odt_handout_content(),
        "styles.xml": _odt_handout_styles(),
        "Pictures/knee.png": PNG,
    }
    _zip(path, parts)


# ------------------------------------------------------------------ made by pandoc

REPORT_MD = """---
title: Falls among older patients at home
lang: en-GB
---

# Summary

Falls are the most common reason for an older patient to call an ambulance.[^ambulance]
This report looks at the falls seen by the clinic during one year.

# Method

## Who took part

We included every patient over seventy who reported a fall.[^age] Patients living in care
homes were not included.

## What we measured

We recorded where each fall happened and what the patient was doing at the time.

# Findings

Most falls happened at home, in the bedroom or on the stairs.[^stairs] Very few happened
outside.

# What we recommend

Every patient over seventy should be offered a home safety visit.

[^ambulance]: Ambulance service figures for the region, last year.
[^age]: Age on the day of the fall.
[^stairs]: Nine falls in ten happened indoors.
"""

REPORT = {
    "title": "Falls among older patients at home",
    "author": None,
    "headings": [
        [1, "Summary"],
        [1, "Method"],
        [2, "Who took part"],
        [2, "What we measured"],
        [1, "Findings"],
        [1, "What we recommend"],
    ],  # fmt: skip
    "paragraphs": [
        "Falls are the most common reason for an older patient to call an ambulance. This report"
        " looks at the falls seen by the clinic during one year.",
        "Notes.",
        "Note 1. Ambulance service figures for the region, last year.",
        "We included every patient over seventy who reported a fall. Patients living in care"
        " homes were not included.",
        "Notes.",
        "Note 2. Age on the day of the fall.",
        "We recorded where each fall happened and what the patient was doing at the time.",
        "Most falls happened at home, in the bedroom or on the stairs. Very few happened outside.",
        "Notes.",
        "Note 3. Nine falls in ten happened indoors.",
        "Every patient over seventy should be offered a home safety visit.",
    ],
    "notes_after": {"Summary": 1, "Who took part": 1, "Findings": 1},
    "never": ["[^", "ambulance.1", "fall.2"],
}

TABLE_MD = """---
title: Your medicines after discharge
---

Take this list to every appointment.

| Medicine    | Dose   | Morning | Evening |
|-------------|--------|---------|---------|
| Amlodipine  | 5 mg   | Yes     | No      |
| Metformin   | 500 mg | Yes     | Yes     |
| Simvastatin | 20 mg  | No      | Yes     |

# If you miss a dose

1. Take it as soon as you remember.
2. Do not take two doses at once.
"""

TABLE = {
    "title": "Your medicines after discharge",
    "author": None,
    "headings": [[1, "If you miss a dose"]],
    "paragraphs": [
        "Take this list to every appointment.",
        "Medicine: Amlodipine. Dose: 5 mg. Morning: Yes. Evening: No.",
        "Medicine: Metformin. Dose: 500 mg. Morning: Yes. Evening: Yes.",
        "Medicine: Simvastatin. Dose: 20 mg. Morning: No. Evening: Yes.",
        "Take it as soon as you remember.",
        "Do not take two doses at once.",
    ],
    "kinds": ["paragraph"] * 4 + ["list_item"] * 2,
    "places": [None] * 4 + [1, 2],
    "never": ["|", "---"],
}

NOVEL_MD = """---
title: The Lighthouse Keeper's Daughter
author: Mara Quinlan
lang: en-GB
identifier: urn:uuid:0b6f3c0e-6d0b-4c55-9a35-2f7d1e5c9a11
date: 2026-12-07
rights: Copyright 2026 Mara Quinlan. All rights reserved.
---

# Copyright {epub:type=copyright-page}

Copyright © 2026 Mara Quinlan. All rights reserved. ISBN 978-0-00-000000-0. Published by
Harbour Press.

# Contents {.unnumbered}

- [The storm](#the-storm)
- [The boat](#the-boat)
- [The return](#the-return)

# Part One: The Island

## The storm {#the-storm}

The wind came in from the west on the first night of October.[^wind] Elin climbed the
stairs of the lighthouse with a lamp in each hand.

### Morning

By morning the sea was flat and grey, and the island was quiet.

## The boat {#the-boat}

Her father had taken the boat out before dawn. It was not in the harbour when she came
down.

# Part Two: The Mainland

## The return {#the-return}

Three days later a fishing boat brought him home, cold and silent but alive.

[^wind]: The autumn storms of that year were the worst in living memory.
"""

NOVEL = {
    "title": "The Lighthouse Keeper’s Daughter",  # pandoc's typographic apostrophe
    "author": "Mara Quinlan",
    "language": "en-GB",
    "headings": [
        [1, "Part One: The Island"],
        [2, "The storm"],
        [3, "Morning"],
        [2, "The boat"],
        [1, "Part Two: The Mainland"],
        [2, "The return"],
    ],  # fmt: skip
    "paragraphs": [
        "The wind came in from the west on the first night of October. Elin climbed the stairs"
        " of the lighthouse with a lamp in each hand.",
        "Notes.",
        "Note 1. The autumn storms of that year were the worst in living memory.",
        "By morning the sea was flat and grey, and the island was quiet.",
        "Her father had taken the boat out before dawn. It was not in the harbour when she came"
        " down.",
        "Three days later a fishing boat brought him home, cold and silent but alive.",
    ],
    "never": [
        "ISBN",
        "All rights reserved",
        "Harbour Press",
        "Contents",
        "Table of Contents",
    ],  # fmt: skip
}


def _pandoc(markdown: str, target: Path, *options: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source.md"
        source.write_text(markdown, encoding="utf-8")
        (Path(scratch) / "cover.png").write_bytes(PNG)
        subprocess.run(
            ["pandoc", str(source), "-o", str(target.resolve()), *options],
            cwd=scratch, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        )  # fmt: skip
    _restamp(target)


def _restamp(path: Path) -> None:
    """Rewrite a ZIP with fixed member dates (pandoc stamps the time), mimetype first."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    _zip(path, parts)


def _zip(path: Path, parts: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(parts, key=lambda name: name != "mimetype"):
            data = parts[name]
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode() if isinstance(data, str) else data)


def _expect(name: str, expected: dict) -> None:
    (OUT / f"{name}.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main() -> None:
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is needed: apt-get install pandoc")
    OUT.mkdir(parents=True, exist_ok=True)
    make_handout_docx(OUT / "handout.docx")
    _expect("handout.docx", HANDOUT)
    make_handout_odt(OUT / "handout.odt")
    _expect("handout.odt", HANDOUT)
    for suffix in ("docx", "odt"):
        _pandoc(REPORT_MD, OUT / f"footnoted-report.{suffix}")
        _expect(f"footnoted-report.{suffix}", REPORT)
        _pandoc(TABLE_MD, OUT / f"medication-table.{suffix}")
        _expect(f"medication-table.{suffix}", TABLE)
    cover = ["--epub-cover-image=cover.png", "--epub-chapter-level=2", "--toc"]
    _pandoc(NOVEL_MD, OUT / "novel.epub", "-t", "epub3", *cover)
    _expect("novel.epub", NOVEL)
    _pandoc(NOVEL_MD, OUT / "novel-epub2.epub", "-t", "epub2", *cover)
    _expect("novel-epub2.epub", NOVEL)
    if "--no-corpus" not in sys.argv:
        from office_corpus import make_corpus  # scripts/office_corpus.py, beside this one

        print(f"{len(make_corpus(_restamp, _zip, PNG))} documents in the corpus")


if __name__ == "__main__":
    main()
