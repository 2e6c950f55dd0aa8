"""What the recogniser wrote, put the way narrate gives text to a voice, so that it compares
with the spoken script: a recogniser writes "$45", "8:30 AM" and "555-123-4567" where the
script says "forty-five dollars", "eight thirty A M" and "five five five, ...". Each heard word
goes through narrate's own normaliser (its rules and the clinical lexicon) on its own.
"""

from __future__ import annotations

from functools import cache, lru_cache

from narrate.speech.lexicon import Lexicon, clinical_lexicon
from narrate.speech.normalize import normalize


@cache
def _clinical() -> Lexicon:
    return clinical_lexicon()


@lru_cache(maxsize=8192)
def as_spoken(word: str, language: str) -> str:
    """`word`, as heard, in the spoken form narrate would have given the voice."""
    try:
        return normalize(word, language, lexicon=_clinical())
    except ValueError:  # a language tag the normaliser cannot read: the word as heard
        return word
