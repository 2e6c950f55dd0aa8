"""Counts in words a person reads: "1 cue", "2 cues", "1 memo entry", "3 memo entries".

One helper for every message the CLI, the web app and the logs print with a number in it, so
none says "1 passages" or "about 1 seconds left".
"""

from __future__ import annotations

IRREGULAR = {"person": "people", "child": "children", "this": "these", "was": "were"}
SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")


def plural(noun: str) -> str:
    """The plural of an English noun (or of a phrase's last word): "entry" -> "entries"."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        word = IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        word = last[:-1] + "ies"
    elif last.endswith(SIBILANT_ENDS):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def count(n: int, noun: str, many: str | None = None) -> str:
    """`n` and the noun, singular for exactly one: count(1, "cue") -> "1 cue"; `many` gives an
    irregular plural."""
    word = noun if n == 1 else (many or plural(noun))
    return f"{n} {word}"


def rough_duration(seconds: float) -> str:
    """A time to wait, as a person says it: "1 second", "40 seconds", "1 minute", "12 minutes"
    (a minute or more is said in whole minutes; halves round up, as app.js's Math.round)."""
    whole = max(1, int(seconds + 0.5))
    if whole < 60:
        return count(whole, "second")
    return count(int(whole / 60 + 0.5), "minute")
