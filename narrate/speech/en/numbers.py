"""Amounts: currency, percentages, units, fractions, ranges, ordinals and plain numbers."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.clinical_words import CLINICAL_UNITS
from narrate.speech.context import Context
from narrate.speech.en.spell import cardinal, fraction, is_one, number, ordinal, year
from narrate.speech.symbols import CURRENCIES, PER_UNITS, SCALES, SPECIAL_NUMBERS
from narrate.speech.symbols import UNITS as GENERAL_UNITS

UNITS = GENERAL_UNITS | CLINICAL_UNITS
NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+"
_START = r"(?<![\d.,])"


def _words_pattern(words: str) -> str:
    """'one hundred and five' → a pattern that also accepts 'one-hundred five'."""
    parts = [w for w in re.split(r"[\s-]+", words) if w != "and"]
    return r"[\s-]+(?:and[\s-]+)?".join(parts)


_DIGITS_IN_PARENS = re.compile(r"\s*\((\d{1,3}(?:,\d{3})*|\d+)\)")
_WORDS_IN_PARENS = re.compile(rf"{_START}(\d{{1,9}})\s*\(([A-Za-z][A-Za-z\s-]*)\)")


def repeated_numbers(ctx: Context, text: str) -> str:
    """'two (2) tablets' → 'two tablets', '2 (two) tablets' → '2 tablets': one number, once."""

    def drop_digits(m: re.Match[str]) -> str:
        value = int(m[1].replace(",", ""))
        said = _words_pattern(cardinal(value))
        before = m.string[: m.start()]
        return "" if re.search(rf"(?<![\w-]){said}$", before, re.IGNORECASE) else m[0]

    def drop_words(m: re.Match[str]) -> str:
        said = _words_pattern(cardinal(int(m[1])))
        return m[1] if re.fullmatch(said, m[2].strip(), re.IGNORECASE) else m[0]

    text = _DIGITS_IN_PARENS.sub(drop_digits, text)
    return _WORDS_IN_PARENS.sub(drop_words, text)


_SYMBOL = rf"(?:{alternation(CURRENCIES)})"
_SCALE = rf"(?:\s?(?:{alternation(SCALES)})\b)"
_CURRENCY = re.compile(
    rf"(?<![\w$])(?P<sym>{_SYMBOL})\s?(?P<amount>{NUM})(?P<scale>{_SCALE})?"
    rf"(?:\s+to\s+{_SYMBOL}?\s?(?P<amount2>{NUM})(?P<scale2>{_SCALE})?)?"
)
_DOTTED_AMOUNT = re.compile(
    rf"(?<![\w$])(?P<sym>{_SYMBOL})(?P<space>\s?)(?P<whole>\d{{1,3}}(?:\.\d{{3}}){{2,}})"
    r"(?:,(?P<cents>\d{1,2}))?(?!\d|[.,]\d)"
)


def dotted_thousands(ctx: Context, text: str) -> str:
    """'$1.234.567' → '$1,234,567' (dots between thousands, as much of Europe writes them), so
    that the currency rule reads the amount; '$1.50' and '1.2.3' stay as they are."""

    def commas(m: re.Match[str]) -> str:
        cents = f".{m['cents']}" if m["cents"] else ""
        return f"{m['sym']}{m['space']}{m['whole'].replace('.', ',')}{cents}"

    return _DOTTED_AMOUNT.sub(commas, text)


_CENTS = re.compile(rf"{_START}({NUM})\s?¢")


def _money(amount: str, scale: str | None, names: tuple[str, str, str, str]) -> str:
    one, many, cent, cents = names
    if scale:
        return f"{number(amount)} {SCALES[scale.strip()]} {many}"
    whole, _, fraction_part = amount.replace(",", "").partition(".")
    if len(fraction_part) > 2:
        return f"{number(amount)} {many}"
    units, hundredths = int(whole or "0"), int(fraction_part.ljust(2, "0") or "0")
    parts = []
    if units or not hundredths:
        parts.append(f"{cardinal(units)} {one if units == 1 else many}")
    if hundredths:
        parts.append(f"{cardinal(hundredths)} {cent if hundredths == 1 else cents}")
    return " and ".join(parts)


def _currency(m: re.Match[str]) -> str:
    names = CURRENCIES[m["sym"]]
    if not m["amount2"]:
        return _money(m["amount"], m["scale"], names)
    first = number(m["amount"]) + (f" {SCALES[m['scale'].strip()]}" if m["scale"] else "")
    return f"{first} to {_money(m['amount2'], m['scale2'], names)}"


def currency(ctx: Context, text: str) -> str:
    """'$1,200' → 'one thousand two hundred dollars', '$2.5 billion', '€5 to €10', '50¢'."""
    text = _CURRENCY.sub(_currency, text)
    return _CENTS.sub(lambda m: f"{number(m[1])} {'cent' if is_one(m[1]) else 'cents'}", text)


_PERCENT = re.compile(rf"{_START}({NUM})\s?%")


def percentages(ctx: Context, text: str) -> str:
    """'50%' → 'fifty percent'."""
    text = _PERCENT.sub(lambda m: f"{number(m[1])} percent", text)
    return text.replace("%", " percent")


_UNIT = rf"(?P<unit>{alternation(UNITS)})(?P<power>[²³])?"
_PER = rf"(?:/(?P<per>{alternation(PER_UNITS)})(?![\w/]))?"
_MEASURE = re.compile(rf"{_START}(?P<amount>{NUM})\s?{_UNIT}(?![\w°/]){_PER}(?:\.(?=\s+[a-z]))?")
_COMPOUND = re.compile(
    rf"(?<![\w/])(?P<unit>{alternation(UNITS)})/(?P<per>{alternation(PER_UNITS)})(?![\w/])"
)
_SYMBOL_UNIT = re.compile(rf"(?<![\d°])({alternation(u for u in UNITS if not u.isascii())})")
_MICRO = re.compile("[µμ]")
_BY = re.compile(rf"{_START}({NUM})\s?[x×]\s?(?=\d)")
_TIMES = re.compile(rf"{_START}({NUM})x(?!\w)")
_POWERS = {"²": "square ", "³": "cubic "}


def _measure(m: re.Match[str]) -> str:
    singular, many = UNITS[m["unit"]]
    power = _POWERS.get(m["power"] or "", "")
    words = f"{number(m['amount'])} {power}{singular if is_one(m['amount']) else many}"
    return words + (f" per {PER_UNITS[m['per']][0]}" if m["per"] else "")


def units(ctx: Context, text: str) -> str:
    """'5 mg' → 'five milligrams', '98.6°F', 'mg/kg' → 'milligrams per kilogram', '2x'."""
    text = _BY.sub(lambda m: f"{m[1]} by ", text)  # "2 x 3 cm", "10x10"
    text = _MEASURE.sub(_measure, text)
    text = _COMPOUND.sub(lambda m: f"{UNITS[m['unit']][1]} per {PER_UNITS[m['per']][0]}", text)
    text = _SYMBOL_UNIT.sub(lambda m: f" {UNITS[m[1]][1]} ", text)  # "in °F", "µg" alone
    text = _MICRO.sub(" micro", text)
    return _TIMES.sub(lambda m: f"{number(m[1])} times", text)


_SPECIAL = re.compile(rf"(?<![\d/.,])({alternation(SPECIAL_NUMBERS)})(?![\d/]|[.,]\d)")
_MIXED = re.compile(r"(?<![\d/.,])(\d+)(?:\s+(\d)/(\d+)|\s?([½¼¾⅓⅔⅛]))(?![\d/])")
_FRACTION = re.compile(r"(?<![\d/.,])(\d+)/(\d+)(?![\d/]|[.,]\d)")
_VULGAR = re.compile("[½¼¾⅓⅔⅛]")


def _mixed(m: re.Match[str]) -> str:
    if m[4]:
        return f"{m[1]} and {SPECIAL_NUMBERS[m[4]]}"
    numerator, denominator = int(m[2]), int(m[3])
    if not 0 < numerator < denominator <= 16:
        return m[0]
    return f"{m[1]} and {fraction(numerator, denominator)}"


def fractions(ctx: Context, text: str) -> str:
    """'1/2' → 'one half', '3/4' → 'three quarters', '24/7' → 'twenty-four seven'."""
    text = _MIXED.sub(_mixed, text)
    text = _SPECIAL.sub(lambda m: SPECIAL_NUMBERS[m[1]], text)
    text = _FRACTION.sub(lambda m: fraction(int(m[1]), int(m[2])), text)
    return _VULGAR.sub(lambda m: f" {SPECIAL_NUMBERS[m[0]]} ", text)  # glued to a word: "x½"


_RANGE = re.compile(
    rf"{_START}(?P<a>{NUM})(?:\s*[–—]\s*|-|\s+-\s+)(?P<sym>{_SYMBOL})?(?P<b>{NUM})(?![\d-]|[.,]\d)"
)
_YEAR_LIKE = re.compile(r"1[1-9]\d\d|20\d\d")


def _range(m: re.Match[str]) -> str:
    a, b = m["a"], m["b"]
    if _YEAR_LIKE.fullmatch(a) and _YEAR_LIKE.fullmatch(b):
        return f"{year(int(a))} to {year(int(b))}"
    return f"{a} to {m['sym'] or ''}{b}"


def ranges(ctx: Context, text: str) -> str:
    """'2–3 days' → '2 to 3 days', '1990-2000' → 'nineteen ninety to two thousand'."""
    return _RANGE.sub(_range, text)


_NEGATIVE = re.compile(r"(?:^|(?<=[\s(\[]))-(?=\.?\d)")


def negatives(ctx: Context, text: str) -> str:
    """'-5°C' → 'minus 5°C' (a hyphen before a number, not after another one)."""
    return _NEGATIVE.sub("minus ", text)


_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(?:st|nd|rd|th|ST|ND|RD|TH)\b")


def ordinals(ctx: Context, text: str) -> str:
    """'1st' → 'first', '22nd' → 'twenty-second'."""
    return _ORDINAL.sub(lambda m: ordinal(int(m[1])), text)


_ATTACHED = alternation(
    {*UNITS, *SCALES, "st", "nd", "rd", "th", "ST", "ND", "RD", "TH", "s", "x", "am", "pm"}
    | {"AM", "PM", "a.m", "p.m", "A.M", "P.M", "D", "G"}
)
_GLUED = re.compile(rf"(?<=\d)(?=[^\W\d_])(?!(?:{_ATTACHED})(?![^\W\d_]))")


def glued_numbers(ctx: Context, text: str) -> str:
    """'5apples' → '5 apples' before the word rules run; '5mg', '1st', '3pm' stay joined."""
    return _GLUED.sub(" ", text)


_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])-?(?=\d)|(?<=\d)(?=[^\W\d_])")
_NUMBER = re.compile(rf"(?<!\d)({NUM})")


def numbers(ctx: Context, text: str) -> str:
    """Every number left: '1,000' → 'one thousand', '3.14' → 'three point one four', 'B12'."""
    text = _LETTER_DIGIT.sub(" ", text)
    return _NUMBER.sub(lambda m: number(m[1]), text)
