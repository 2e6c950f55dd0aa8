"""Dates, times and years, read the way an English speaker says them."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.context import Context
from narrate.speech.en.periods import full_stop
from narrate.speech.en.spell import cardinal, ordinal, plural, year
from narrate.speech.symbols import DAY_FIRST_REGIONS, MONTH_ABBREVIATIONS, MONTHS

_MONTH = r"(?P<month>{}|(?:{})\.?)".format(
    "|".join(MONTHS), alternation(MONTH_ABBREVIATIONS)
)
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:[–—-]|\bto\b)\s*(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>1[1-9]\d\d|20\d\d))?(?![\d:])"

_ISO = re.compile(r"(?<![\d-])(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\d-])")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}{_DAY2}\b{_YEAR}")
_DAY_MONTH = re.compile(
    rf"(?<![\w.,])(?:(?P<the>[Tt]he)\s+)?{_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH}(?!\w){_YEAR}"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>1[1-9]\d\d|20\d\d)(?![\d:])")
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_DOTTED = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\w|\.\d)")  # day first, as written
_DOTTED_YEAR_FIRST = re.compile(r"(?<![\w.])(\d{4})\.(\d{1,2})\.(\d{1,2})(?!\w|\.\d)")  # 2023.12.31


def _month(name: str) -> str:
    return MONTH_ABBREVIATIONS.get(name.rstrip("."), name.rstrip("."))


def _year_suffix(m: re.Match[str]) -> str:
    return f", {year(int(m['year']))}" if m["year"] else ""


def _days(m: re.Match[str]) -> str:
    days = ordinal(int(m["day"]))
    return f"{days} to {ordinal(int(m['day2']))}" if m["day2"] else days


def _numeric(ctx: Context, m: re.Match[str], dotted: bool = False) -> str:
    first, second, y = int(m[1]), int(m[2]), int(m[3])
    if len(m[3]) == 2:
        y += 2000 if y < 50 else 1900
    day_first = (dotted and second <= 12) or ctx.region in DAY_FIRST_REGIONS or first > 12
    month, day = (second, first) if day_first else (first, second)
    if not (_real(y, month, day) if dotted else 1 <= month <= 12 and 1 <= day <= 31):
        return m[0]  # dotted, '31.04.2023' is a version or a section more likely than a date
    if day_first:
        return f"the {ordinal(day)} of {MONTHS[month - 1]}, {year(y)}"
    return f"{MONTHS[month - 1]} {ordinal(day)}, {year(y)}"


def _real(y: int, month: int, day: int) -> bool:
    """Whether the day exists ('31.04.2023' and '29.02.2023' are not dates)."""
    import datetime

    try:
        datetime.date(y, month, day)
    except ValueError:
        return False
    return True


def _year_first(m: re.Match[str]) -> str:
    y, month, day = int(m[1]), int(m[2]), int(m[3])
    if not _real(y, month, day):
        return m[0]
    return f"{MONTHS[month - 1]} {ordinal(day)}, {year(y)}"


def dates(ctx: Context, text: str) -> str:
    """'2024-03-05' and 'March 5, 2024' → 'March fifth, twenty twenty-four'; '5 March' too;
    '31.12.2023' (dots: day first) → 'the thirty-first of December, twenty twenty-three'."""
    text = _ISO.sub(
        lambda m: f"{MONTHS[int(m[2]) - 1]} {ordinal(int(m[3]))}, {year(int(m[1]))}", text
    )
    text = _MONTH_DAY.sub(lambda m: f"{_month(m['month'])} {_days(m)}{_year_suffix(m)}", text)
    text = _DAY_MONTH.sub(
        lambda m: f"{m['the'] or 'the'} {_days(m)} of {_month(m['month'])}{_year_suffix(m)}",
        text,
    )
    text = _MONTH_YEAR.sub(lambda m: f"{_month(m['month'])} {year(int(m['year']))}", text)
    text = _DOTTED_YEAR_FIRST.sub(_year_first, text)
    text = _DOTTED.sub(lambda m: _numeric(ctx, m, dotted=True), text)
    return _NUMERIC.sub(lambda m: _numeric(ctx, m), text)


_MERIDIEM = r"(?:\s?(?P<ampm>[AaPp])\.?\s?[Mm]\b\.?)"
_CLOCK = re.compile(
    r"(?<![\d:.,])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    rf"(?![\d:]){_MERIDIEM}?"
)
_HOUR_ONLY = re.compile(rf"(?<![\d:.,])(?P<hour>1[0-2]|0?[1-9]){_MERIDIEM}")
_MERIDIEM_RANGE = re.compile(r"([AaPp]\.?\s?[Mm]\b\.?)\s*[–—-]\s*(?=\d)")
_RATIO = re.compile(r"(?<![\d:.,])(\d+):(\d+)(?![\d:])")


def _minutes(minute: int) -> str:
    return f"oh {cardinal(minute)}" if minute < 10 else cardinal(minute)


def _clock(m: re.Match[str]) -> str:
    hour, minute = int(m["hour"]), int(m["minute"])
    ampm = m["ampm"]
    if ampm:
        suffix = ("AM" if ampm in "Aa" else "PM") + full_stop(m)
        if minute == 0 and hour == 12:
            return ("noon" if suffix.startswith("PM") else "midnight") + suffix[2:]
        words = cardinal(hour % 12 or 12)
        words += f" {_minutes(minute)} {suffix}" if minute else f" {suffix}"
    elif hour == 0 and minute == 0:
        words = "midnight"
    elif minute == 0:
        words = f"{cardinal(hour)} hundred" if hour > 12 else f"{cardinal(hour)} o'clock"
    else:
        words = f"{cardinal(hour)} {_minutes(minute)}"
    if m["second"]:
        words += f" and {cardinal(int(m['second']))} seconds"
    return words


def _hour_only(m: re.Match[str]) -> str:
    return f"{cardinal(int(m['hour']))} {'AM' if m['ampm'] in 'Aa' else 'PM'}{full_stop(m)}"


def times(ctx: Context, text: str) -> str:
    """'8:30 a.m.' → 'eight thirty AM', '14:00' → 'fourteen hundred', '3:1' → 'three to one'."""
    text = _MERIDIEM_RANGE.sub(r"\1 to ", text)
    text = _CLOCK.sub(_clock, text)
    text = _HOUR_ONLY.sub(_hour_only, text)
    return _RATIO.sub(lambda m: f"{m[1]} to {m[2]}", text)


_DECADE = re.compile(r"(?<![\w'])(1[1-9]|20)(\d0)'?s\b")
_SHORT_DECADE = re.compile(r"(?<![\w'])'?([1-9]0)'?s\b")
_YEAR_CONTEXT = (
    r"in|In|since|Since|by|from|From|until|till|through|to|of|during|During|before|Before|"
    r"after|After|around|circa|early|late|mid|year|spring|summer|fall|autumn|winter|between|"
    r"and|or|the|\(|AD|A\.D\."
)
_CONTEXT_YEAR = re.compile(
    rf"(?<![\w.])({_YEAR_CONTEXT})([\s-]*)(1[1-9]\d\d|20\d\d)(?![\d%]|[.,]\d)"
)
_ERA_YEAR = re.compile(r"(?<![\d.,])(\d{1,4})\s?(BC|BCE|AD|CE|B\.C\.|A\.D\.)(?!\w)")


def years(ctx: Context, text: str) -> str:
    """'1990s' → 'nineteen nineties', 'in 2023' → 'in twenty twenty-three', '44 BC'."""
    text = _DECADE.sub(lambda m: plural(year(int(m[1] + m[2]))), text)
    text = _SHORT_DECADE.sub(lambda m: plural(cardinal(int(m[1]))), text)
    text = _CONTEXT_YEAR.sub(lambda m: m[1] + m[2] + year(int(m[3])), text)
    return _ERA_YEAR.sub(lambda m: f"{year(int(m[1]))} {m[2]}", text)
