"""`<slug>.epub`: an EPUB 3 read-along book (text and audio synchronized by Media Overlays).

One XHTML content document per part of the outline (the title and the text under it, then
one per heading, and the synthetic-voice notice's part), each with its MP3, cut from the
mastered programme at the part's span, and a SMIL overlay with one `par` per sentence and
spoken heading, timed as the captions are. The navigation document lists the chapters at their
headings; the package carries the media-overlay and accessibility metadata that reading
systems and catalogues read. The documents are rendered by narrate.writers.epub_book (with
lxml, imported only when a book is written) and zipped here: `mimetype` first and stored.
"""

from __future__ import annotations

import re
import tempfile
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from narrate.disclosure import metadata_line, voice_label
from narrate.errors import OutputError
from narrate.fs import atomic_path
from narrate.timefmt import utc_stamp
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.mp3 import Tags, encode_span

BOOK_NAMESPACE = uuid.UUID("6f0b5e8c-0d6a-5b7e-9c57-6e6172726174")  # narrate's books
SUMMARY = (
    "The full text of the article with its narration: each sentence is highlighted as it is "
    "read (EPUB 3 Media Overlays), and every chapter has its own heading, listed in the table "
    "of contents. The book has no images, so the text and the audio each carry everything."
)


def book_identifier(edition: EditionContext) -> str:
    """A stable urn:uuid for the book: the same article, voice and slug give the same one."""
    return f"urn:uuid:{uuid.uuid5(BOOK_NAMESPACE, edition.book_seed)}"


def book_source(edition: EditionContext) -> str | None:
    """`dc:source`: the article's URL, or its file's name (its folders are the user's
    business); None for standard input."""
    article = edition.article
    address = article.fetched_from or article.source
    if urlparse(address).scheme in ("http", "https"):
        return address
    return None if article.source in ("-", "<stdin>") else Path(article.source).name


def book_summary(edition: EditionContext) -> str:
    """`schema:accessibilitySummary`: what the book offers, and the disclosure when it has
    one."""
    disclosure = metadata_line(edition.script, edition.engine)
    return f"{SUMMARY} {disclosure}" if disclosure else SUMMARY


def _zip_time(edition: EditionContext) -> tuple[int, int, int, int, int, int]:
    """The date stored with each zip entry: the edition's date, so rebuilds zip alike."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", edition.date or "")
    year, month, day = (int(g) for g in match.groups()) if match else (1980, 1, 1)
    return (max(year, 1980), month, day, 0, 0, 0)


def write_epub(edition: EditionContext, dest: Path) -> Path:
    """Write the book to `dest` atomically; return `dest`."""
    from narrate.writers import epub_book as book
    from narrate.writers.outline import outline, page_starts

    parts = outline(edition.timeline, edition.script, edition.article)
    chapters = book.plan_book(parts, page_starts(edition.timeline, edition.article.page_labels))
    if not any(chapter.has_audio for chapter in chapters):
        raise OutputError("cannot write an EPUB: the programme has no timed cues")
    language = edition.article.language
    info = book.BookInfo(
        identifier=book_identifier(edition),
        title=edition.article.title,
        language=language,
        creator=Tags.for_article(edition.article, author=edition.author).author,
        source=book_source(edition),
        date=edition.date or datetime.now(UTC).date().isoformat(),
        modified=utc_stamp(),
        narrator=voice_label(edition.engine),
        summary=book_summary(edition),
    )
    when = _zip_time(edition)
    try:
        with tempfile.TemporaryDirectory(prefix=".epub-", dir=dest.parent) as scratch:
            with atomic_path(dest) as tmp, zipfile.ZipFile(tmp, "w") as epub:

                def add(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> None:
                    entry = zipfile.ZipInfo(name, when)
                    entry.external_attr = 0o644 << 16
                    epub.writestr(entry, data, compress_type=method)

                add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
                add("META-INF/container.xml", book.CONTAINER)
                add("EPUB/package.opf", book.render_package(chapters, info))
                add("EPUB/nav.xhtml", book.render_nav(chapters, info, "Contents"))
                add("EPUB/css/book.css", book.CSS.encode())
                for chapter in chapters:
                    add(f"EPUB/text/{chapter.name}.xhtml", book.render_chapter(chapter, language))
                    if not chapter.has_audio:
                        continue
                    add(f"EPUB/smil/{chapter.name}.smil", book.render_overlay(chapter))
                    mp3 = Path(scratch) / f"{chapter.name}.mp3"
                    span = (chapter.part.start_ms, chapter.part.end_ms)
                    encode_span(edition, span, mp3, f"the EPUB's audio {mp3.name}")
                    add(f"EPUB/audio/{chapter.name}.mp3", mp3.read_bytes(), zipfile.ZIP_STORED)
    except OSError as e:
        raise OutputError(f"cannot write the EPUB {dest}: {e.strerror or e}") from e
    return dest


@register
class EpubWriter(Writer):
    """`<slug>.epub`: the article as an EPUB 3 book whose text is read aloud in sync."""

    format = "epub"
    extension = ".epub"
    media_type = "application/epub+zip"
    on_request = True  # --format may name it beside the audio formats

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return write_epub(edition, dest_dir / self.filename(edition))
