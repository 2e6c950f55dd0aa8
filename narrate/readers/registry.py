"""The reader registry: file suffix to reader function, filled by the @register decorator.

Plain text is always registered; the Markdown and HTML readers (and their parsers) are
imported the first time a file might need them, so a .txt article never loads them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from narrate.model import Article

Reader = Callable[[str], Article]
"""A reader turns decoded text into an Article; an empty title means "none found"."""

READERS: dict[str, Reader] = {}
DEFAULT_SUFFIX = ".txt"
HTML_SUFFIX = ".html"
HTML_START = re.compile(r"[\s\ufeff]*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
ON_DEMAND = ("narrate.readers.markdown", "narrate.readers.html")
PDF_START = re.compile(rb"\s{0,16}%PDF-")
MAX_DOCUMENT_BYTES = 100 * 2**20  # a PDF's own size limit: its bytes are not its text


def is_document(data: bytes) -> bool:
    """Whether the bytes are a laid-out document (today a PDF), read from its bytes by
    narrate.readers.pdf rather than decoded as text; the type comes from the bytes, whatever
    the file is called."""
    return PDF_START.match(data) is not None


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for the given suffixes (with their dot, lower case)."""

    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = reader
        return reader

    return decorate


def reader_for(suffix: str, text: str) -> Reader:
    """The reader for a suffix; unknown suffixes read as plain text unless the text is HTML."""
    suffix = suffix.lower()
    if suffix != DEFAULT_SUFFIX or HTML_START.match(text):
        for module in ON_DEMAND:
            importlib.import_module(module)
    if suffix in READERS and suffix != DEFAULT_SUFFIX:
        return READERS[suffix]
    return READERS[HTML_SUFFIX if HTML_START.match(text) else DEFAULT_SUFFIX]
