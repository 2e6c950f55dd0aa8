"""Spanish dates and times: '3 de marzo de 2026', 3/3/2026 (day first), 8:30, 14:00."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.context import Context
from narrate.speech.es.spell import cardinal
from narrate.speech.es.words import MONTH_ABBREVIATIONS, MONTHS

_MONTH = rf"(?P<month>{'|'.join(MONTHS)}|(?:{alternation(MONTH_ABBREVIATIONS)})\.?)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:(?:\s+de(?:l)?|,)?\s+(?P<year>1[1-9]\d\d|20\d\d))?(?![\d:])"
_DAY_MONTH = re.compile(rf"(?<![\w.,]){_DAY}(?:\s+de\s+|\s+|-)(?i:{_MONTH})(?!\w){_YEAR}")
_ISO = re.compile(r"(?<![\d-])(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\d-])")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|[.-]\d)")


def day(n: int) -> str:
    """1 → 'primero' (as Latin America and many Spaniards say the first), else the number."""
    return "primero" if n == 1 else cardinal(n)


def date(d: int, month: int, year: int | None) -> str:
    """'tres de marzo de dos mil veintiséis'."""
    said = f"{day(d)} de {MONTHS[month - 1]}"
    return f"{said} de {cardinal(year)}" if year else said


def _month_number(name: str) -> int:
    name = name.rstrip(".").lower()
    return MONTHS.index(MONTH_ABBREVIATIONS.get(name, name)) + 1


def _numeric(m: re.Match[str]) -> str:
    first, second, y = int(m[1]), int(m[3]), int(m[4])
    if len(m[4]) == 2:
        y += 2000 if y < 50 else 1900
    d, month = (first, second) if second <= 12 else (second, first)  # 3/15/2026: US order
    if not (1 <= month <= 12 and 1 <= d <= 31):
        return m[0]
    return date(d, month, y)


def dates(ctx: Context, text: str) -> str:
    """'3 de marzo de 2026' → 'tres de marzo de dos mil veintiséis', '1 de mayo' → 'primero de
    mayo', '03/03/2026' and '2026-03-03' likewise (day first), '3 feb. 2026'."""
    text = _ISO.sub(lambda m: date(int(m[3]), int(m[2]), int(m[1])), text)
    text = _DAY_MONTH.sub(
        lambda m: date(int(m["day"]), _month_number(m["month"]),
                       int(m["year"]) if m["year"] else None), text)  # fmt: skip
    return _NUMERIC.sub(_numeric, text)


_MERIDIEM = r"(?:\s?(?P<ampm>[AaPp])\.?\s?[Mm]\.?(?!\w))"
_CLOCK = re.compile(
    r"(?<![\d:.,])(?P<hour>[01]?\d|2[0-3])(?::|\s?h\s?)(?P<minute>[0-5]\d)(?![\d:])"
    rf"(?:\s?(?:h|hrs|horas)\b\.?)?{_MERIDIEM}?"
)
_AT_END = re.compile(r"\s*$|\s+[A-ZÁÉÍÓÚÑ¿¡]")
_HOUR_ONLY = re.compile(rf"(?<![\d:.,])(?P<hour>1[0-2]|0?[1-9]){_MERIDIEM}")


def _part_of_day(hour: int, ampm: str) -> str:
    """'de la mañana', 'de la tarde', 'de la noche', 'de la madrugada', 'del mediodía'."""
    if ampm in "Aa":
        return (
            "de la madrugada" if 1 <= hour <= 5 else "de la noche" if hour == 12 else "de la mañana"
        )
    return "del mediodía" if hour == 12 else "de la tarde" if hour <= 7 else "de la noche"


def _clock(m: re.Match[str]) -> str:
    hour, minute, ampm = int(m["hour"]), int(m["minute"]), m["ampm"]
    if ampm:
        words = cardinal(hour % 12 or 12, "f")
        words += f" y {cardinal(minute)}" if minute else ""
        return f"{words} {_part_of_day(hour % 12 or 12, ampm)}"
    if hour > 12 or hour == 0:  # the 24-hour clock: 'catorce horas', 'catorce treinta'
        return (
            f"{cardinal(hour, 'f')} horas"
            if not minute
            else f"{cardinal(hour, 'f')} {cardinal(minute)}"
        )
    words = cardinal(hour, "f")
    return f"{words} y {cardinal(minute)}" if minute else words


def full_stop(m: re.Match[str]) -> str:
    """'.' when a time's 'p. m.' also ended its sentence ('…a las 3 p. m. Traiga…')."""
    return "." if m[0].endswith(".") and _AT_END.match(m.string, m.end()) else ""


def times(ctx: Context, text: str) -> str:
    """'8:30' → 'ocho y treinta', '14:00' → 'catorce horas', '3:15 p. m.' → 'tres y quince de
    la tarde', '8 a. m.' → 'ocho de la mañana'."""
    text = _CLOCK.sub(lambda m: _clock(m) + full_stop(m), text)
    return _HOUR_ONLY.sub(
        lambda m: (
            f"{cardinal(int(m['hour']), 'f')} {_part_of_day(int(m['hour']), m['ampm'])}"
            + full_stop(m)
        ),
        text,
    )
