"""Spanish number words: cardinals that agree with their noun, ordinals, decimals, digits."""

from __future__ import annotations

import re

from num2words import num2words

from narrate.speech.es.words import DIGIT_WORDS, FEMININE_NOUNS

MAX_CARDINAL_DIGITS = 15  # longer digit strings are identifiers, read digit by digit
# Words after a number that are not the thing counted: "1 de marzo", "1 y 2", "1 a 3".
NOT_NOUNS = frozenset(
    "de del y e o u a al en por para con sin que cada entre hasta desde como más menos".split()
)
_BEFORE_SCALE = re.compile(r"\b(veinti)?uno(?= (?:mil|millones|millón)\b)")


def digits(raw: str) -> str:
    """'4567' → 'cuatro cinco seis siete'."""
    return " ".join(DIGIT_WORDS[int(ch)] for ch in raw if ch.isdigit())


def cardinal(n: int, gender: str = "") -> str:
    """21 → 'veintiuno'; gender "m" before a masculine noun ('veintiún días'), "f" before a
    feminine one ('veintiuna horas', 'doscientas tabletas')."""
    if len(str(n)) > MAX_CARDINAL_DIGITS:
        return digits(str(n))
    words: str = num2words(n, lang="es")
    words = _BEFORE_SCALE.sub(lambda m: "veintiún" if m[1] else "un", words)
    if gender == "f":
        words = re.sub(r"uno\b", "una", words)
        words = re.sub(r"(?<=\w)ientos\b", "ientas", words)
        words = re.sub(r"\bquinientos\b", "quinientas", words)
        return words
    if gender == "m":
        words = re.sub(r"veintiuno$", "veintiún", words)
        words = re.sub(r"\buno$", "un", words)
    return words


def ordinal(n: int, feminine: bool = False, plural: bool = False, short: bool = False) -> str:
    """1 → 'primero', 'primera', 'primeros'; `short` before a masculine noun: 'primer piso'."""
    if len(str(n)) > MAX_CARDINAL_DIGITS:
        return digits(str(n))
    words: str = num2words(n, lang="es", to="ordinal").replace("décimo", "décimo ").strip()
    words = " ".join(words.split())
    if short and not feminine and not plural:
        return re.sub(r"(primer|tercer)o$", r"\1", words)
    if feminine:
        words = re.sub(r"o\b", "a", words)
    return words + "s" if plural else words


def split_amount(raw: str) -> tuple[int, str, str]:
    """'1.200' → (1200, '', ''), '3,5' → (3, ',', '5'), '1,200.50' → (1200, '.', '50').

    A point or comma followed by exactly three digits groups thousands (unless the whole part
    is 0); the last one followed by other digits is the decimal mark.
    """
    whole, mark, fraction = raw, "", ""
    found = re.fullmatch(r"(.*?)([.,])(\d+)", raw)
    if found and (len(found[3]) != 3 or found[1] in ("0", "")):
        whole, mark, fraction = found[1], found[2], found[3]
    return int(re.sub(r"[.,]", "", whole) or "0"), mark, fraction


def decimals(fraction: str) -> str:
    """The digits after the decimal mark: '5' → 'cinco', '25' → 'veinticinco', '05' → 'cero
    cinco' (leading zeros one by one, the rest as a number when short)."""
    zeros = len(fraction) - len(fraction.lstrip("0"))
    rest = fraction[zeros:]
    words = [DIGIT_WORDS[0]] * zeros
    if rest:
        words.append(cardinal(int(rest)) if len(rest) <= 3 else digits(rest))
    return " ".join(words)


def number(raw: str, gender: str = "") -> str:
    """A written number as words: '1.200', '1,200', '3,5' ('tres coma cinco'), '3.5' ('tres
    punto cinco'), '007' (leading zeros: digit by digit)."""
    whole_text = re.split(r"[.,]", raw)[0]
    if len(whole_text) > 1 and whole_text.startswith("0") and not re.search(r"[.,]\d{3}", raw):
        return digits(raw.replace(",", "").replace(".", ""))
    whole, mark, fraction = split_amount(raw)
    if not mark:
        return cardinal(whole, gender)
    said = "coma" if mark == "," else "punto"
    return f"{cardinal(whole)} {said} {decimals(fraction)}"


def is_one(raw: str) -> bool:
    """Whether a written amount takes the singular ('1 mg', not '1,5 mg')."""
    return raw == "1"


def gender_of(noun: str) -> str:
    """'f' for a feminine noun the rules know, else 'm'."""
    return "f" if noun.lower() in FEMININE_NOUNS else "m"


def agreeing(n_raw: str, following: str) -> str:
    """The gender a number takes from the word after it: '' when that word is not a noun."""
    word = following.lower()
    if not word or word in NOT_NOUNS or not word[0].isalpha():
        return ""
    return gender_of(word)
