"""Whether the period of an abbreviation also ends the sentence: one answer for every rule."""

from __future__ import annotations

import re

_NEXT_SENTENCE = re.compile(r"\s+[A-Z\"]")


def ends_sentence(m: re.Match[str]) -> bool:
    """True when nothing but space follows the match, or a capital after a space."""
    rest = m.string[m.end() :]
    return not rest.strip() or bool(_NEXT_SENTENCE.match(rest))


def full_stop(m: re.Match[str]) -> str:
    """'.' when the match ends with a period that also ends the sentence ('at 8 a.m.'), else ''."""
    return "." if m[0].endswith(".") and ends_sentence(m) else ""
