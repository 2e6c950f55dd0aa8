"""The article's language: `--lang` if given, else what the source declares, else the text.

The readers give the language the source declares (`<html lang>`, EPUB and Word metadata,
Markdown front matter), or `UNDECLARED` when it declares none. The text decides then, through
py3langid (chosen by measurement: `scripts/bench_language.py`, docs/languages.md), and also
when a source declares English, which a reader that found no declaration used to assume and
which page templates often say of pages in another language: a confident detection of another
language wins over that "en". Too little text, or an unsure answer, keeps English.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from narrate.language_model import Detector
    from narrate.model import Article

log = logging.getLogger(__name__)

UNDECLARED = ""  # what a reader gives when the source declares no language
FALLBACK = "en"
# Languages the detector chooses among: those narrate reads by their own rules, and the
# languages US and European clinics most often serve (restricting it avoids answers such as
# Extremaduran for a short Spanish line).
CANDIDATES = tuple(
    "en es fr de pt it nl vi zh ja ko ar ru uk pl ro tr el hi bn ur fa tl ht so sw am sv da"
    " no fi cs sk hu hr sr bg he th id ms".split()
)
MIN_LETTERS = 20  # fewer letters than this say too little to judge
MIN_CONFIDENCE = 0.5  # the detector's calibrated probability of its answer
SAMPLE_CHARS = 2000  # the text read to decide: the start of the article


@cache
def _detector() -> Detector:
    """py3langid's model among CANDIDATES, from narrate's cache of it (narrate.language_model:
    no numpy, no decompression, for a text whose language is clear)."""
    from narrate import language_model

    return language_model.detector(CANDIDATES)


def detect(text: str) -> str | None:
    """The language `text` is written in ("es"), or None when it is too short or unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    return _detector().decide(sample, MIN_CONFIDENCE)


def article_text(article: Article) -> str:
    """The start of what an article says, for detection: its title and first blocks."""
    parts = [article.title]
    for section in article.sections:
        parts.extend(block.text for block in section.blocks)
        if sum(map(len, parts)) > SAMPLE_CHARS:
            break
    return "\n".join(parts)[:SAMPLE_CHARS]


def choose(given: str | None, declared: str, text: str) -> str:
    """The language to read in: `given` (--lang), else what the source declares (an HTML
    `lang`, a book's or a document's metadata, Markdown front matter), else the text's when
    it is confidently another language, else English. A declaration is trusted: an English
    page naming five doctors from Mexico is still English."""
    if given:
        return given
    if declared:
        return declared
    detected = detect(text)
    if detected and detected != FALLBACK:
        log.info("the article reads as %r (detected from its text; --lang says otherwise)",
                 detected)  # fmt: skip
        return detected
    return FALLBACK


def with_language(article: Article, given: str | None) -> Article:
    """`article` with the language it is read in (see `choose`)."""
    language = choose(given, article.language, article_text(article))
    return article if language == article.language else replace(article, language=language)
