"""English number words: the building blocks the number, date and phone rules share."""

from __future__ import annotations

from num2words import num2words

from narrate.speech.symbols import DIGIT_WORDS

MAX_CARDINAL_DIGITS = 15  # longer digit strings are identifiers, read digit by digit


def digits(raw: str) -> str:
    """'4567' → 'four five six seven'."""
    return " ".join(DIGIT_WORDS[int(ch)] for ch in raw if ch.isdigit())


def _num2words(n: int, to: str = "cardinal") -> str:
    """num2words (untyped) in English, without its commas, which cause pauses."""
    words: str = num2words(n, lang="en", to=to)
    return words.replace(",", "")


def cardinal(n: int) -> str:
    """1200 → 'one thousand two hundred' (num2words without its commas, which cause pauses)."""
    if len(str(n)) > MAX_CARDINAL_DIGITS:
        return digits(str(n))
    return _num2words(n)


def ordinal(n: int) -> str:
    """21 → 'twenty-first'."""
    if len(str(n)) > MAX_CARDINAL_DIGITS:
        return digits(str(n))
    return _num2words(n, to="ordinal")


def year(n: int) -> str:
    """2023 → 'twenty twenty-three', 1905 → 'nineteen oh-five', 2005 → 'two thousand and five'."""
    return _num2words(n, to="year")


def number(raw: str) -> str:
    """A written number as words: '1,200', '3.14', '.5', '007' (leading zeros: digit by digit)."""
    whole, _, fraction = raw.replace(",", "").partition(".")
    if len(whole) > 1 and whole.startswith("0"):
        words = digits(whole)
    else:
        words = cardinal(int(whole or "0"))
    if fraction:
        words += " point " + digits(fraction)
    return words


def is_one(raw: str) -> bool:
    """Whether a written amount takes the singular ('1 mg', not '1.0 mg')."""
    return raw == "1"


def plural(words: str) -> str:
    """'nineteen ninety' → 'nineteen nineties', 'eighteen hundred' → 'eighteen hundreds'."""
    head, _, last = words.rpartition(" ")
    last = last[:-1] + "ies" if last.endswith("y") else last + "s"
    return f"{head} {last}".strip()


def fraction(numerator: int, denominator: int) -> str:
    """3/4 → 'three quarters', 8/10 → 'eight out of ten', 3/2 → 'three over two'."""
    if numerator >= denominator or denominator < 2:
        return f"{cardinal(numerator)} over {cardinal(denominator)}"
    if denominator not in (2, 3, 4, 8, 16):
        return f"{cardinal(numerator)} out of {cardinal(denominator)}"
    if denominator == 2:
        part = "half"
    elif denominator == 4:
        part = "quarter" if numerator == 1 else "quarters"
    else:
        part = ordinal(denominator) + ("" if numerator == 1 else "s")
    return f"{cardinal(numerator)} {part}"
