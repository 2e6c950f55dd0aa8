"""Documents in ZIP containers, told apart by what they hold (never by their name): a Word
document has word/document.xml, an OpenDocument text the mimetype
application/vnd.oasis.opendocument.text, an EPUB the mimetype application/epub+zip. Any other
ZIP (a spreadsheet, a presentation, an archive) is refused in one line that says what it is,
and so is an Office compound file (an old .doc, or any Office file saved with a password).
The limits: what the parts read unpack to (`max_unzipped_mb`) and an EPUB's spine documents
(`max_pages`), each refused before the book is read.
"""

from __future__ import annotations

import logging

from narrate.errors import ArticleError
from narrate.model import Article
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.registry import COMPOUND_START
from narrate.readers.zipsafe import DAMAGED, Container, open_container

log = logging.getLogger(__name__)

EPUB = "application/epub+zip"
ODT = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
)
# Other ZIP documents people may give by mistake: what to call them.
OTHER_MIMETYPES = {
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
    "application/vnd.oasis.opendocument.graphics": "an OpenDocument drawing",
}
OTHER_PARTS = {
    "xl/workbook.xml": "an Excel workbook",
    "ppt/presentation.xml": "a PowerPoint presentation",
}
CONTAINER_XML = "META-INF/container.xml"
READABLE = "a Word (.docx), OpenDocument text (.odt) or EPUB document"
COMPOUND = (
    "is an old-style Office file (.doc) or a password-protected document; narrate reads .docx: "
    "save it as .docx without a password"
)


def read_container(
    data: bytes, source: str, options: DocumentOptions = DEFAULT_DOCUMENT
) -> Article:
    """Read a Word, OpenDocument text or EPUB document from its bytes, or raise ArticleError.
    A file whose parts hold what their format never does (a reader's assumption broken) is
    reported as damaged in one line, its cause logged for narrate's developers."""
    try:
        return _read(data, source, options)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as exc:
        log.debug("%s: unreadable document", source, exc_info=True)
        raise ArticleError(source, f"{DAMAGED} ({type(exc).__name__})") from exc


def _read(data: bytes, source: str, options: DocumentOptions) -> Article:
    if data.startswith(COMPOUND_START):
        raise ArticleError(source, COMPOUND)
    container = open_container(data, source, options.max_unzipped_mb * 2**20)
    mimetype = container.text("mimetype") if container.has("mimetype") else ""
    if mimetype == EPUB or (not mimetype and container.has(CONTAINER_XML)):
        from narrate.readers.epub import read_epub

        documents = _spine_length(container)
        if documents > options.max_pages:
            raise ArticleError(
                source, f"is an EPUB of {documents:,} documents, over the limit of "
                f"{options.max_pages:,}; --max-pages raises it",
            )  # fmt: skip

        return read_epub(container, options)
    if mimetype in ODT:
        from narrate.readers.odt import read_odt

        return read_odt(container, options)
    if (
        not mimetype
        and container.has("[Content_Types].xml")
        and any(name.startswith("word/") and name.endswith(".xml") for name in container.names)
    ):
        from narrate.readers.docx import read_docx

        return read_docx(container, options)
    what = OTHER_MIMETYPES.get(mimetype) or next(
        (what for part, what in OTHER_PARTS.items() if container.has(part)), "a ZIP archive"
    )
    raise ArticleError(source, f"is {what}, not {READABLE}")


def _spine_length(container: Container) -> int:
    """How many documents an EPUB's spine lists (0 when its package cannot be found: the
    reader says why)."""
    package = None
    if container.has(CONTAINER_XML):
        rootfile = next(
            (e for e in container.xml(CONTAINER_XML).iter() if _local(e.tag) == "rootfile"), None
        )
        package = rootfile.get("full-path") if rootfile is not None else None
    if not package or not container.has(package):
        return 0
    return sum(1 for e in container.xml(package).iter() if _local(e.tag) == "itemref")


def _local(tag: object) -> str:
    """An element's name without its namespace ("" for a comment)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
