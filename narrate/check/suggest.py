"""A lexicon entry to try for a word the recogniser heard as something else: an initialism
spelled out letter by letter, any other word broken into its spoken syllables with hyphens,
which makes a voice say each part with care. A starting point the editor can change
(`narrate check --accept N --say ...`).
"""

from __future__ import annotations

import re

VOWELS = "aeiouy"
C, V = f"[^{VOWELS}]", f"[{VOWELS}]"
SYLLABLE = re.compile(rf"{C}*{V}+(?:{C}*$|{C}(?={C}))?", re.I)


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
