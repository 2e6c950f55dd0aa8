"""Lexicon entries to try for a word the recogniser heard as something else: an initialism
spelled out letter by letter, any other word broken into its spoken syllables (with hyphens,
then with spaces), which makes a voice say each part with care. None for an address, a number
or a word narrate wrote out itself: a lexicon entry is not how those are fixed. The check
offers one only once it was synthesized and heard right (trial.py); the editor may still give
another (`narrate check --accept N --say ...`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOWELS = "aeiouy"
C, V = f"[^{VOWELS}]", f"[{VOWELS}]"
SYLLABLE = re.compile(rf"{C}*{V}+(?:{C}*$|{C}(?={C}))?", re.I)
NOT_A_WORD = re.compile(r"\d|@|/|\w\.\w|://")  # numbers, times, addresses, paths
WRITTEN_OUT = "narrate wrote this out: a number, time, unit or address"


@dataclass(frozen=True)
class Attempt:
    """A written form to try respellings of, between the words said just before and after it
    (heard in that company, as a listener hears it)."""

    written: str
    before: str
    after: str


def candidates(written: str) -> list[str]:
    """Respellings of `written` worth trying, best first; none for an address or a number."""
    if NOT_A_WORD.search(written):
        return []
    found = [respell(written), " ".join(respell(written).replace("-", " ").split())]
    return [c for c in dict.fromkeys(found) if c and c.casefold() != written.casefold()]


def respell(written: str) -> str:
    """A respelling of `written` for the lexicon, each word on its own; "" when there is none
    to offer (the respelling would be the word itself)."""
    said = " ".join(_word(word) for word in written.split())
    return "" if said == written else said


def _word(word: str) -> str:
    letters = re.sub(r"[^\w'’-]", "", word)
    if len(letters) >= 2 and letters.isupper():
        return " ".join(letters)
    parts = [p for p in re.split(r"[-–]", letters) if p]
    return "-".join(piece for part in parts for piece in _syllables(part))


def _syllables(word: str) -> list[str]:
    found = SYLLABLE.findall(word)
    if "".join(found).lower() != word.lower() or len(found) < 2:
        return [word]
    if re.fullmatch(rf"[^{VOWELS}]+e", found[-1], re.I):  # a silent final e: "mine", not "mi-ne"
        found[-2:] = [found[-2] + found[-1]]
    return found
