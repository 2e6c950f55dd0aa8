"""Split a paragraph into sentences, so each sentence gets its own clip and exact times."""

from __future__ import annotations

import re

from narrate.speech import symbols
from narrate.speech.clinical_words import DAY_ABBREVIATIONS, DAY_WORDS
from narrate.speech.es import words as spanish


def _bare(word: str) -> str:
    return word.rstrip(".").lower()


# Words that end with a period but rarely end a sentence (compared case-insensitively): the
# abbreviations the normaliser expands (narrate.speech.symbols), from the same lists.
ABBREVIATIONS = frozenset(
    _bare(word)
    for table in (symbols.TITLES, symbols.TITLE_OR_ADDRESS, symbols.AFTER_NAME,
                  symbols.LATIN_ABBREVIATIONS)
    for word in table
) | {_bare(short) for short, month in symbols.MONTH_ABBREVIATIONS.items() if short != month} | {
    "fig"
} | symbols.READ_ELSEWHERE | {
    _bare(word.split()[-1]) for word in spanish.ABBREVIATIONS if word.endswith(".")
}  # fmt: skip

# A sentence ends at . ! ? … (with closing quotes/brackets) followed by space and a new start
# (a capital, a digit, or Spanish's opening ¿ and ¡).
SENTENCE_FINAL = symbols.SENTENCE_FINAL

# Abbreviations that only stand before a number ("No. 5", "p. 12"), and days before a time
# ("Thurs. 7:30"); a day before a capital may end the sentence ("Closed Sun. Open Mon.").
NUMBER_ABBREVIATIONS = frozenset(_bare(word) for word in symbols.BEFORE_NUMBER) | {
    "ext", *(day.lower() for day in DAY_ABBREVIATIONS | DAY_WORDS)
} | {_bare(word) for word in spanish.BEFORE_NUMBER}

_BOUNDARY = re.compile(r"""(?<=[.!?…])["'”’)\]]*\s+(?=["'“‘(\[¿¡]?[A-Z0-9À-ÖØ-Þ¿¡])""")
_LAST_WORD = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` in order, whitespace-normalised; abbreviations do not split."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].rstrip()
        if _ends_with_abbreviation(candidate, text[match.end() : match.end() + 1]):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _ends_with_abbreviation(candidate: str, next_char: str) -> bool:
    """True when the text before a boundary ends in a known abbreviation or an initial."""
    match = _LAST_WORD.search(candidate)
    if not match or not candidate.endswith("."):
        return False
    word = match.group(1).rstrip(".").lstrip("(\"'“‘").lower()
    if word in NUMBER_ABBREVIATIONS and next_char.isdigit():
        return True
    if word in SENTENCE_FINAL:
        return False
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
