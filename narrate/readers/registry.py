"""The reader registry: file suffix to reader function, filled by the @register decorator,
and `sniff_suffix`, which tells from text with no name (pasted, piped) which reader fits.

Plain text is always registered; the Markdown and HTML readers (and their parsers) are
imported the first time a file might need them, so a .txt article never loads them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from itertools import islice
from typing import Protocol

from narrate.model import Article
from narrate.readers.document_options import DocumentOptions


class Reader(Protocol):
    """A reader turns decoded text into an Article (an empty title means "none found"); the
    document options say how to read what text may hold too (notes: narrate.readers.notes)."""

    def __call__(self, text: str, options: DocumentOptions = ..., /) -> Article: ...


READERS: dict[str, Reader] = {}
DEFAULT_SUFFIX = ".txt"
HTML_SUFFIX = ".html"
HTML_START = re.compile(r"[\s\ufeff]*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
MARKDOWN_SUFFIX = ".md"
ON_DEMAND = ("narrate.readers.markdown", "narrate.readers.html")
# Markdown's block structure, which pasted prose does not have: an ATX heading ("# Title",
# "## Dosage"; not "#1" or "#tag"), a heading underlined with "===", front matter.
MARKDOWN_BLOCK = re.compile(
    r"^ {0,3}#{1,6}[ \t]+\S|^[^\n]*\S[ \t]*\n {0,3}={3,}[ \t]*$|\A---[ \t]*\n[A-Za-z][\w-]*:",
    re.MULTILINE,
)
# Markdown's inline marks: a link [text](address), **strong**, a fenced code block; two or
# more of them (one "**" or bracket may be chance) make pasted text Markdown.
MARKDOWN_INLINE = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|^```", re.MULTILINE)
MARKDOWN_INLINE_MIN = 2
SNIFF_CHARS = 65_536  # what is looked at: a document shows its kind well before this
PDF_START = re.compile(rb"\s{0,16}%PDF-")
ZIP_START = b"PK\x03\x04"  # Word, OpenDocument and EPUB files are ZIP containers
COMPOUND_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and a password-protected .docx
MAX_DOCUMENT_BYTES = 100 * 2**20  # a document's own size limit: its bytes are not its text


def is_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF (narrate.readers.pdf), whatever the file is called."""
    return PDF_START.match(data) is not None


def is_document(data: bytes) -> bool:
    """Whether the bytes are a document read from its bytes rather than decoded as text: a PDF
    (narrate.readers.pdf), a ZIP container (Word, OpenDocument, EPUB: narrate.readers.containers)
    or an Office compound file, which is refused saying why; the type comes from the bytes,
    whatever the file is called."""
    return is_pdf(data) or data.startswith((ZIP_START, COMPOUND_START))


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for the given suffixes (with their dot, lower case)."""

    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = reader
        return reader

    return decorate


def sniff_suffix(text: str) -> str:
    """The suffix whose reader fits text that came without a name: ".html" for a web page,
    ".md" for Markdown (headings marked with # or ===, front matter, or several links and
    strong marks), else ".txt"."""
    text = text[:SNIFF_CHARS]
    if HTML_START.match(text):
        return HTML_SUFFIX
    if MARKDOWN_BLOCK.search(text):
        return MARKDOWN_SUFFIX
    marks = islice(MARKDOWN_INLINE.finditer(text), MARKDOWN_INLINE_MIN)
    if sum(1 for _ in marks) == MARKDOWN_INLINE_MIN:
        return MARKDOWN_SUFFIX
    return DEFAULT_SUFFIX


def reader_for(suffix: str, text: str) -> Reader:
    """The reader for a suffix; unknown suffixes read as plain text unless the text is HTML;
    text with no suffix at all (standard input) is read as `sniff_suffix` tells; a web page
    with no HTML tag at all is read as plain text (narrate.readers.markup)."""
    suffix = suffix.lower() or sniff_suffix(text)
    if suffix in (MARKDOWN_SUFFIX, ".markdown") and not HTML_START.match(text):
        importlib.import_module("narrate.readers.markdown")  # not the web page reader's imports
    elif suffix != DEFAULT_SUFFIX or HTML_START.match(text):
        for module in ON_DEMAND:
            importlib.import_module(module)
    if suffix in READERS and suffix != DEFAULT_SUFFIX:
        if READERS[suffix] is READERS.get(HTML_SUFFIX) and not _has_markup(text):
            return READERS[DEFAULT_SUFFIX]  # a web page of bare text: read as text
        return READERS[suffix]
    return READERS[HTML_SUFFIX if HTML_START.match(text) else DEFAULT_SUFFIX]


def _has_markup(text: str) -> bool:
    from narrate.readers.markup import has_markup  # lxml's list of tags, for web pages only

    return has_markup(text)
