"""The rules every language's pipeline shares: plain characters, decoration, citations, list
markers, web addresses, whole numbers (for languages without rules of their own) and tidying.
narrate.speech.normalize runs them with each language's own rules (`en/rules.py`, ...)."""

from __future__ import annotations

import re
import unicodedata

from num2words import CONVERTER_CLASSES, num2words

from narrate.speech.context import Context, Rule
from narrate.speech.symbols import (
    BULLETS,
    DECORATIVE_CHARS,
    DECORATIVE_RANGES,
    INVISIBLE_CHARS,
    PLAIN_FORMS,
    URL_TLDS,
    URL_WORDS,
)


def _has_speech(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _drop(pattern: re.Pattern[str], text: str) -> str:
    """Remove every match, unless that would leave nothing to say."""
    dropped = pattern.sub(" ", text)
    return dropped if _has_speech(dropped) or not _has_speech(text) else text


# --- language-neutral rules -------------------------------------------------------------------

_INVISIBLE = re.compile(f"[{re.escape(INVISIBLE_CHARS)}]|[^\\S\n]+")
_PLAIN = re.compile("|".join(map(re.escape, PLAIN_FORMS)))


def plain_characters(ctx: Context, text: str) -> str:
    """Curly quotes to straight, invisible characters out, every decimal digit to 0-9."""
    text = _INVISIBLE.sub(lambda m: " " if m[0].isspace() else "", text)
    text = _PLAIN.sub(lambda m: PLAIN_FORMS[m[0]], text)
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text
    )


_CITATION = re.compile(r"\[(?:\d+(?:\s*[,–-]\s*\d+)*|citation needed|note \d+)\]", re.I)


def citations(ctx: Context, text: str) -> str:
    """'[12]' and '[citation needed]': marks for the eye only."""
    return _drop(_CITATION, text)


_BULLET = re.compile(rf"^[ \t]*(?:[{re.escape(BULLETS)}][ \t]+)+(?=\S)", re.MULTILINE)
_INLINE_BULLET = re.compile(r"\s*[•‣⁃◦·]\s*")
_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]+(?=\S)", re.MULTILINE)
_ITEM_END = re.compile(r"(?<=[^\W_])[ \t]*\n(?=[ \t]*\S)")


def list_markers(ctx: Context, text: str) -> str:
    """'• item' → 'item', '1) step' → '1. step'; lines of a list end with a full stop."""
    if _BULLET.search(text) or _NUMBERED.search(text):
        text = _NUMBERED.sub(r"\1. ", _BULLET.sub("", text))
        text = _ITEM_END.sub(".\n", text)
    return _INLINE_BULLET.sub(", ", text)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[^\W_](?:[\w-]*\w)?(?:\.[^\W_](?:[\w-]*\w)?)+")
_URL = re.compile(
    r"(?<![\w@.])(?:(?:https?|ftp)://|www\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"
    rf"|(?<![\w./-])(?:[a-z0-9-]+\.)+(?:{URL_TLDS.replace(' ', '|')})\b(?![.@-]?\w)"
    r"(?:/[^\s<>\"]*[^\s<>\"'.,;:!?)\]])?",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^(?:(?:https?|ftp)://)?(?:www\.)?", re.IGNORECASE)


def _read_address(ctx: Context, address: str, at: bool) -> str:
    dot, at_word = URL_WORDS.get(ctx.language, (".", "@"))
    if at:
        local, _, host = address.partition("@")
    else:
        local, host = "", re.split(r"[/?#:]", _SCHEME.sub("", address), maxsplit=1)[0]
    spoken = host.replace(".", f" {dot} ") if dot != "." else host
    if local:
        local = local.replace(".", f" {dot} ") if dot != "." else local
        spoken = f"{local} {at_word} {spoken}"
    return f" {spoken} "


def web_addresses(ctx: Context, text: str) -> str:
    """'https://www.example.org/path' → 'example dot org', 'help@clinic.org' → 'help at …'."""
    if ctx.urls == "drop":
        text = _drop(_EMAIL, text)
        text = _drop(_URL, text)
    text = _EMAIL.sub(lambda m: _read_address(ctx, m[0], at=True), text)
    return _URL.sub(lambda m: _read_address(ctx, m[0], at=False), text)


def _runs(codes: list[int]) -> str:
    """A character class's body for these code points (sorted), consecutive ones as a range:
    the class compiles in a fraction of the time of one escaped character each."""
    parts, start = [], 0
    for index in range(1, len(codes) + 1):
        if index == len(codes) or codes[index] != codes[index - 1] + 1:
            low, high = chr(codes[start]), chr(codes[index - 1])
            parts.append(re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}")
            start = index
    return "".join(parts)


_DECORATION = re.compile(
    "["
    + _runs(
        [c for low, high in DECORATIVE_RANGES for c in range(low, high + 1) if not chr(c).isalnum()]
    )
    + re.escape(DECORATIVE_CHARS)
    + "]+"
)


def decoration(ctx: Context, text: str) -> str:
    """Emoji, pictographs, arrows, dingbats, ™ and ©: seen, not said."""
    return _DECORATION.sub(" ", text)


_INTEGER = re.compile(r"(?<![\d.,:/])\d{1,9}(?![\d]|[.,:/]\d)")


def _num2words_language(language: str) -> str | None:
    return language if language in CONVERTER_CLASSES else None


def whole_numbers(ctx: Context, text: str) -> str:
    """Plain integers as words in any language num2words speaks; others keep their digits."""
    lang = _num2words_language(ctx.language)
    if lang is None:
        return text
    return _INTEGER.sub(lambda m: num2words(int(m[0]), lang=lang), text)


_TIDY = (
    (re.compile(r"\s+"), " "),
    (re.compile(r"\(\s*\)|\[\s*\]"), " "),
    (re.compile(r"\s+([,.;:!?)\]]+)(?=\s|$)"), r"\1"),
    (re.compile(r"([(\[])\s+"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"[,;:]\s*([.!?])"), r"\1"),
    (re.compile(r"([.!?])\s+\.(?!\.)"), r"\1"),
    (re.compile(rf"^(?:[\s,;:]|[{re.escape(BULLETS)}](?=\s))+|\s+$"), ""),
)


def tidy(ctx: Context, text: str) -> str:
    """One space between words, none before punctuation, no doubled or leading commas."""
    for _ in range(5):
        before = text
        for pattern, replacement in _TIDY:
            text = pattern.sub(replacement, text)
        if text == before:
            break
    return text


# the pipeline of a language with no rules of its own
RULES: tuple[Rule, ...] = (
    plain_characters,
    decoration,
    citations,
    list_markers,
    web_addresses,
    whole_numbers,
    tidy,
)
# what every language's pipeline starts with
FIRST: tuple[Rule, ...] = (plain_characters, decoration, citations, list_markers, web_addresses)
