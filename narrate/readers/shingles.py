"""Overlapping 4-word shingles: how the readers compare two readings of a page (the extractors'
agreement, a fold that copies the page, text found only inside widgets)."""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Overlapping 4-word shingles as a multiset (a shorter text is one shingle)."""
    words = WORD.findall(text)
    if len(words) < SHINGLE:
        return Counter([tuple(words)] if words else [])
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
