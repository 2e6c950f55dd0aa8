"""Numbers with dots that are not decimals: codes ('X.680', 'ASN.1', 'G.711'), versions and
section numbers ('4.19.0', '2.3.4') and IPv4 addresses ('10.0.0.1').

Read as a decimal they came out as 'Xzero point six eight zero' and 'four point one
nine.zero'; a listener hears 'X dot six eighty', 'four point nineteen point zero' and
'ten dot zero dot zero dot one', the way people say them."""

from __future__ import annotations

import re

from narrate.speech.context import Context
from narrate.speech.en.spell import cardinal, digits, year

_CODE = re.compile(r"(?<![\w.])([A-Z]{1,4})\.(\d{1,4}(?:\.\d{1,6})*)(?!\d|[.,]\d)")
_DOTTED = re.compile(r"(?<![\d.,])(\d{1,6}(?:\.\d{1,6}){2,})(?![\w]|[.,]\d)")


def _part(raw: str) -> str:
    """One dotted part: '19' → 'nineteen', '05' → 'zero five', '680' → 'six eighty'."""
    if len(raw) > 1 and raw.startswith("0"):
        return digits(raw)
    value = int(raw)
    return year(value) if value >= 100 and value % 100 else cardinal(value)


def _is_address(parts: list[str]) -> bool:
    return len(parts) == 4 and all(int(p) <= 255 and str(int(p)) == p for p in parts)


def _dotted(m: re.Match[str]) -> str:
    parts = m[1].split(".")
    glued = " " if m.start() and m.string[m.start() - 1].isalpha() else ""  # 'v1.2.3'
    if _is_address(parts):
        return glued + " dot ".join(cardinal(int(p)) for p in parts)
    return glued + " point ".join(_part(p) for p in parts)


def _code(m: re.Match[str]) -> str:
    return f"{m[1]} dot " + " point ".join(_part(p) for p in m[2].split("."))


def dotted_numbers(ctx: Context, text: str) -> str:
    """'X.680' → 'X dot six eighty', '4.19.0' → 'four point nineteen point zero',
    '10.0.0.1' → 'ten dot zero dot zero dot one'."""
    text = _CODE.sub(_code, text)
    return _DOTTED.sub(_dotted, text)
