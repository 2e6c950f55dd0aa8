"""Spanish words: abbreviations, phone and emergency numbers, Roman numerals, symbols."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.context import Context
from narrate.speech.es.spell import cardinal, digits
from narrate.speech.es.words import (
    ABBREVIATIONS,
    ALWAYS_EMERGENCY,
    BEFORE_NUMBER,
    CALL_WORDS,
    EMERGENCY_NUMBERS,
    FEMININE_TITLES,
    ROMAN_AFTER,
    SYMBOL_WORDS,
)

_ABBREVIATION = re.compile(rf"(?<![\w.])({alternation(ABBREVIATIONS)})(?!\w)")
_UNDOTTED_TITLE = re.compile(r"(?<![\w.])(Dra|Dr|Sra|Srta|Sr)(?=\s+[A-ZÁÉÍÓÚÑ])")
_BEFORE_NUMBER = re.compile(rf"(?<![\w.])({alternation(BEFORE_NUMBER)})\s*(?=\d)")
_AT_END = re.compile(r"\s*$|\s+[A-ZÁÉÍÓÚÑ¿¡]")


def _abbreviation(m: re.Match[str]) -> str:
    said = ABBREVIATIONS[m[1]]
    if m[1] in FEMININE_TITLES and re.search(r"\b[Ll]a\s+$", m.string[: m.start()]):
        said = FEMININE_TITLES[m[1]]
    if m[1][0].isupper() and not m.string[: m.start()].strip(" ¿¡\"'("):
        said = said[0].upper() + said[1:]  # the first word of the text keeps its capital
    ends = m[1] == "etc." and _AT_END.match(m.string, m.end())
    return f"{said}." if ends else said  # "…, etc. Traiga…": the sentence still ends


def abbreviations(ctx: Context, text: str) -> str:
    """'Dra. Pérez' → 'doctora Pérez', 'Ud.' → 'usted', 'p. ej.' → 'por ejemplo', 'tel. 555'
    → 'teléfono 555', 'etc.' → 'etcétera'."""
    text = _BEFORE_NUMBER.sub(lambda m: f"{BEFORE_NUMBER[m[1]]} ", text)
    text = _ABBREVIATION.sub(_abbreviation, text)
    return _UNDOTTED_TITLE.sub(lambda m: ABBREVIATIONS[m[1] + "."], text)


_ALWAYS = re.compile(rf"(?<![\d$€.,-])({'|'.join(ALWAYS_EMERGENCY)})(?!\d|[.,]\d|%)")
_AFTER_CALL = re.compile(
    rf"\b({CALL_WORDS})(\s+(?:al\s+|el\s+)?)({'|'.join(sorted(EMERGENCY_NUMBERS))})(?!\d|[.,]\d)",
    re.IGNORECASE,
)


def emergency_numbers(ctx: Context, text: str) -> str:
    """'911' → 'nueve uno uno' and '112' always; 'llame al 061' likewise."""
    text = _ALWAYS.sub(lambda m: digits(m[1]), text)
    return _AFTER_CALL.sub(lambda m: m[1] + m[2] + digits(m[3]), text)


_INTERNATIONAL = re.compile(r"(?<![\w+])\+(\d{1,3})((?:[ .-]?\(?\d{1,4}\)?){2,5})(?!\d)")
_NORTH_AMERICAN = re.compile(
    r"(?<![\d-])(?:(1)[-. ])?(?:\((\d{3})\)\s?|(\d{3})[-. ])(\d{3})[-. ](\d{4})(?![\d-]|[.,]\d)"
)
_PHONE_WORDS = (
    r"(?i:tel(?:éfono)?\.?|teléfono|tfno\.?|celular|móvil|movil|fax|whatsapp|llame al|"
    r"llamar al|marque el|número)"
)
_GROUPED_AFTER_WORD = re.compile(
    rf"(\b{_PHONE_WORDS}\s*:?\s*)(\d{{2,4}}(?:[ .-]\d{{2,4}}){{2,4}})(?![\d]|[.,]\d)"
)
_IDENTIFIER = re.compile(r"(?<![\d-])\d+(?:-\d+){2,}(?![\d-]|[.,]\d)")


def _groups(*parts: str | None) -> str:
    return ", ".join(digits(part) for part in parts if part)


def phone_numbers(ctx: Context, text: str) -> str:
    """'555-123-4567' → 'cinco cinco cinco, uno dos tres, cuatro cinco seis siete'; '+34 912
    345 678' → 'más tres cuatro, nueve uno dos, …'; 'teléfono 91 234 56 78' likewise."""
    text = _INTERNATIONAL.sub(lambda m: "más " + _groups(m[1], *re.findall(r"\d+", m[2])), text)
    text = _NORTH_AMERICAN.sub(lambda m: _groups(*m.groups()), text)
    text = _GROUPED_AFTER_WORD.sub(lambda m: m[1] + _groups(*re.findall(r"\d+", m[2])), text)
    return _IDENTIFIER.sub(lambda m: _groups(*m[0].split("-")), text)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN = re.compile(rf"(?<!\w)({ROMAN_AFTER})\s+([IVXLC]{{1,7}})(?!\w)")


def _roman_value(numeral: str) -> int | None:
    total = 0
    for ch, after in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if after and _ROMAN_VALUES[after] > value else value
    canonical = _to_roman(total)
    return total if canonical == numeral else None


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def roman_numerals(ctx: Context, text: str) -> str:
    """'diabetes tipo II' → 'diabetes tipo dos', 'siglo XXI' → 'siglo veintiuno'."""

    def said(m: re.Match[str]) -> str:
        value = _roman_value(m[2])
        return f"{m[1]} {cardinal(value)}" if value else m[0]

    return _ROMAN.sub(said, text)


_SPELLED = re.compile(r"(?<![\w.-])([B-DF-HJ-NP-TV-Z]{2,5})(?![\w-])")


def initialisms(ctx: Context, text: str) -> str:
    """Capitals without a vowel are spelled: 'TSH' → 'T S H', 'PCR' → 'P C R'."""
    return _SPELLED.sub(lambda m: " ".join(m[1]), text)


_SYMBOLS = re.compile(alternation(SYMBOL_WORDS))


def symbol_words(ctx: Context, text: str) -> str:
    """'&' → 'y', '+' → 'más', '%' → 'por ciento', '>' → 'mayor que'."""
    return _SYMBOLS.sub(lambda m: SYMBOL_WORDS[m[0]], text)
