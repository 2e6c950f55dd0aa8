"""Roman numerals, read by what they count: 'Phase II' is 'Phase two', 'Henry VIII' is
'Henry the Eighth', and 'an IV' is the intravenous line, 'I V'. Words like 'I' and 'MIX' stay."""

from __future__ import annotations

import re

from narrate.speech.clinical_words import REGNAL_NAMES, REGNAL_TITLES, SERIES_WORDS
from narrate.speech.context import Context
from narrate.speech.en.spell import cardinal, ordinal

# 1 to 89 in I, V, X and L; M, D and C are left out so that "MIX", "DC" and "CV" stay words.
_NUMERAL = r"(?=[IVXL])(?:L?X{0,3})(?:IX|IV|V?I{0,3})"
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def value(numeral: str) -> int:
    """'XIV' → 14 (the numeral is already known to be well formed)."""
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        n = _VALUES[here]
        total += -n if after and _VALUES[after] > n else n
    return total


_SERIES_WORD = "|".join(sorted(SERIES_WORDS | {w.lower() for w in SERIES_WORDS}))
_IN_SERIES = re.compile(
    rf"\b(?P<word>{_SERIES_WORD})(?P<gap>\s+)(?P<a>{_NUMERAL})"
    rf"(?:(?P<sep>\s*[/–-]\s*)(?P<b>{_NUMERAL}))?(?![\w'-])"
)
_OUTLINE = re.compile(rf"^(?P<a>{_NUMERAL})\.(?=\s+[A-Z])", re.MULTILINE)


def _series(m: re.Match[str]) -> str:
    if m["word"].islower() and m["a"] == "I" and not m["b"]:
        return m[0]  # "the type I like", "the part I read": the pronoun
    spoken = cardinal(value(m["a"]))
    if m["b"]:
        spoken += f"-{cardinal(value(m['b']))}"
    return f"{m['word']}{m['gap']}{spoken}"


def roman_numerals_in_series(ctx: Context, text: str) -> str:
    """'Phase II' → 'Phase two', 'Type II diabetes', 'Chapter IV', 'World War II', 'II. Aims'."""
    text = _IN_SERIES.sub(_series, text)
    return _OUTLINE.sub(lambda m: cardinal(value(m["a"])) + ".", text)


_AFTER_NAME = re.compile(rf"(?<=[a-z])(?P<gap>,?\s+)(?P<a>{_NUMERAL})(?![\w'-])")
_NAME_BEFORE = re.compile(r"(?:(?P<title>[A-Z][a-z]+)\s+)?(?P<name>[A-Z][a-z]+)$")
# These stand for words too often ("I"), or for something medical ("IV"), to follow any name.
_AMBIGUOUS = {"I", "V", "X", "IV", "L"}


def _after_name(m: re.Match[str]) -> str:
    before = _NAME_BEFORE.search(m.string[: m.start()])
    if not before or before["name"] in SERIES_WORDS or m["gap"].startswith(","):
        return m[0]
    regnal = before["name"] in REGNAL_NAMES or before["title"] in REGNAL_TITLES
    if m["a"] in _AMBIGUOUS and not regnal:
        return m[0]
    return f"{m['gap']}the {ordinal(value(m['a'])).capitalize()}"


def roman_numerals_after_names(ctx: Context, text: str) -> str:
    """'Henry VIII' → 'Henry the Eighth', 'King George IV', 'John Smith III'."""
    return _AFTER_NAME.sub(_after_name, text)


_IV = re.compile(r"(?<![\w'-])IV(s)?(?![\w'-])")


def initialism_in_medical_context(ctx: Context, text: str) -> str:
    """'an IV', 'IV fluids', 'IV drip' → 'I V': after the numeral rules, IV is the line."""
    return _IV.sub(lambda m: "I V's" if m[1] else "I V", text)
