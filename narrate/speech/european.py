"""French, German, Portuguese and Italian: numbers, dates, times, money and percentages, with
num2words for the words and each language's conventions (decimal comma, day-first dates,
"8 h 30", "14.00 Uhr") kept as data in `LANGUAGES`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from num2words import num2words

from narrate.speech import addresses, neutral
from narrate.speech.context import Context, Rule
from narrate.speech.es.spell import split_amount

NUM = r"\d{1,3}(?:[.,\u202f ]\d{3})+(?:,\d+)?(?![\d])|\d+(?:[.,]\d+)?"
_START = r"(?<![\d.,])"


@dataclass(frozen=True)
class Conventions:
    """How one language says numbers, dates, times and money."""

    code: str  # num2words' language
    comma: str  # the decimal comma read aloud
    point: str  # a decimal point read aloud
    months: tuple[str, ...]
    first: str  # the first of the month ("premier", "primeiro", "primo"); "" for the number
    date: str  # "{day} {month} {year}"
    clock: str  # "{hour} heures {minute}"
    hour: str  # "{hour} heures" (a whole hour)
    percent: str
    currencies: dict[str, tuple[str, str, str, str]]  # symbol: (one, many, cent, cents)
    money: str  # "{units} {name} et {cents} {cent}"


def _months(names: str) -> tuple[str, ...]:
    return tuple(names.split())


LANGUAGES: dict[str, Conventions] = {
    "fr": Conventions("fr", "virgule", "point", _months(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
        "premier", "{day} {month} {year}", "{hour} heures {minute}", "{hour} heures",
        "pour cent", {"€": ("euro", "euros", "centime", "centimes"),
                      "euros": ("euro", "euros", "centime", "centimes"),
                      "$": ("dollar", "dollars", "cent", "cents"),
                      "£": ("livre", "livres", "penny", "pence")},
        "{units} {name} et {cents} {cent}"),
    "de": Conventions("de", "Komma", "Punkt", _months(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"),
        "", "{day} {month} {year}", "{hour} Uhr {minute}", "{hour} Uhr", "Prozent",
        {"€": ("Euro", "Euro", "Cent", "Cent"), "Euro": ("Euro", "Euro", "Cent", "Cent"),
         "$": ("Dollar", "Dollar", "Cent", "Cent"),
         "£": ("Pfund", "Pfund", "Penny", "Pence")},
        "{units} {name} und {cents} {cent}"),
    "pt": Conventions("pt", "vírgula", "ponto", _months(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
        "dezembro"), "primeiro", "{day} de {month} de {year}", "{hour} e {minute}",
        "{hour} horas", "por cento",
        {"€": ("euro", "euros", "cêntimo", "cêntimos"),
         "euros": ("euro", "euros", "cêntimo", "cêntimos"), "R$": ("real", "reais", "centavo",
         "centavos"), "$": ("dólar", "dólares", "centavo", "centavos")},
        "{units} {name} e {cents} {cent}"),
    "it": Conventions("it", "virgola", "punto", _months(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre"), "primo", "{day} {month} {year}", "{hour} e {minute}", "{hour}",
        "per cento", {"€": ("euro", "euro", "centesimo", "centesimi"),
                      "euro": ("euro", "euro", "centesimo", "centesimi"),
                      "$": ("dollaro", "dollari", "centesimo", "centesimi"),
                      "£": ("sterlina", "sterline", "penny", "pence")},
        "{units} {name} e {cents} {cent}"),
}  # fmt: skip


LONGEST_NUMBER = 15  # digits: longer is a code (an invoice key, a case number), said digit by digit


def _words(n: int, c: Conventions) -> str:
    if len(str(n)) > LONGEST_NUMBER:  # num2words overflows (pt) or says "quadrilliard" (fr)
        return " ".join(str(num2words(int(digit), lang=c.code)) for digit in str(n))
    return str(num2words(n, lang=c.code))


def number(raw: str, c: Conventions) -> str:
    """'1.200' or '1 200' → the thousands, '3,5' → 'trois virgule cinq'."""
    whole, mark, fraction = split_amount(re.sub(r"[\u202f ]", "", raw))
    said = _words(whole, c)
    if mark:
        zeros = len(fraction) - len(fraction.lstrip("0"))
        rest = fraction[zeros:]
        tail = [_words(0, c)] * zeros + ([_words(int(rest), c)] if rest else [])
        said += f" {c.comma if mark == ',' else c.point} {' '.join(tail)}"
    return said


def _c(ctx: Context) -> Conventions:
    return LANGUAGES[ctx.language]


def _date(c: Conventions, day: int, month: int, year: int | None) -> str:
    if c.code == "de":
        said = f"{num2words(day, lang='de', to='ordinal')}n {c.months[month - 1]}"
    else:
        said = f"{c.first if day == 1 and c.first else _words(day, c)} "
        said += f"{'de ' if c.code == 'pt' else ''}{c.months[month - 1]}"
    if year is None:
        return said
    return f"{said}{' de' if c.code == 'pt' else ''} {_words(year, c)}"


_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/]|[.]\d)")
_ISO = re.compile(r"(?<![\d-])(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\d-])")


def dates(ctx: Context, text: str) -> str:
    """'03/03/2026' and '3. März 2026' → 'dritten März zweitausendsechsundzwanzig', '1er mars'
    → 'premier mars', '3 de março de 2026' (day first in every one of these languages)."""
    c = _c(ctx)
    months = "|".join(c.months)
    named = re.compile(
        rf"(?<![\w.,])(?P<day>[12]\d|3[01]|0?[1-9])(?:\.|er|º|°)?\s+(?:de\s+)?(?P<month>{months})"
        rf"(?:\s+(?:de\s+)?(?P<year>1[1-9]\d\d|20\d\d))?(?![\w:])",
        re.IGNORECASE,
    )

    def said(m: re.Match[str]) -> str:
        month = [x.lower() for x in c.months].index(m["month"].lower()) + 1
        return _date(c, int(m["day"]), month, int(m["year"]) if m["year"] else None)

    def numeric(m: re.Match[str]) -> str:
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        return _date(c, day, month, year) if 1 <= month <= 12 and 1 <= day <= 31 else m[0]

    text = _ISO.sub(lambda m: _date(c, int(m[3]), int(m[2]), int(m[1])), text)
    text = named.sub(said, text)
    return _NUMERIC.sub(numeric, text)


_CLOCK = re.compile(
    r"(?<![\d:.,])(?P<hour>[01]?\d|2[0-3])(?:\s?[:h.]\s?)(?P<minute>[0-5]\d)(?![\d:])"
    r"(?:\s?(?:Uhr|h)\b)?"
)
_WHOLE_HOUR = re.compile(r"(?<![\d:.,])(?P<hour>[01]?\d|2[0-3])\s?(?:h|Uhr)(?!\w)")


def times(ctx: Context, text: str) -> str:
    """'8:30', '8 h 30', '8h30', '14.00 Uhr' → 'huit heures trente', 'acht Uhr dreißig'."""
    c = _c(ctx)

    def clock(m: re.Match[str]) -> str:
        hour, minute = _words(int(m["hour"]), c), int(m["minute"])
        if not minute:
            return c.hour.format(hour=hour)
        return c.clock.format(hour=hour, minute=_words(minute, c))

    text = _CLOCK.sub(clock, text)
    return _WHOLE_HOUR.sub(lambda m: c.hour.format(hour=_words(int(m["hour"]), c)), text)


def currency(ctx: Context, text: str) -> str:
    """'20 €', '€20', '20,50 €' → 'vingt euros et cinquante centimes', 'R$ 20' → 'vinte reais'."""
    c = _c(ctx)
    symbols = "|".join(re.escape(s) for s in sorted(c.currencies, key=len, reverse=True))
    before = re.compile(rf"(?<![\w$])(?P<sym>{symbols})\s?(?P<amount>{NUM})")
    after = re.compile(rf"{_START}(?P<amount>{NUM})\s?(?P<sym>{symbols})(?!\w)")

    def money(m: re.Match[str]) -> str:
        one, many, cent, cents = c.currencies[m["sym"]]
        whole, mark, fraction = split_amount(re.sub(r"[\u202f ]", "", m["amount"]))
        units = f"{_words(whole, c)} {one if whole == 1 else many}"
        if not mark or len(fraction) != 2 or not int(fraction):
            return f"{number(m['amount'], c)} {many}" if mark and int(fraction or 0) else units
        hundredths = int(fraction)
        return c.money.format(
            units=_words(whole, c),
            name=one if whole == 1 else many,
            cents=_words(hundredths, c),
            cent=cent if hundredths == 1 else cents,
        )

    return after.sub(money, before.sub(money, text))


def percentages(ctx: Context, text: str) -> str:
    """'50 %' → 'cinquante pour cent', '2,5 %' → 'zwei Komma fünf Prozent'."""
    c = _c(ctx)
    return re.sub(rf"{_START}({NUM})\s?%", lambda m: f"{number(m[1], c)} {c.percent}", text)


_NUMBER = re.compile(rf"(?<![\d])({NUM})")


def numbers(ctx: Context, text: str) -> str:
    """Every number left, with the language's decimal comma: '3,5' → 'tre virgola cinque'."""
    c = _c(ctx)
    return _NUMBER.sub(lambda m: number(m[1], c), text)


RULES: tuple[Rule, ...] = (
    addresses.network_addresses,  # before the dots are taken for thousands separators
    *neutral.FIRST,
    dates,
    times,
    currency,
    percentages,
    numbers,
    neutral.tidy,
)
