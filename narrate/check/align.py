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
CLOSE_JOINED = 0.9  # "ke ta mine" for "ketamine", not "a set of minophen" for "acetaminophen"
LOOKAHEAD = 30  # heard tokens of the next chapter a chapter's words may be found among
MAX_SUBSTITUTION = 4  # longer replaced runs are a dropped phrase plus extra text, not a mishearing
# a written run paired with a heard one: one for one, or one token for up to four ("k a p")
SHAPES = ((1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (3, 1), (4, 1))
MAX_CELLS = 900  # runs that differ past this (30 by 30 tokens) are not paired within


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
            groups = _groups(a[i1:i2], b[j1:j2])
            for wrote, got in groups:
                for i in wrote:
                    heard_at[i1 + i] = j1 + got.start
            for wrote, got in _gaps(groups, i2 - i1, j2 - j1):
                wrote = range(i1 + wrote.start, i1 + wrote.stop)
                got = range(j1 + got.start, j1 + got.stop)
                if not got:
                    continue  # written and not heard: the share heard says so
                if wrote and len(wrote) <= MAX_SUBSTITUTION and len(got) <= MAX_SUBSTITUTION:
                    substitutions.append((wrote, got))
                else:
                    unwritten.append(got)
    return Alignment(tuple(heard_at), tuple(substitutions), tuple(unwritten))


def _groups(a: list[str], b: list[str]) -> list[tuple[range, range]]:
    """Within a run that differs, the written and heard tokens that say the same: one for one
    ("infusion", "infusions"), or one for a few ("kap", "k a p"; "ketamine", "ke ta mine"):
    the most written tokens paired, in order (a small dynamic programme; long runs are left
    unpaired but for one-for-one pairs of a run of equal lengths)."""
    if len(a) * len(b) > MAX_CELLS:
        if len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True)):
            return [(range(k, k + 1), range(k, k + 1)) for k in range(len(a))]
        return []
    best = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    move: dict[tuple[int, int], tuple[int, int]] = {}
    for i in reversed(range(len(a) + 1)):
        for j in reversed(range(len(b) + 1)):
            options = []
            if i < len(a):
                options.append((best[i + 1][j], (1, 0)))
            if j < len(b):
                options.append((best[i][j + 1], (0, 1)))
            for p, q in SHAPES:
                if i + p <= len(a) and j + q <= len(b):
                    if _close("".join(a[i : i + p]), "".join(b[j : j + q]), p + q > 2):
                        options.append((p + best[i + p][j + q], (-p, -q)))
            if options:
                best[i][j], move[i, j] = max(options, key=lambda option: option[0])
    groups, i, j = [], 0, 0
    while (i, j) in move:
        p, q = move[i, j]
        if p < 0 or q < 0:
            groups.append((range(i, i - p), range(j, j - q)))
            p, q = -p, -q
        i, j = i + p, j + q
    return groups


def _gaps(groups: list[tuple[range, range]], a_len: int, b_len: int) -> list[tuple[range, range]]:
    """The written and heard runs between paired groups."""
    gaps, i, j = [], 0, 0
    for wrote, got in [*groups, (range(a_len, a_len), range(b_len, b_len))]:
        if wrote.start > i or got.start > j:
            gaps.append((range(i, wrote.start), range(j, got.start)))
        i, j = wrote.stop, got.stop
    return gaps


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


def _close(one: str, other: str, joined: bool = False) -> bool:
    """The same word, near enough: closer still for words run together or spelled apart."""
    return SequenceMatcher(None, one, other).ratio() >= (CLOSE_JOINED if joined else CLOSE_ENOUGH)
