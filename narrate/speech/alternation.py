"""A regular-expression alternation of words, longest first, so "Sept" wins over "Sep"."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """`a|b|c` of the escaped words, longest first (a shorter word never cuts a longer one)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
