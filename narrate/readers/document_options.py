"""How documents (PDF, Word, OpenDocument, EPUB) are read: choices a web page does not have,
and the limits that keep a hostile document from taking the machine.

One value carries them from the CLI, the API and the web app through the pipeline to each
document reader, so a new choice is one field here and a use in the readers.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLES = ("read", "skip")  # read: row by row, each cell with its column header; skip: announced
NOTES = ("end", "skip")  # end: notes read at the end of their chapter (a page: the end); skip

# The limits' defaults (docs/reading.md, "Limits"); each has its option to raise it.
MAX_PAGES = 5000  # a PDF's pages, an EPUB's spine documents: several long books
MAX_UNZIPPED_MB = 200  # what a Word, OpenDocument or EPUB file unpacks to; a book's text is MBs
PARSE_TIMEOUT_S = 300.0  # a 300-page PDF reads in seconds; OCR of a long scan may need more
PARSE_MEMORY_MB = 1024  # the reading process's data; a 300-page PDF needs about 150 MB


@dataclass(frozen=True)
class DocumentOptions:
    """`ocr`: a PDF with no text layer (a scan) is read with Tesseract. `tables`: one of
    TABLES. `notes`: one of NOTES (note markers in the text are never spoken either way).
    The limits, each refused in one line naming the option that raises it: `max_pages` (a
    PDF's pages, an EPUB's spine documents), `max_unzipped_mb` (what a ZIP container's parts
    unpack to), `parse_timeout_s` and `parse_memory_mb` (the process that reads it)."""

    ocr: bool = False
    tables: str = "read"
    notes: str = "end"
    max_pages: int = MAX_PAGES
    max_unzipped_mb: int = MAX_UNZIPPED_MB
    parse_timeout_s: float = PARSE_TIMEOUT_S
    parse_memory_mb: int = PARSE_MEMORY_MB


DEFAULT_DOCUMENT = DocumentOptions()
