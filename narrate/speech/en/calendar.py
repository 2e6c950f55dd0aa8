"""Days, months and short opening times as written on office-hours pages: 'Mon–Fri',
'Tues.', 'Sept', 'Sat 10a–2p'."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.clinical_words import (
    DAY_ABBREVIATIONS,
    DAY_WORDS,
    DAYS,
    MONTHS_ALONE,
    MONTHS_DOTTED,
)
from narrate.speech.context import Context
from narrate.speech.en.periods import ends_sentence, full_stop
from narrate.speech.symbols import MONTH_ABBREVIATIONS, MONTHS

_ALL_DAYS = DAY_ABBREVIATIONS | DAY_WORDS
_ANY_DAY = rf"(?:{alternation([*DAYS, *_ALL_DAYS])})"
_DAY_ABBREVIATION = rf"(?P<day>{alternation(_ALL_DAYS)})(?P<dot>\.)?"
_RANGE_WORD = r"\s*(?:[–—-]|\bto\b|\bthrough\b|\bthru\b)\s*"
_DAY_RANGE = re.compile(
    rf"(?<![\w.-])(?P<first>{_ANY_DAY})\.?(?P<to>{_RANGE_WORD})(?P<last>{_ANY_DAY})\.?(?![\w'])"
)
_M_TO_F = re.compile(r"(?<![\w.-])M\s?[–—-]\s?F(?![\w-])")
_DAY = re.compile(rf"(?<![\w.-]){_DAY_ABBREVIATION}(?![\w'-])")
_NEXT_TO_DAY = re.compile(rf"^\s*(?:,|&|/|\band\b|\bor\b|:)?\s*{_ANY_DAY}\b")
_BEFORE_TIME = re.compile(r"^(?:\s*:|,?\s+(?=\d))")
_PREV_DAY = re.compile(
    rf"(?:\b{_ANY_DAY}\.?\s*(?:,|&|/|\band\b|\bor\b)|\b(?:closed|open|every|until|on))\s*$"
)


def _full(day: str) -> str:
    day = day.rstrip(".")
    return _ALL_DAYS.get(day, day)


def _range(m: re.Match[str]) -> str:
    to = "through" if m["to"].strip().startswith("thr") else "to"
    return f"{_full(m['first'])} {to} {_full(m['last'])}{full_stop(m)}"


def _day(m: re.Match[str]) -> str:
    day, after, before = m["day"], m.string[m.end() :], m.string[: m.start()]
    if day in DAY_WORDS and not (
        m["dot"]
        or _NEXT_TO_DAY.match(after)
        or _BEFORE_TIME.match(after)
        or _PREV_DAY.search(before)
    ):
        return m[0]  # "Sun", "Sat", "Wed" are also words
    return _full(day) + ("." if m["dot"] and ends_sentence(m) else "")


def days_of_the_week(ctx: Context, text: str) -> str:
    """'Mon–Fri' → 'Monday to Friday', 'Tues.' → 'Tuesday', 'Sat 9am' → 'Saturday 9am'."""
    text = _M_TO_F.sub("Monday to Friday", text)
    text = _DAY_RANGE.sub(_range, text)
    return _DAY.sub(_day, text)


_ANY_MONTH = alternation([*MONTHS, *MONTH_ABBREVIATIONS, *MONTHS_ALONE])
_MONTH_RANGE = re.compile(
    rf"(?<![\w.-])(?P<first>{_ANY_MONTH})\.?\s*(?:[–—-]|\bto\b|\bthrough\b)\s*"
    rf"(?P<last>{_ANY_MONTH})\.?(?![\w'])"
)
_MONTH_ALONE = re.compile(
    rf"(?<![\w.-])(?P<month>{alternation(MONTHS_ALONE)})(?P<dot>\.)?(?![\w'-])"
)


_MONTH_DOTTED = re.compile(
    rf"(?<![\w.-])(?P<month>{alternation(MONTHS_DOTTED)})(?P<dot>\.)(?![\w'-])"
)


def _month(name: str) -> str:
    name = name.rstrip(".")
    return MONTHS_ALONE.get(name) or MONTH_ABBREVIATIONS.get(name, name)


def months(ctx: Context, text: str) -> str:
    """'Jan–Mar' → 'January to March', 'until Sept.' → 'until September.'"""
    text = _MONTH_RANGE.sub(
        lambda m: f"{_month(m['first'])} to {_month(m['last'])}{full_stop(m)}", text
    )
    for pattern, names in ((_MONTH_ALONE, MONTHS_ALONE), (_MONTH_DOTTED, MONTHS_DOTTED)):

        def spoken(m: re.Match[str], names: dict[str, str] = names) -> str:
            return names[m["month"]] + ("." if m["dot"] and ends_sentence(m) else "")

        text = pattern.sub(spoken, text)
    return text


_SHORT = r"(?P<{0}>(?:1[0-2]|0?[1-9])(?::[0-5]\d)?)(?P<{0}m>[ap])(?!\w|\.\w)"
_SHORT_RANGE = re.compile(
    rf"(?<![\w:.]){_SHORT.format('a')}\s*(?:[–—-]|\bto\b)\s*{_SHORT.format('b')}"
)
_TIME_WORDS = [*DAYS, "at", "until", "till", "from", "by", "opens", "closes"]
_SHORT_AFTER = re.compile(
    rf"\b(?P<w>{alternation(_TIME_WORDS)})(?P<gap>:?\s+){_SHORT.format('a')}"
)


def _meridiem(letter: str) -> str:
    return "AM" if letter == "a" else "PM"


def short_times(ctx: Context, text: str) -> str:
    """'10a–2p' → '10 AM to 2 PM', 'Saturday 9a' → 'Saturday 9 AM', for the time rules."""
    text = _SHORT_RANGE.sub(
        lambda m: f"{m['a']} {_meridiem(m['am'])} to {m['b']} {_meridiem(m['bm'])}", text
    )
    return _SHORT_AFTER.sub(lambda m: f"{m['w']}{m['gap']}{m['a']} {_meridiem(m['am'])}", text)
