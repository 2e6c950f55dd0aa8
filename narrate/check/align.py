"""Line the words heard up against the words written: which written words were heard back,
which were heard as something else, and what was heard that was never written.

Both sides are reduced to the same plain tokens first (lower case, no punctuation, numbers as
words), so "40" written and "forty" heard agree; then difflib's longest-matching-blocks
alignment pairs them in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from num2words import num2words

TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
CLOSE_ENOUGH = 0.8  # "infusion" heard for "infusions": the word was said
LOOKAHEAD = 30  # heard tokens of the next chapter a chapter's words may be found among
MAX_SUBSTITUTION = 4  # longer replaced runs are a dropped phrase plus extra text, not a mishearing


@dataclass(frozen=True)
class Token:
    """A plain token and the surface word it came from (index into the source's words)."""

    plain: str
    word: int


@dataclass(frozen=True)
class Alignment:
    """`heard_at[i]`: the heard token written token i was matched to, or None;
    `substitutions`: (written tokens, heard tokens) said one way and heard another;
    `unwritten`: runs of heard tokens that match nothing written."""

    heard_at: tuple[int | None, ...]
    substitutions: tuple[tuple[range, range], ...]
    unwritten: tuple[range, ...]


def tokens(words: list[str], language: str = "en") -> list[Token]:
    """Plain tokens of `words` (each may give several: "ketamine-assisted", "40")."""
    found = []
    for index, word in enumerate(words):
        for match in TOKEN.finditer(word.casefold()):
            for plain in _spelled(match[0].replace("’", "").replace("'", ""), language):
                found.append(Token(plain, index))
    return found


def _spelled(token: str, language: str) -> list[str]:
    if not token.isdigit() or len(token) > 9:
        return [token]
    try:
        said = num2words(int(token), lang=language)
    except (NotImplementedError, OverflowError):
        return [token]
    return [t for t in re.split(r"[^\w]+", said.casefold()) if t]


def align(written: list[Token], heard: list[Token]) -> Alignment:
    """Pair written and heard tokens in order."""
    a = [t.plain for t in written]
    b = [t.plain for t in heard]
    heard_at: list[int | None] = [None] * len(a)
    substitutions, unwritten = [], []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                heard_at[i1 + k] = j1 + k
        elif op == "insert":
            unwritten.append(range(j1, j2))
        elif op == "replace":
            if i2 - i1 == j2 - j1 and all(_close(a[i1 + k], b[j1 + k]) for k in range(i2 - i1)):
                for k in range(i2 - i1):
                    heard_at[i1 + k] = j1 + k
            elif i2 - i1 <= MAX_SUBSTITUTION and j2 - j1 <= MAX_SUBSTITUTION:
                substitutions.append((range(i1, i2), range(j1, j2)))
            else:
                unwritten.append(range(j1, j2))
    return Alignment(tuple(heard_at), tuple(substitutions), tuple(unwritten))


def align_chapters(
    written: list[Token],
    written_chapter: list[int],
    heard: list[Token],
    heard_chapter: list[int],
) -> Alignment:
    """Pair written and heard tokens chapter by chapter, in order: chapter c's words against
    what was heard from where chapter c-1's last match ended to a little into chapter c+1's
    audio (so a mark in the wrong place still finds its words). A text that repeats itself
    cannot then pair a chapter with a far-off repetition of it, and the cost stays linear."""
    heard_at: list[int | None] = [None] * len(written)
    substitutions: list[tuple[range, range]] = []
    unwritten: list[range] = []
    cursor = 0
    chapters = sorted(set(written_chapter) | set(heard_chapter))
    for number, c in enumerate(chapters):
        mine = [i for i, ch in enumerate(written_chapter) if ch == c]
        last = number == len(chapters) - 1
        end = _window_end(heard_chapter, c, cursor, last)
        local = align([written[i] for i in mine], heard[cursor:end])
        matched = [j for j in local.heard_at if j is not None]
        reach = max(matched) + 1 if matched else 0
        if last:
            reach = end - cursor
        for k, j in enumerate(local.heard_at):
            if j is not None:
                heard_at[mine[k]] = cursor + j
        for wrote, got in local.substitutions:
            if got.start < reach:
                substitutions.append((range(mine[wrote.start], mine[wrote.stop - 1] + 1),
                                      range(cursor + got.start, cursor + got.stop)))  # fmt: skip
        for run in local.unwritten:
            if run.start < reach:
                unwritten.append(range(cursor + run.start, cursor + min(run.stop, reach)))
        cursor += reach
    return Alignment(tuple(heard_at), tuple(substitutions), tuple(unwritten))


def _window_end(heard_chapter: list[int], c: int, cursor: int, last: bool) -> int:
    """Where chapter c's window of heard tokens ends: LOOKAHEAD tokens into the next chapter."""
    if last:
        return len(heard_chapter)
    end = cursor
    while end < len(heard_chapter) and heard_chapter[end] <= c:
        end += 1
    return min(end + LOOKAHEAD, len(heard_chapter))


def _close(one: str, other: str) -> bool:
    return SequenceMatcher(None, one, other).ratio() >= CLOSE_ENOUGH
