"""What a user gives (pasted text, an uploaded file, a URL) checked and kept as the job's
source, or refused with one line and the HTTP status that fits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from narrate.engines import ENGINES
from narrate.errors import ArticleError, NarrateError
from narrate.profiles import PROFILES
from narrate.readers.addresses import check_public
from narrate.readers.containers import (
    COMPOUND,
    EPUB,
    ODT,
    OTHER_MIMETYPES,
    OTHER_PARTS,
    READABLE,
)
from narrate.readers.decode import decode
from narrate.readers.registry import COMPOUND_START, is_document, is_pdf, sniff_suffix
from narrate.readers.url import is_web_address
from narrate.readers.weburl import parse_web_address, shown
from narrate.readers.zipsafe import open_container
from narrate.serve.library import Library

AUTOMATIC = "auto"  # the format told from the text itself (readers.registry.sniff_suffix)
FORMATS = (AUTOMATIC, "txt", "md", "html")
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
MIMETYPE_BYTES = 2**16  # what a container's mimetype may unpack to here (it is a short line)
ACCEPTED = "a text, Markdown, HTML, PDF, Word (.docx), OpenDocument (.odt) or EPUB file"


class InputError(NarrateError):
    """A request narrate cannot take, with the HTTP status to answer it with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Given:
    """One article as given: exactly one of text (with its format, None or "auto" to tell it
    from the text), a file, or a URL."""

    text: str | None = None
    format: str | None = None
    file_name: str | None = None
    file_data: bytes | None = None
    url: str | None = None
    max_text_bytes: int | None = None  # an uploaded text file's cap (a document's is the body's)


async def capped_form(request: Request, max_field_bytes: int) -> FormData:
    """The posted multipart form, its text fields (pasted text among them) capped at
    `max_field_bytes` (413, as a JSON body over the cap); files are spooled to disk."""
    try:
        return await request.form(max_part_size=max_field_bytes)
    except HTTPException as error:
        if "exceeded maximum size" in str(error.detail):
            raise InputError(
                f"a form field is larger than {max_field_bytes:,} bytes (the server's cap)", 413
            ) from None
        raise


def uploaded_suffix(data: bytes, name: str, max_text_bytes: int | None = None) -> str:
    """The suffix an uploaded file is kept with, told from its bytes, never its name: pdf,
    docx, odt or epub for a document (a ZIP that is none of them, or a password-protected Office
    file, is refused: 415), else html, md or txt for text (the name's suffix only chooses
    between Markdown and plain text; a PNG or other binary file is refused: 415)."""
    if not data.strip():
        raise InputError(f"{name}: the uploaded file is empty")
    if is_pdf(data):
        return "pdf"
    if is_document(data):
        return _container_suffix(data, name)
    if max_text_bytes is not None and len(data) > max_text_bytes:
        raise InputError(
            f"{name}: a text file over the server's cap of {max_text_bytes:,} bytes", 413
        )
    try:
        text = decode(data, name)
    except ArticleError as error:
        raise InputError(f"{error}; upload {ACCEPTED}", 415) from None
    sniffed = SUFFIXES[sniff_suffix(text)]
    if sniffed == "html":
        return sniffed
    return "md" if SUFFIXES.get(PurePath(name).suffix.lower()) == "md" else sniffed


def _container_suffix(data: bytes, name: str) -> str:
    """docx, odt or epub, as narrate.readers.containers tells them apart (by their parts)."""
    if data.startswith(COMPOUND_START):
        raise InputError(f"{name}: {COMPOUND}", 415)
    try:
        container = open_container(data, name, MIMETYPE_BYTES)  # only its mimetype is read
        mimetype = container.text("mimetype") if container.has("mimetype") else ""
    except ArticleError as error:
        raise InputError(str(error), 422) from None
    if mimetype == EPUB or (not mimetype and container.has("META-INF/container.xml")):
        return "epub"
    if mimetype in ODT:
        return "odt"
    if not mimetype and container.has("[Content_Types].xml"):
        if any(part.startswith("word/") and part.endswith(".xml") for part in container.names):
            return "docx"
    what = OTHER_MIMETYPES.get(mimetype) or next(
        (what for part, what in OTHER_PARTS.items() if container.has(part)), "a ZIP archive"
    )
    raise InputError(f"{name}: is {what}, not {READABLE}", 415)


