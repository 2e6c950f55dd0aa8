"""Bytes to text: UTF-8 or a byte-order-marked Unicode encoding first, then a guessed one."""

from __future__ import annotations

import codecs
import unicodedata

from narrate.errors import ArticleError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures worth naming when someone passes a document or an image by mistake.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF; save it and give narrate the file"),
    (b"PK\x03\x04", "a ZIP archive or Office document; save its text as .txt first"),
    (b"\x1f\x8b", "gzip-compressed data"),
)

# Windows-1252 is the most common legacy encoding of web text; charset-normalizer's guess on
# short Western text often lands on a sibling code page, so a near-tie goes to cp1252.
WESTERN = "cp1252"
WESTERN_MARGIN = 0.15
ALLOWED_CONTROLS = "\t\n\r\f\v"
MAX_CONTROL_SHARE = 0.05
MIN_BINARY_CONTROLS = 8  # fewer, in a short text, are stray characters to clean, not binary
UTF16_NUL_SHARE = 0.6  # of the high bytes, for UTF-16 without a byte-order mark


def decode(data: bytes, source: str) -> str:
    """Decode an article's bytes to text with "\\n" newlines, or raise ArticleError."""
    text = _decode_marked(data, source)
    if text is None:
        text = _decode_utf16_unmarked(data)
    if text is None:
        _reject_binary(data, source)
        text = _decode_unmarked(data, source)
    controls = _controls(text)
    share = controls / len(text) if text else 0.0
    if share > MAX_CONTROL_SHARE and controls >= MIN_BINARY_CONTROLS:
        raise ArticleError(
            source, f"looks like binary data, not an article ({share:.0%} control characters)"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")


def _decode_marked(data: bytes, source: str) -> str | None:
    """Decode data that starts with a byte-order mark; None when there is no mark."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    source,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); re-save it as UTF-8",
                ) from exc
    return None


def _decode_utf16_unmarked(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark (as some Windows tools save text): most characters of
    an article are ASCII, so every other byte is NUL, at even offsets for big-endian, odd for
    little-endian. None when the bytes do not look like that or do not decode."""
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:4096]
    half = len(sample) // 2
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= UTF16_NUL_SHARE * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _reject_binary(data: bytes, source: str) -> None:
    """Raise for known file signatures and for NUL bytes, which no text article contains."""
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise ArticleError(source, f"looks like binary data, not an article ({what})")
    if b"\x00" in data:
        raise ArticleError(source, "looks like binary data, not an article (contains NUL bytes)")


def _decode_unmarked(data: bytes, source: str) -> str:
    """Decode as UTF-8, else as charset-normalizer's best guess (cp1252 on a near-tie)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # loaded only for text that is not UTF-8

    matches = from_bytes(data)
    guess = matches.best()
    if guess is None:
        raise ArticleError(
            source,
            "cannot decode the text: it is not UTF-8 and no other encoding fits; "
            "re-save it as UTF-8",
        )
    western = next((match for match in matches if WESTERN in match.could_be_from_charset), None)
    if western is not None and western.chaos <= guess.chaos + WESTERN_MARGIN:
        return str(western)
    return str(guess)


def _controls(text: str) -> int:
    """How many control characters other than ordinary whitespace the text holds."""
    return sum(
        1 for char in text if char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"
    )
