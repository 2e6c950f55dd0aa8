"""Why the spoken text differs from the display text: each change with the rule or lexicon
entry that made it, for `narrate script --diff` ("IV → I V  [initialism in medical context]")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from narrate.model import Cue
from narrate.speech.lexicon import Lexicon


@dataclass(frozen=True)
class Change:
    """One span of display text and what it became, with the reasons, first rule first."""

    before: str
    after: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        before = self.before or "(added)"
        return f"{before} → {self.after}  [{'; '.join(self.reasons)}]"


TIDY = "tidy"  # spacing and punctuation only: not worth a line
Steps = Iterable[tuple[str | Lexicon, str]]


def explain(display: str, steps: Steps) -> tuple[str, list[Change]]:
    """The spoken text `steps` end with, and the changes from `display` that made it.

    A span a later rule rewrites inside an earlier change is folded into that change
    ("q4h → every 4 hours" then "4 → four" is "q4h → every four hours"), so each line
    starts from the display text.
    """
    changes: list[Change] = []
    text = display
    for why, changed in steps:
        for before, after in _spans(text, changed):
            reason = why.why(before) if isinstance(why, Lexicon) else why
            _fold(changes, Change(before, after, (reason,)))
        text = changed
    kept = [c for c in changes if c.reasons != (TIDY,)]
    return text, sorted(kept, key=lambda c: display.find(c.before) if c.before else -1)


def explain_cue(cue: Cue, explained: tuple[str, list[Change]]) -> list[Change]:
    """The changes behind one cue: the normaliser's, and the place the script spoke before it."""
    spoken, changes = explained
    if cue.spoken != spoken and cue.spoken.endswith(spoken):
        place = cue.spoken[: len(cue.spoken) - len(spoken)].strip()
        where = "heading's place" if cue.kind == "heading" else "place in an ordered list"
        changes = [Change("", place, (where,)), *changes]
    return changes


def _spans(before: str, after: str) -> list[tuple[str, str]]:
    """The runs of whitespace-separated words that differ between two texts."""
    old, new = before.split(), after.split()
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        (" ".join(old[i1:i2]), " ".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _word(span: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\S){re.escape(span)}(?!\S)")


def _fold(changes: list[Change], change: Change) -> None:
    for index in range(len(changes) - 1, -1, -1):
        earlier = changes[index]
        pattern = _word(change.before)
        if change.before and pattern.search(earlier.after):
            after = pattern.sub(lambda _: change.after, earlier.after, count=1)
            reasons = earlier.reasons + tuple(r for r in change.reasons if r not in earlier.reasons)
            changes[index] = Change(earlier.before, after, reasons)
            return
    changes.append(change)


Explainer = Callable[[str], tuple[str, list[Change]]]
