"""What a normaliser rule may know besides the text: the language, region and caller's options.

Its own module so that `normalize.py` and the rule families in `en/` both import it, instead of
the rule modules reaching back into `normalize.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """The language and options one normalisation runs with."""

    language: str  # primary subtag: "en"
    region: str = ""  # lower-case region subtag: "us", "gb"
    urls: str = "read"  # "read" | "drop"


Rule = Callable[[Context, str], str]


def reason(rule: Rule) -> str:
    """What `narrate script --diff` names a rule by: its function name, in words."""
    return rule.__name__.replace("_", " ")


_LOCALE = re.compile(r"[A-Za-z]{2,3}[-_](?:[A-Za-z]{2}|\d{3})")


def check_locale(locale: str) -> str:
    """`locale` if it looks like a language tag with a region (en-US, en_GB), else ValueError."""
    if not _LOCALE.fullmatch(locale):
        raise ValueError(f"{locale!r} is not a locale; use a language and region, e.g. en-US")
    return locale


def context_for(language: str, urls: str = "read", locale: str | None = None) -> Context:
    """The Context for a language tag (en-GB), an urls choice and a locale that overrides the
    region of the language."""
    if urls not in ("read", "drop"):
        raise ValueError(f"urls must be 'read' or 'drop', not {urls!r}")
    if locale is not None:
        check_locale(locale)
    primary, _, region = language.replace("_", "-").partition("-")
    if locale:
        region = locale.replace("_", "-").partition("-")[2]
    return Context(primary.lower() or "en", region.split("-")[0].lower(), urls)
