"""Phone numbers, emergency numbers, identifiers and placeholders: read digit by digit."""

from __future__ import annotations

import re

from narrate.speech.context import Context
from narrate.speech.en.spell import digits
from narrate.speech.symbols import ALWAYS_EMERGENCY, CALL_WORDS, EMERGENCY_NUMBERS

_X = r"[Xx#]"
_PHONE_PLACEHOLDER = re.compile(
    rf"(?<![\w-])(?:\(\s*{_X}{{3}}\s*\)\s*|{_X}{{3}}[-. ])?{_X}{{3}}[-. ]{_X}{{4}}(?![\w-])"
)
_OTHER_PLACEHOLDER = re.compile(rf"(?<![\w-]){_X}{{2,}}(?:[-.]{_X}{{2,}})+(?![\w-])")


def placeholders(ctx: Context, text: str) -> str:
    """'XXX-XXX-XXXX' → 'a phone number', 'XX-XXXX' → 'a number': template residue, said once."""
    text = _PHONE_PLACEHOLDER.sub("a phone number", text)
    return _OTHER_PLACEHOLDER.sub("a number", text)


_DOTTED_911 = re.compile(r"(?<![\d-])9-1-1(?![\d-])")
_ALWAYS = re.compile(rf"(?<![\d$£€¥₹.,-])({'|'.join(ALWAYS_EMERGENCY)})(?!\d|[.,]\d|%)")
_AFTER_CALL = re.compile(
    rf"\b({CALL_WORDS})(\s+|\s+us\s+at\s+|\s+on\s+)({'|'.join(sorted(EMERGENCY_NUMBERS))})"
    r"(?!\d|[.,]\d)",
    re.IGNORECASE,
)


def emergency_numbers(ctx: Context, text: str) -> str:
    """'911' → 'nine one one' always; 'call 999', 'dial 112', 'text 988' likewise."""
    text = _DOTTED_911.sub(lambda m: digits("911"), text)
    text = _ALWAYS.sub(lambda m: digits(m[1]), text)
    return _AFTER_CALL.sub(lambda m: m[1] + m[2] + digits(m[3]), text)


_INTERNATIONAL = re.compile(r"(?<![\w+])\+(\d{1,3})((?:[ .-]?\(?\d{1,4}\)?){2,5})(?![\d])")
_NORTH_AMERICAN = re.compile(
    r"(?<![\d-])(?:(1)[-. ])?(?:\((\d{3})\)\s?|(\d{3})[-. ])(\d{3})[-. ](\d{4})(?![\d-]|[.,]\d)"
)
_IDENTIFIER = re.compile(r"(?<![\d-])\d+(?:-\d+){2,}(?![\d-]|[.,]\d)")


def _groups(*parts: str | None) -> str:
    return ", ".join(digits(part) for part in parts if part)


def phone_numbers(ctx: Context, text: str) -> str:
    """'555-123-4567' → 'five five five, one two three, four five six seven'; also IDs."""
    text = _INTERNATIONAL.sub(lambda m: "plus " + _groups(m[1], *re.findall(r"\d+", m[2])), text)
    text = _NORTH_AMERICAN.sub(lambda m: _groups(*m.groups()), text)
    return _IDENTIFIER.sub(lambda m: _groups(*m[0].split("-")), text)
