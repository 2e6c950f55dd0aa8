"""What the recogniser wrote, put the way narrate gives text to a voice, so that it compares
with the spoken script: a recogniser writes "$45", "8:30 AM" and "555-123-4567" where the
script says "forty-five dollars", "eight thirty A M" and "five five five, ...". Each heard word
goes through narrate's own normaliser (its rules and the clinical lexicon) after the two words
heard before it, which some rules read ("December 25, 2025" is a date, "2025" alone a number).
"""

from __future__ import annotations

from functools import cache, lru_cache

from narrate.speech.lexicon import Lexicon, clinical_lexicon
from narrate.speech.normalize import normalize

CONTEXT = 2  # words heard before a word, given to the normaliser with it


@cache
def _clinical(language: str) -> Lexicon:
    return clinical_lexicon(language)


@lru_cache(maxsize=16384)
def as_spoken(text: str, language: str) -> str:
    """`text`, as heard, in the spoken form narrate would have given the voice."""
    try:
        return normalize(text, language, lexicon=_clinical(language))
    except ValueError:  # a language tag the normaliser cannot read: the text as heard
        return text


def spoken_words(words: list[str], language: str) -> list[str]:
    """Each heard word in its spoken form, read after the words heard just before it."""
    spoken = []
    for i, word in enumerate(words):
        before = " ".join(words[max(0, i - CONTEXT) : i])
        alone = as_spoken(word, language)
        if not before or alone == word:
            spoken.append(alone)
            continue
        lead, both = as_spoken(before, language), as_spoken(f"{before} {word}", language)
        spoken.append(both[len(lead) :].strip() if both.startswith(lead) else alone)
    return spoken
