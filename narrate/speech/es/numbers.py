"""Spanish amounts: money, percentages, units and doses, fractions, ranges, ordinals, numbers."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.context import Context
from narrate.speech.es.spell import agreeing, cardinal, is_one, number, ordinal, split_amount
from narrate.speech.es.words import CURRENCIES, DOSE_NOUNS, PER_UNITS, SCALES, UNITS

NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_START = r"(?<![\d.,])"
_NEXT_WORD = r"(?=(?:\s+(?P<next>[^\W\d_]+))?)"

_SYMBOL = alternation(CURRENCIES)
_SCALE = rf"(?:\s(?P<scale>{alternation(SCALES)})\b(?:\sde)?)?"
_MONEY_BEFORE = re.compile(rf"(?<![\w$])(?P<sym>{_SYMBOL})\s?(?P<amount>{NUM}){_SCALE}")
_MONEY_AFTER = re.compile(rf"{_START}(?P<amount>{NUM}){_SCALE}\s?(?P<sym>€|EUR|USD|MXN)(?!\w)")


def _money(m: re.Match[str]) -> str:
    one, many, cent, cents = CURRENCIES[m["sym"]]
    amount = m["amount"]
    if m["scale"]:
        scale_one, scale_many = SCALES[m["scale"]]
        if scale_one == "mil":
            return f"{number(amount, 'm')} mil {many}"
        scale = scale_one if is_one(amount) else scale_many
        return f"{number(amount, 'm')} {scale} de {many}"
    whole, mark, fraction = split_amount(amount)
    if mark and len(fraction) == 2:
        said = f"{cardinal(whole, 'm')} {one if whole == 1 else many}"
        hundredths = int(fraction)
        if not hundredths:
            return said
        return f"{said} con {cardinal(hundredths, 'm')} {cent if hundredths == 1 else cents}"
    if mark:
        return f"{number(amount)} {many}"
    # "un millón de dólares": a round million takes "de"
    of = " de" if whole >= 1_000_000 and whole % 1_000_000 == 0 else ""
    return f"{cardinal(whole, 'm')}{of} {one if whole == 1 else many}"


def currency(ctx: Context, text: str) -> str:
    """'US$ 20' → 'veinte dólares estadounidenses', '20,50 €' → 'veinte euros con cincuenta
    céntimos', '$2 millones' → 'dos millones de dólares'."""
    text = _MONEY_BEFORE.sub(_money, text)
    return _MONEY_AFTER.sub(_money, text)


_PERCENT = re.compile(rf"{_START}({NUM})\s?%")


def percentages(ctx: Context, text: str) -> str:
    """'50 %' → 'cincuenta por ciento', '2,5 %' → 'dos coma cinco por ciento'."""
    return _PERCENT.sub(lambda m: f"{number(m[1])} por ciento", text)


_PER = rf"(?:/(?P<per>{alternation(PER_UNITS)})(?:/(?P<per2>{alternation(PER_UNITS)}))?)?"
_MEASURE = re.compile(
    rf"{_START}(?P<amount>{NUM})\s?(?P<unit>{alternation(UNITS)})(?![\w°]){_PER}(?![\w/])(?:\.(?=\s+[a-z]))?"
)
_COMPOUND = re.compile(rf"(?<![\w/])(?P<unit>{alternation(UNITS)}){_PER}(?![\w/])")


def _per(unit: str) -> str:
    singular = PER_UNITS[unit][0]
    return " al día" if singular == "día" else f" por {singular}"


def _measure(m: re.Match[str]) -> str:
    singular, many = UNITS[m["unit"]]
    gender = "f" if singular.split()[0] in ("hora", "unidad", "libra", "onza", "caloría",
                                            "kilocaloría", "respiración") else "m"  # fmt: skip
    words = f"{number(m['amount'], gender)} {singular if is_one(m['amount']) else many}"
    return words + "".join(_per(m[p]) for p in ("per", "per2") if m[p])


def units(ctx: Context, text: str) -> str:
    """'5 mg' → 'cinco miligramos', '1 mg' → 'un miligramo', '38,5 °C', 'mg/kg' →
    'miligramos por kilogramo', '10 mg/día' → 'diez miligramos al día'."""
    text = _MEASURE.sub(_measure, text)
    return _COMPOUND.sub(
        lambda m: (
            UNITS[m["unit"]][1] + "".join(_per(m[p]) for p in ("per", "per2") if m[p])
            if m["per"]
            else m[0]
        ),
        text,
    )


