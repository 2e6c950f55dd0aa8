"""Display text → spoken text: an ordered list of small rules, one per family, per language.

Engines get plain text only (no SSML), so everything a listener should hear is written out here:
numbers as words, abbreviations expanded, symbols and emoji dropped. The rules are plain
functions `rule(ctx, text) -> text`, applied in the order of `PIPELINES[language]`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from num2words import CONVERTER_CLASSES, num2words

from narrate.speech import european
from narrate.speech.context import Context, Rule, context_for, reason
from narrate.speech.en import (
    calendar,
    clinical,
    copyright,
    dates,
    dotted,
    numbers,
    phone,
    roman,
    words,
)
from narrate.speech.es import clinical as es_clinical
from narrate.speech.es import dates as es_dates
from narrate.speech.es import numbers as es_numbers
from narrate.speech.es import text as es_text
from narrate.speech.lexicon import Lexicon
from narrate.speech.symbols import (
    BULLETS,
    DECORATIVE_CHARS,
    DECORATIVE_RANGES,
    INVISIBLE_CHARS,
    PLAIN_FORMS,
    URL_TLDS,
    URL_WORDS,
)

MAX_PASSES = 4
__all__ = ["Context", "Rule", "normalize", "steps"]


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


_DECORATION = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for low, high in DECORATIVE_RANGES
        for c in range(low, high + 1)
        if not chr(c).isalnum()
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


# --- the pipelines ----------------------------------------------------------------------------

PIPELINES: dict[str, tuple[Rule, ...]] = {
    "en": (
        plain_characters,
        copyright.copyright_marks,
        decoration,
        citations,
        list_markers,
        web_addresses,
        clinical.mixed_case_initialisms,
        clinical.extensions_and_relay_numbers,
        clinical.dosing_shorthand,
        clinical.clinical_abbreviations,
        calendar.short_times,
        calendar.days_of_the_week,
        calendar.months,
        clinical.counts_per_period,
        clinical.dose_fractions,
        clinical.blood_pressure,
        clinical.comparisons,
        clinical.ages_and_counts,
        roman.roman_numerals_in_series,
        roman.roman_numerals_after_names,
        roman.initialism_in_medical_context,
        clinical.credentials_after_names,
        numbers.glued_numbers,
        words.latin_abbreviations,
        words.titles_and_addresses,
        phone.placeholders,
        numbers.repeated_numbers,
        phone.emergency_numbers,
        dates.dates,
        phone.phone_numbers,
        dotted.dotted_numbers,
        numbers.negatives,
        numbers.ranges,
        numbers.currency,
        dates.times,
        numbers.percentages,
        numbers.units,
        dates.years,
        numbers.ordinals,
        numbers.fractions,
        numbers.numbers,
        words.word_substitutions,
        words.initialisms,
        words.symbol_words,
        tidy,
    ),
    "es": (
        plain_characters,
        decoration,
        citations,
        list_markers,
        web_addresses,
        es_clinical.routes,
        es_clinical.dosing_shorthand,
        es_text.abbreviations,
        es_text.roman_numerals,
        es_clinical.comparisons,
        es_clinical.blood_pressure,
        es_text.emergency_numbers,
        es_dates.dates,
        es_text.phone_numbers,
        es_dates.times,
        es_numbers.negatives,
        es_numbers.ranges,
        es_numbers.currency,
        es_numbers.percentages,
        es_numbers.ordinals,
        es_numbers.units,
        es_numbers.fractions,
        es_numbers.numbers,
        es_text.initialisms,
        es_text.symbol_words,
        tidy,
    ),
}
EUROPEAN_PIPELINE: tuple[Rule, ...] = (
    plain_characters,
    decoration,
    citations,
    list_markers,
    web_addresses,
    european.dates,
    european.times,
    european.currency,
    european.percentages,
    european.numbers,
    tidy,
)
PIPELINES.update(dict.fromkeys(european.LANGUAGES, EUROPEAN_PIPELINE))
NEUTRAL_PIPELINE: tuple[Rule, ...] = (
    plain_characters,
    decoration,
    citations,
    list_markers,
    web_addresses,
    whole_numbers,
    tidy,
)


Lexicons = Lexicon | Sequence[Lexicon] | None


def steps(
    display: str,
    language: str = "en",
    *,
    lexicon: Lexicons = None,
    urls: str = "read",
    locale: str | None = None,
) -> Iterator[tuple[str | Lexicon, str]]:
    """Each step that changed the text, as (the rule's reason or the lexicon, the new text).

    The lexicons go first, in the order given (a user's before the clinical one), then the
    rules of the language, pass after pass until the text stops changing.
    """
    ctx = context_for(language, urls, locale)
    rules = PIPELINES.get(ctx.language, NEUTRAL_PIPELINE)
    lexicons = (lexicon,) if isinstance(lexicon, Lexicon) else tuple(lexicon or ())
    text = display
    # A rule can join what an earlier one would have read ("_0.org" → "zero.org", "HIPAA0" →
    # "HIPAA zero"); another pass reads it, so the result is a fixed point, which keeps
    # re-normalising harmless.
    for _ in range(MAX_PASSES):
        before = text
        for each in lexicons:
            changed = each.apply(text)
            if changed != text:
                text = changed
                yield each, text
        for rule in rules:
            changed = rule(ctx, text)
            if changed != text:
                text = changed
                yield reason(rule), text
        if text == before:
            break


def normalize(
    display: str,
    language: str = "en",
    *,
    lexicon: Lexicons = None,
    urls: str = "read",
    locale: str | None = None,
) -> str:
    """The spoken form of `display` for a plain-text engine; the lexicons go first.

    `locale` (en-US, en-GB) overrides the region of `language` for numeric dates.
    """
    spoken = display
    for _, spoken in steps(display, language, lexicon=lexicon, urls=urls, locale=locale):  # noqa: B007
        pass
    return spoken
