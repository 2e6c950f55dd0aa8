"""Bytes to text: UTF-8, byte-order marks, legacy encodings, and what is not text at all."""

from __future__ import annotations

import codecs

import pytest

from narrate.errors import ArticleError
from narrate.readers.decode import decode

FRENCH = (
    "Un café au jardin\n\nLe matin, nous prenons un café crème sur la terrasse. C'est très "
    "agréable quand le soleil se lève derrière les arbres.\n\nLes voisins préfèrent le thé, "
    "mais ils goûtent volontiers une crêpe à l'heure du goûter. Ça fait plaisir, n'est-ce pas ?\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def test_utf8_is_decoded_as_is():
    assert decode("Grüße — “quoted”\n".encode(), "a.txt") == "Grüße — “quoted”\n"


def test_utf8_byte_order_mark_is_stripped():
    assert decode(codecs.BOM_UTF8 + b"Title\n", "a.txt") == "Title\n"


def test_windows_and_old_mac_newlines_become_newlines():
    assert decode(b"one\r\ntwo\rthree\n", "a.txt") == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    ("mark", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_unicode_with_byte_order_mark(mark, encoding):
    data = mark + "Grüße aus Köln ☕\r\nZweite Zeile".encode(encoding)
    assert decode(data, "a.txt") == "Grüße aus Köln ☕\nZweite Zeile"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_western_text_is_guessed(encoding):
    assert decode(FRENCH.encode(encoding), "a.txt") == FRENCH


def test_cp1252_punctuation_survives_the_guess():
    text = "Smart “quotes” — and naïve café… déjà vu. " * 4
    assert decode(text.encode("cp1252"), "a.txt") == text


def test_cp1250_text_is_not_forced_into_cp1252():
    text = "Wczoraj byłem w sklepie i kupiłem świeży chleb. Pogoda była piękna, więc poszliśmy. "
    text *= 2
    assert decode(text.encode("cp1250"), "a.txt") == text


def test_png_is_binary():
    with pytest.raises(ArticleError, match=r"binary data, not an article \(a PNG image\)"):
        decode(PNG, "photo.txt")


def test_nul_bytes_are_binary():
    with pytest.raises(ArticleError, match="binary data.*NUL bytes"):
        decode(b"text\x00with\x00nuls", "a.txt")


def test_many_control_characters_are_binary():
    with pytest.raises(ArticleError, match="binary data.*control characters"):
        decode(b"hello\x01\x02\x03\x04\x05\x06 world\x07\x08", "a.txt")


def test_undecodable_bytes_name_the_problem():
    with pytest.raises(ArticleError, match="cannot decode the text.*re-save it as UTF-8") as error:
        decode(bytes(range(128, 256)), "a.txt")
    assert error.value.source == "a.txt"


def test_broken_utf16_after_its_mark():
    with pytest.raises(ArticleError, match="utf-16-le byte-order mark but is not valid"):
        decode(codecs.BOM_UTF16_LE + b"a", "a.txt")


def test_a_stray_control_in_a_short_text_is_not_binary():
    assert decode(b"T\n\nhello \x01 world\n", "short.txt") == "T\n\nhello \x01 world\n"