_HALF_DOSE = re.compile(rf"{_START}(\d+)\s*(?:½|\s1/2)\s+(?P<noun>{DOSE_NOUNS})\b")
_MIXED = re.compile(r"(?<![\d/.,])(\d+)\s*(?:½|\s(?:y\s)?1/2)(?![\d/])")
_FRACTION = re.compile(r"(?<![\d/.,])(\d+)/(\d+)(?![\d/]|[.,]\d)" + _NEXT_WORD)
_VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}
_VULGAR_CHAR = re.compile(f"([{''.join(_VULGAR)}])" + _NEXT_WORD)
_PARTS = {2: "medio", 3: "tercio", 4: "cuarto", 5: "quinto", 6: "sexto", 7: "séptimo",
          8: "octavo", 9: "noveno", 10: "décimo"}  # fmt: skip


def fraction(numerator: int, denominator: int, next_word: str = "") -> str:
    """1/2 → 'un medio' ('media tableta'), 3/4 → 'tres cuartos', 8/12 → 'ocho de doce'."""
    if denominator not in _PARTS or not 0 < numerator < denominator:
        return f"{cardinal(numerator)} de {cardinal(denominator)}"
    if denominator == 2:
        return "media" if agreeing("1", next_word) == "f" else "medio" if next_word else "un medio"
    part = _PARTS[denominator] + ("" if numerator == 1 else "s")
    return f"{cardinal(numerator, 'm')} {part}"


def _half_dose(m: re.Match[str]) -> str:
    noun = m["noun"]
    singular = noun[:-1] if noun.endswith("s") and noun != "dosis" else noun
    count = int(m[1])
    said = singular if count == 1 else singular if noun == "dosis" else singular + "s"
    return f"{cardinal(count, 'f')} {said} y media"


def fractions(ctx: Context, text: str) -> str:
    """'1/2 tableta' → 'media tableta', '1 ½ tabletas' → 'una tableta y media', '3/4' → 'tres
    cuartos'."""
    text = _HALF_DOSE.sub(_half_dose, text)
    text = _MIXED.sub(lambda m: f"{m[1]} y medio", text)
    text = _FRACTION.sub(lambda m: fraction(int(m[1]), int(m[2]), m["next"] or ""), text)
    return _VULGAR_CHAR.sub(lambda m: fraction(*_VULGAR[m[1]], m["next"] or ""), text)


_RANGE = re.compile(rf"{_START}(?P<a>{NUM})(?:\s*[–—]\s*|-|\s+-\s+)(?P<b>{NUM})(?![\d-]|[.,]\d)")


def ranges(ctx: Context, text: str) -> str:
    """'2-3 días' → '2 a 3 días', '8–10' → '8 a 10'."""
    return _RANGE.sub(lambda m: f"{m['a']} a {m['b']}", text)


_NEGATIVE = re.compile(r"(?:^|(?<=[\s(\[]))-(?=\d)")


def negatives(ctx: Context, text: str) -> str:
    """'-5 °C' → 'menos 5 °C'."""
    return _NEGATIVE.sub("menos ", text)


_ORDINAL = re.compile(
    r"(?<![\d.,])(?P<n>\d+)(?:\.?(?P<mark>[ºª])|\.°|\.?(?P<er>er)\b|\.(?P<plural>os|as)\b)"
    + _NEXT_WORD
)


def _ordinal(m: re.Match[str]) -> str:
    n = int(m["n"])
    feminine = m["mark"] == "ª" or m["plural"] == "as"
    short = bool(m["er"]) or (not feminine and agreeing(m["n"], m["next"] or "") == "m")
    return ordinal(n, feminine=feminine, plural=bool(m["plural"]), short=short)


def ordinals(ctx: Context, text: str) -> str:
    """'1.º' → 'primero', '2.ª' → 'segunda', '1.er piso' → 'primer piso', '3.os' → 'terceros'."""
    return _ORDINAL.sub(_ordinal, text)


_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])-?(?=\d)|(?<=\d)(?=[^\W\d_])")
_NUMBER = re.compile(rf"(?<!\d)(?P<n>{NUM})" + _NEXT_WORD)


def numbers(ctx: Context, text: str) -> str:
    """Every number left, agreeing with its noun: '1 tableta' → 'una tableta', '21 días' →
    'veintiún días', '1.200' → 'mil doscientos', '3,5' → 'tres coma cinco'."""
    text = _LETTER_DIGIT.sub(" ", text)
    return _NUMBER.sub(lambda m: number(m["n"], agreeing(m["n"], m["next"] or "")), text)
