"""Abbreviations, initialisms, slashes and symbols: the words behind the written shorthand."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.clinical_words import CLINICAL_INITIALISMS
from narrate.speech.context import Context
from narrate.speech.en.periods import ends_sentence
from narrate.speech.symbols import (
    ACRONYMS,
    AFTER_NAME,
    BEFORE_NUMBER,
    INITIALISMS,
    LATIN_ABBREVIATIONS,
    SLASH_WORDS,
    SYMBOL_WORDS,
    TITLE_OR_ADDRESS,
    TITLES,
    WORD_SUBSTITUTIONS,
)

_LATIN = re.compile(
    rf"(?<![^\W\d_])(?<!\.)({alternation(LATIN_ABBREVIATIONS)})(?!\w)", re.IGNORECASE
)
_VERSUS = re.compile(r"(?<=\w )v\.(?= [A-Z])")


def _latin(m: re.Match[str]) -> str:
    written = m[1]
    spoken = LATIN_ABBREVIATIONS[written.lower()]
    if written[0].isupper() and not written.isupper():
        spoken = spoken[0].upper() + spoken[1:]
    if written.lower() in ("etc.", "et al.") and ends_sentence(m):
        spoken += "."
    return spoken


def latin_abbreviations(ctx: Context, text: str) -> str:
    """'e.g.' → 'for example', 'i.e.' → 'that is', 'etc.' → 'et cetera', 'Roe v. Wade'."""
    text = _VERSUS.sub("versus", text)
    return _LATIN.sub(_latin, text)


_TITLE = re.compile(
    rf"\b(?:(Mr|Mrs|Ms|Mx|Prof)\.?|({alternation(set(TITLES) - {'Mr', 'Mrs', 'Ms', 'Mx'})})\.)"
    r"(?=\s+[A-Z])"
)
_TITLE_OR_ADDRESS = re.compile(rf"(?<![\w.])({alternation(TITLE_OR_ADDRESS)})(\.)?(?![\w'])")
_WORD_BEFORE = re.compile(r"([A-Z][\w'-]*|\d\w*)\s+$")
_AFTER_NAME = re.compile(rf"(?<=\w)(,?\s+)({alternation(AFTER_NAME)})(\.)?(?![\w'])")
_BEFORE_NUMBER = re.compile(rf"(?<![\w.])({alternation(BEFORE_NUMBER)})\.\s*(?=\d)")
_NUMBER_SIGN = re.compile(r"(?<![\w&])#\s?(?=\d)")


def _is_street(m: re.Match[str]) -> bool:
    """'Oak Dr', '5th St', '12 Main St': a street name comes before, not a sentence start."""
    before = m.string[: m.start()]
    word = _WORD_BEFORE.search(before)
    if not word:
        return False
    if word[1][0].isdigit():
        return True
    earlier = before[: word.start()].rstrip()
    return bool(earlier) and earlier[-1] not in ".!?:;\"'(“"


def _title_or_address(m: re.Match[str]) -> str:
    title, address = TITLE_OR_ADDRESS[m[1]]
    name_follows = re.match(r"\s+[A-Z]", m.string[m.end() :])
    after_word = _WORD_BEFORE.search(m.string[: m.start()])
    if not _is_street(m) and (name_follows or not after_word):
        return title
    return address + ("." if m[2] and ends_sentence(m) else "")


def titles_and_addresses(ctx: Context, text: str) -> str:
    """'Dr. Smith' → 'Doctor Smith', '12 Oak Dr.' → '12 Oak Drive', 'St. Mary's', 'No. 5'."""
    text = _TITLE.sub(lambda m: TITLES[m[1] or m[2]], text)
    text = _TITLE_OR_ADDRESS.sub(_title_or_address, text)
    text = _AFTER_NAME.sub(
        lambda m: m[1] + AFTER_NAME[m[2]] + ("." if m[3] and ends_sentence(m) else ""), text
    )
    text = _BEFORE_NUMBER.sub(lambda m: BEFORE_NUMBER[m[1]] + " ", text)
    return _NUMBER_SIGN.sub("number ", text)


_SUBSTITUTION = re.compile(rf"(?<![\w-])({alternation(WORD_SUBSTITUTIONS)})(?![\w-])")
_SLASH_WORD = re.compile(rf"(?<![\w/])({alternation(SLASH_WORDS)})(?![\w/])", re.IGNORECASE)
_WORD_SLASH_WORD = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


def word_substitutions(ctx: Context, text: str) -> str:
    """'OK' → 'okay', 'and/or' → 'and or', 'w/o' → 'without', 'yes/no' → 'yes or no'."""
    text = _SUBSTITUTION.sub(lambda m: WORD_SUBSTITUTIONS[m[1]], text)
    lowered = {k.lower(): v for k, v in SLASH_WORDS.items()}
    text = _SLASH_WORD.sub(lambda m: lowered[m[1].lower()], text)
    return _WORD_SLASH_WORD.sub(" or ", text)


_CAPITALS = re.compile(r"(?<![A-Za-z'-])([A-Z]{2,})(s|'s)?(?![A-Za-z'])")
_ROMAN = re.compile(r"[IVX]+")


def _has_vowel(word: str) -> bool:
    return any(ch in "AEIOU" for ch in word) or "Y" in word[1:]


def _capitals(m: re.Match[str]) -> str:
    word, suffix = m[1], m[2]
    if word in ACRONYMS or _ROMAN.fullmatch(word):
        return m[0]
    listed = word in INITIALISMS or word in CLINICAL_INITIALISMS
    if listed or (len(word) <= 4 and not _has_vowel(word)):
        return " ".join(word) + ("'s" if suffix else "")
    return m[0]


def initialisms(ctx: Context, text: str) -> str:
    """'PTSD' → 'P T S D', 'FBI' → 'F B I', 'CDs' → 'C D's'; 'NASA' and unknown words stay."""
    return _CAPITALS.sub(_capitals, text)


_DASH = re.compile(r"\s*(?:—|–|--)\s*|\s+-\s+")
_SYMBOLS = re.compile(alternation(SYMBOL_WORDS))


def symbol_words(ctx: Context, text: str) -> str:
    """'&' → 'and', '+' → 'plus', a dash between words → a comma's pause, stray '/' → space."""
    text = _DASH.sub(", ", text)
    text = _SYMBOLS.sub(lambda m: SYMBOL_WORDS[m[0]], text)
    return text.replace("/", " ")
