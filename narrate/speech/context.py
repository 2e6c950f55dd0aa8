"""What a normaliser rule may know besides the text: the language, region and caller's options.

Its own module so that `normalize.py` and the rule families in `en/` both import it, instead of
the rule modules reaching back into `normalize.py`.
"""

from __future__ import annotations

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
