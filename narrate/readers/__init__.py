"""Readers: a file (text, Markdown, HTML, Word, OpenDocument, EPUB), a web page's URL or stdin
in, an `Article` out.

A document in a ZIP container (Word, OpenDocument, EPUB) is told by its bytes, whatever its
name, and read from them (narrate.readers.containers). Text is decoded, and `read_article`
picks a reader by suffix from the registry (standard input's by what its text
looks like: registry.sniff_suffix), then tidies what it returns: blocks
with nothing to say are dropped, and so are sections left without blocks, except a heading
directly followed by deeper sub-sections (a part title over its chapters). An article with no
speakable block left is an error. Every text is cleaned at the door (narrate.textclean):
the decoded content, then what the reader made of it (an HTML entity such as `&#1;` becomes a
control character only when parsed), and a title given as an option; one warning counts them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from narrate.errors import ArticleError
from narrate.language import with_language
from narrate.model import Article, Block, Section
from narrate.plural import count
from narrate.readers import text  # noqa: F401  (importing registers it; see registry)
from narrate.readers.decode import decode
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.registry import (
    DEFAULT_SUFFIX,
    HTML_START,
    HTML_SUFFIX,
    MAX_DOCUMENT_BYTES,
    is_document,
    is_pdf,
    reader_for,
)
from narrate.readers.url import DEFAULT_FETCH, Fetched, FetchOptions, fetch, is_web_address
from narrate.textclean import clean, clean_references, removed_characters

__all__ = ["MAX_CHARS", "read_article", "read_document_bytes"]

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
UNTITLED = "Untitled article"
SPEAKABLE = re.compile(r"[^\W_]")  # a letter or a digit
STEM_SEPARATORS = re.compile(r"[-_\s.]+")
MAX_CHARS = 1_000_000  # about a day of speech; --max-chars raises it
BYTES_PER_CHAR = 4  # the most any encoding narrate reads takes (UTF-8, UTF-32)
MARKUP_OVERHEAD = 4  # a web page may be this many times its text (scripts, styles, markup)
MARKUP_NOISE = re.compile(
    r"<(script|style|template|svg)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.DOTALL | re.IGNORECASE
)
WHITE_SPACE = re.compile(r"\s+")
PLAIN = frozenset({".txt", ".text", ""})  # suffixes read as plain text without sniffing
SNIFF_BYTES = 4096  # how much of stdin tells whether it is a web page
CHARS_PER_HOUR = 160 * 60 * 6  # 160 words a minute, about six characters a word


def read_article(
    source: str | Path,
    *,
    title: str | None = None,
    language: str | None = None,
    fetch_options: FetchOptions = DEFAULT_FETCH,
    max_chars: int = MAX_CHARS,
    document: DocumentOptions = DEFAULT_DOCUMENT,
) -> Article:
    """Read an article from a path, an http(s) URL, or standard input when source is "-". One
    longer than `max_chars` characters is refused: plain text before it is decoded or parsed,
    markup (a web page's scripts and styles are not the article) by a fast count of its text
    before the extractors read it. `document`: how a PDF, Word, OpenDocument or EPUB file is
    read (OCR for a scan, tables, notes) and its limits; such a file is read in a child
    process, killed at the parse deadline and capped in memory."""
    name = STDIN_NAME if str(source) == STDIN else str(source)
    limit = BYTES_PER_CHAR * max_chars  # no encoding takes more bytes for a character
    markup_limit = limit * MARKUP_OVERHEAD  # markup may hold more than its text
    fetched = fetch(name, fetch_options) if is_web_address(name) else None
    if fetched:
        data = fetched.data
        limit = markup_limit
    elif name == STDIN_NAME:
        data = sys.stdin.buffer.read(SNIFF_BYTES)
        if HTML_START.match(data.decode("utf-8", "ignore")):
            limit = markup_limit
        elif is_document(data):
            limit = MAX_DOCUMENT_BYTES
        data += sys.stdin.buffer.read(max(limit + 1 - len(data), 0))
    else:
        if Path(source).suffix.lower() not in PLAIN:
            limit = markup_limit
        data = _read_bytes(Path(source), name, limit + 1)
        if is_document(data) and limit < MAX_DOCUMENT_BYTES:
            limit = MAX_DOCUMENT_BYTES
            data = _read_bytes(Path(source), name, limit + 1)
    if len(data) > limit and limit == MAX_DOCUMENT_BYTES:
        raise ArticleError(
            name, f"is a document over narrate's limit of {MAX_DOCUMENT_BYTES // 2**20} MB"
        )
    if len(data) > limit:
        if fetched:
            size = f"{len(data):,} bytes"
        elif name == STDIN_NAME:
            size = f"more than {limit:,} bytes"
        else:
            size = f"{Path(source).stat().st_size:,} bytes"
        _too_long(name, size, max_chars)
    if not data.strip():
        raise ArticleError(name, "is empty")
    if not fetched and is_document(data):
        article = _read_document(data, name, max_chars, document)
        return _finish(article, data, name, title, language, 0)
    content, removed = clean(fetched.text if fetched else decode(data, name))
    if not content.strip():
        raise ArticleError(name, "is empty")
    suffix = HTML_SUFFIX if fetched else "" if name == STDIN_NAME else Path(source).suffix
    reader = reader_for(suffix, content)
    if reader is reader_for(DEFAULT_SUFFIX, ""):
        if len(content) > max_chars:
            _too_long(name, f"{len(content):,} characters", max_chars)
    else:  # markup: references to what `clean` removes go before they become characters
        estimate = _text_estimate(content)
        if estimate > max_chars:  # refused before the (slow) extractors read the page
            _too_long(name, f"about {estimate:,} characters of text", max_chars)
        content, referenced = clean_references(content)
        removed += referenced
    article = _parse(lambda: reader(content, document), name)
    return _finish(article, data, name, title, language, removed, fetched)


def _read_document(data: bytes, name: str, max_chars: int, document: DocumentOptions) -> Article:
    """A document read from its bytes (PDF, Word, OpenDocument, EPUB) in a child process under
    the document's limits (narrate.readers.document_worker)."""
    from narrate.readers.document_worker import read_in_child

    return read_in_child(data, name, document, max_chars)


def read_document_bytes(
    data: bytes, name: str, max_chars: int, document: DocumentOptions = DEFAULT_DOCUMENT
) -> Article:
    """A document read from its bytes in this process (the child process's work: see
    `_read_document`). One over `document.max_pages` (a PDF's pages, counted before it is
    read) or longer than `max_chars` characters of text is refused."""
    if is_pdf(data):
        from narrate.readers.pdf import read_pdf  # loaded only for a PDF

        pages = _pdf_pages(data)
        if pages > document.max_pages:
            raise ArticleError(
                name, f"has {pages:,} pages, over the limit of {document.max_pages:,}; "
                "--max-pages raises it",
            )  # fmt: skip
        article = _parse(lambda: read_pdf(data, name, document), name)
    else:
        from narrate.readers.containers import read_container  # loaded only for a container

        article = _parse(lambda: read_container(data, name, document), name)
    chars = sum(len(block.text) for section in article.sections for block in section.blocks)
    if chars > max_chars:
        _too_long(name, f"{chars:,} characters of text", max_chars)
    return article


def _pdf_pages(data: bytes) -> int:
    """A PDF's page count, from its page tree (0 when PDFium cannot open it: the reader then
    says why)."""
    import pypdfium2

    from narrate.readers.pdf_text import PDFIUM_LOCK

    with PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return 0
        try:
            return len(document)
        finally:
            document.close()


def _finish(
    article: Article,
    data: bytes,
    name: str,
    title: str | None,
    language: str | None,
    removed: int,
    fetched: Fetched | None = None,
) -> Article:
    """What a reader made of a source, cleaned and tidied, with its provenance."""
    article, parsed = _cleaned(article)
    if title is not None:
        title, given = clean(title)
        parsed += given
    if removed + parsed:
        log.warning("%s: removed %s", name, removed_characters(removed + parsed))
    sections = _tidy(article.sections)
    if not sections:
        raise ArticleError(name, "no speakable text after removing page furniture")
    return with_language(replace(
        article,
        title=title or article.title or _title_from(name),
        sections=sections,
        source=name,
        source_sha256=hashlib.sha256(data).hexdigest(),
        fetched_from=fetched.final_url if fetched else None,
        fetched_at=fetched.fetched_at if fetched else None,
        first_paragraph=_first_paragraph(sections),
    ), language)  # --lang, else the source's, else the text's (narrate.language)


# Third-party warnings while parsing, as one line of ours (others: their first line).
WARNING_LINES = {
    "XMLParsedAsHTMLWarning": "looks like XML, not HTML; read as HTML, which may miss text",
    "MarkupResemblesLocatorWarning": "looks like a file name or URL, not a document",
}


def _parse(read: Callable[[], Article], name: str) -> Article:
    """`read()`, with any warning a parsing library gives turned into one line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        article = read()
    said = set()
    for warning in caught:
        if issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning):
            continue  # for narrate's developers, not its users
        kind = warning.category.__name__
        line = WARNING_LINES.get(kind) or str(warning.message).strip().split("\n")[0]
        if line not in said:
            said.add(line)
            log.warning("%s: %s", name, line)
    return article


def _cleaned(article: Article) -> tuple[Article, int]:
    """The reader's article with every text cleaned, and how many characters that removed."""
    removed = 0

    def tidy(value: str) -> str:
        nonlocal removed
        value, count = clean(value)
        removed += count
        return value

    def tidy_maybe(value: str | None) -> str | None:
        return None if value is None else tidy(value)

    sections = tuple(
        replace(
            section,
            title=tidy_maybe(section.title),
            blocks=tuple(replace(block, text=tidy(block.text)) for block in section.blocks),
        )
        for section in article.sections
    )
    cleaned = replace(article, title=tidy(article.title), byline=tidy_maybe(article.byline),
                      language=tidy(article.language), sections=sections)  # fmt: skip
    return cleaned, removed


def _text_estimate(markup: str) -> int:
    """About how many characters of text a page holds: without tags, scripts, styles and
    comments, white space collapsed (a fast upper bound of what the extractors keep)."""
    return len(WHITE_SPACE.sub(" ", MARKUP_NOISE.sub(" ", markup)))


def _too_long(name: str, size: str, max_chars: int) -> None:
    minutes = round(max_chars / CHARS_PER_HOUR * 60)
    minutes = max(minutes, 1)
    audio = (
        f"{minutes // 60} hours" if minutes >= 120 else count(minutes, "minute")
    )
    raise ArticleError(
        name,
        f"is too long to narrate in one edition: {size}, over the limit of {max_chars:,} "
        f"characters (about {audio} of audio); split it, or raise --max-chars",
    )


def _read_bytes(path: Path, name: str, at_most: int) -> bytes:
    """Up to `at_most` of the file's bytes, or an ArticleError saying why they cannot be had."""
    try:
        with path.open("rb") as handle:
            return handle.read(at_most)
    except FileNotFoundError as exc:
        raise ArticleError(name, "no such file") from exc
    except IsADirectoryError as exc:
        raise ArticleError(name, "is a directory; give the path of an article file") from exc
    except OSError as exc:
        raise ArticleError(name, f"cannot read: {exc.strerror or exc}") from exc


def _tidy(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Drop unspeakable blocks and empty sections; keep an empty heading over sub-sections."""
    kept: list[Section] = []
    for section in reversed(sections):
        blocks = tuple(block for block in section.blocks if _speakable(block))
        has_children = bool(kept) and kept[-1].level > section.level
        if blocks or (section.title and has_children):
            kept.append(replace(section, blocks=blocks))
    if not any(section.blocks for section in kept):
        return ()
    return tuple(reversed(kept))


def _speakable(block: Block) -> bool:
    return SPEAKABLE.search(block.text) is not None


def _first_paragraph(sections: tuple[Section, ...]) -> str:
    """The text of the first paragraph block, else of the first block."""
    blocks = [block for section in sections for block in section.blocks]
    paragraphs = [block for block in blocks if block.kind == "paragraph"]
    return (paragraphs or blocks)[0].text


def _title_from(name: str) -> str:
    """A title made from the file name: "my-first_post.md" -> "My first post"."""
    if name == STDIN_NAME:
        return UNTITLED
    words = STEM_SEPARATORS.sub(" ", Path(name).stem).strip()
    return words[:1].upper() + words[1:] if words else UNTITLED
