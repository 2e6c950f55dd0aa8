"""How documents (PDF, Word, OpenDocument, EPUB) are read: choices a web page does not have.

One value carries them from the CLI, the API and the web app through the pipeline to each
document reader, so a new choice is one field here and a use in the readers.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLES = ("read", "skip")  # read: row by row, each cell with its column header; skip: announced
NOTES = ("end", "skip")  # end: footnotes and endnotes read at the end of their chapter; skip


@dataclass(frozen=True)
class DocumentOptions:
    """`ocr`: a PDF with no text layer (a scan) is read with Tesseract. `tables`: one of
    TABLES. `notes`: one of NOTES (note markers in the text are never spoken either way)."""

    ocr: bool = False
    tables: str = "read"
    notes: str = "end"


DEFAULT_DOCUMENT = DocumentOptions()