def source_for(given: Given, job_id: str, library: Library, *, allow_private: bool) -> str:
    """The job's source: a checked URL, or the text or file kept in the library."""
    text = given.text if given.text and given.text.strip() else None
    url = given.url.strip() if given.url and given.url.strip() else None
    has_file = bool(given.file_name) and given.file_data is not None
    if sum((text is not None, url is not None, has_file)) > 1:
        raise InputError("give one of text, a file or a URL, not several")
    for value, what in ((text, "text"), (url, "url"), (given.format, "format"),
                        (given.file_name, "the file's name")):  # fmt: skip
        refuse_unwritable(value, what)
    if url is not None:
        return checked_url(url, allow_private=allow_private)
    if has_file:
        assert given.file_name is not None and given.file_data is not None
        name = PurePath(given.file_name).name
        suffix = uploaded_suffix(given.file_data, shortened(name), given.max_text_bytes)
        stem = PurePath(name).stem  # a slug of it names the file (Library.save_source)
        return str(library.save_source(job_id, given.file_data, suffix, stem))
    if text is None:
        raise InputError("no article: the text is empty (paste text, upload a file or give a URL)")
    fmt = (given.format or AUTOMATIC).strip().lower()
    if fmt not in FORMATS:
        raise InputError(f"unsupported format {fmt!r}: give auto, txt, md or html", 415)
    if fmt == AUTOMATIC:
        fmt = SUFFIXES[sniff_suffix(text)]
    return str(library.save_source(job_id, text.encode("utf-8"), fmt, _first_words(text)))


def checked_url(url: str, *, allow_private: bool) -> str:
    """`url` when it may be fetched: an http(s) address with one strict reading (readers/weburl)
    and, unless private ones are allowed, a host whose every address is public. The fetch reads
    and judges it again, at connect time and on every redirect."""
    if not is_web_address(url):
        raise InputError(f"URL refused: {shown(url)} is not an http:// or https:// address", 422)
    try:
        parse_web_address(url) if allow_private else check_public(url)
    except ArticleError as error:
        raise InputError(f"URL refused: {error}", 422) from None
    return url


def shortened(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters (with an ellipsis) for an error message."""
    return text if len(text) <= limit else text[:limit] + "…"


def refuse_unwritable(value: str | None, what: str) -> None:
    """An InputError (422) for text no file or page can hold: a lone UTF-16 surrogate."""
    if value and any("\ud800" <= c <= "\udfff" for c in value):
        raise InputError(
            f"{what}: not valid text (it holds a lone surrogate, {_surrogate(value)})", 422
        )


def _surrogate(value: str) -> str:
    return next(f"U+{ord(c):04X}" for c in value if "\ud800" <= c <= "\udfff")


def checked_voice(engine: str, voice: str | None) -> str | None:
    """`voice` when `engine` offers it (for auto: when any engine does), else an InputError
    listing the voices: a voice is a name narrate knows, never a path to a model on disk."""
    voice = (voice or "").strip() or None
    if voice is None:
        return None
    refuse_unwritable(voice, "voice")
    offered: dict[str, list[str]] = {}
    for name in sorted(ENGINES) if engine == "auto" else [engine]:
        try:
            offered[name] = [v.id for v in ENGINES[name].voices()]
        except (ImportError, NarrateError):  # an engine whose package is missing offers none
            offered[name] = []
    if any(voice in ids for ids in offered.values()):
        return voice
    listed = "; ".join(f"{name}: {', '.join(ids[:12]) or 'none'}" for name, ids in offered.items())
    raise InputError(
        f"unknown voice {shortened(voice)!r} for engine {engine}: choose from {listed}", 422
    )


def checked_profiles(names: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The editions asked for (default: podcast), each a known profile, each once."""
    chosen = tuple(dict.fromkeys(names or ("podcast",)))
    for name in chosen:
        if name not in PROFILES:
            shown = shortened(name)
            raise InputError(f"unknown profile {shown!r}: choose from {', '.join(PROFILES)}", 422)
    return chosen


def _first_words(text: str, count: int = 8) -> str:
    """A name for pasted text (the title when the article has none): its first words."""
    return " ".join(re.findall(r"\w+", text)[:count])
