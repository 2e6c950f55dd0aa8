"""Display text → spoken text: an ordered list of small rules, one per family, per language.

Engines get plain text only (no SSML), so everything a listener should hear is written out here:
numbers as words, abbreviations expanded, symbols and emoji dropped. The rules are plain
functions `rule(ctx, text) -> text`, applied in the order of the language's `RULES`
(`en/rules.py`, `es/rules.py`, `european.py`; `neutral.py` for the others). A language's rule
modules, and the patterns they compile, are imported the first time a text in that language is
normalised, so a run pays only for the languages it reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from importlib import import_module

from narrate.speech import neutral
from narrate.speech.context import Context, Rule, context_for, reason
from narrate.speech.lexicon import Lexicon

MAX_PASSES = 4
__all__ = ["Context", "Rule", "normalize", "rules_for", "steps"]
# the module whose RULES read each language that has rules of its own
RULE_MODULES = {
    "en": "narrate.speech.en.rules",
    "es": "narrate.speech.es.rules",
    **dict.fromkeys(("fr", "de", "pt", "it"), "narrate.speech.european"),
}


@cache
def rules_for(language: str) -> tuple[Rule, ...]:
    """The rules, in order, for a primary language subtag ("en"), imported on first use."""
    module = RULE_MODULES.get(language)
    rules: tuple[Rule, ...] = import_module(module).RULES if module else neutral.RULES
    return rules


Lexicons = Lexicon | Sequence[Lexicon] | None


def steps(
    display: str,
    language: str = "en",
    *,
    lexicon: Lexicons = None,
    urls: str = "read",
    locale: str | None = None,
) -> Iterator[tuple[str | Lexicon, str]]:
    """Each step that changed the text, as (the rule's reason or the lexicon, the new text).

    The lexicons go first, in the order given (a user's before the clinical one), then the
    rules of the language, pass after pass until the text stops changing.
    """
    ctx = context_for(language, urls, locale)
    rules = rules_for(ctx.language)
    lexicons = (lexicon,) if isinstance(lexicon, Lexicon) else tuple(lexicon or ())
    text = display
    # A rule can join what an earlier one would have read ("_0.org" → "zero.org", "HIPAA0" →
    # "HIPAA zero"); another pass reads it, so the result is a fixed point, which keeps
    # re-normalising harmless.
    for _ in range(MAX_PASSES):
        before = text
        for each in lexicons:
            changed = each.apply(text)
            if changed != text:
                text = changed
                yield each, text
        for rule in rules:
            changed = rule(ctx, text)
            if changed != text:
                text = changed
                yield reason(rule), text
        if text == before:
            break


def normalize(
    display: str,
    language: str = "en",
    *,
    lexicon: Lexicons = None,
    urls: str = "read",
    locale: str | None = None,
) -> str:
    """The spoken form of `display` for a plain-text engine; the lexicons go first.

    `locale` (en-US, en-GB) overrides the region of `language` for numeric dates.
    """
    spoken = display
    for _, spoken in steps(display, language, lexicon=lexicon, urls=urls, locale=locale):  # noqa: B007
        pass
    return spoken
