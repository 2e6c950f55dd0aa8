"""Cut an over-long sentence into pieces an engine can speak: at clause boundaries first
(; : dashes, then commas, then before a conjunction), then between words, and only for a
single "word" longer than the bound (a pasted hash, a data URL) between characters.

A neural voice's memory grows faster than the length of one utterance (Piper: see
`scripts/bench_memory.py`), so no engine call may receive more than MAX_ENGINE_CHARS.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# What one engine call may receive, in characters of spoken text: about 17 s of speech. One
# Piper call peaks at 391 MB of RSS on 200 characters, 512 MB on 300, 627 MB on 400 and 1.07 GB
# on 800 (scripts/bench_memory.py --lengths); under the default 1 GB data ceiling, 400 still
# speaks and 500 do not, so 300 keeps a margin. Ordinary sentences are far shorter.
MAX_ENGINE_CHARS = 300

# Places a piece may end, strongest first: the piece ends after the mark and its space.
_CUTS = (
    re.compile(r"[;:](?=\s)|\s(?:—|–|--|-)(?=\s)"),  # ; : and a dash between words
    re.compile(r"[,)\]](?=\s)"),  # commas, closing brackets
    re.compile(r"(?=\s(?:and|but|or|nor|so|yet|because|which|while|where|when|then|"
               r"whereas|although|though|unless|until|with|without)\s)",
               re.IGNORECASE),  # fmt: skip
    re.compile(r"(?=\s)"),  # any space
)
_SPACE = re.compile(r"\s+")
# a text longer than this many limits is not measured whole (its spoken form would hardly
# shrink that much), so cutting a long sentence costs time in proportion to its length
_WHOLE_CHECK = 4

Measure = Callable[[str], int]


def split_long(text: str, limit: int = MAX_ENGINE_CHARS, measure: Measure = len) -> list[str]:
    """`text` as consecutive pieces, each with `measure(piece.strip()) <= limit` (unless one
    character alone measures more), and `"".join(pieces) == text`: a piece keeps the spaces
    after it, so only a cut inside a word joins without one.

    `measure` is how long a piece is for the engine (the spoken form of display text, which
    may be longer); each piece is the longest that fits, ending at the strongest boundary in
    its second half.
    """
    pieces: list[str] = []
    rest = text
    while rest:
        end = _piece_end(rest, limit, measure)
        pieces.append(rest[:end])
        rest = rest[end:]
    return pieces


def _piece_end(text: str, limit: int, measure: Measure) -> int:
    """Where the first piece of `text` ends (its following spaces included)."""
    if len(text) <= _WHOLE_CHECK * limit and measure(text.strip()) <= limit:
        return len(text)
    window = min(len(text), limit)  # characters: the spoken form is rarely shorter
    while True:
        end = _best_cut(text, window)
        if end <= 1 or measure(text[:end].strip()) <= limit:
            return _with_spaces(text, max(end, 1))
        window = end - 1


def _best_cut(text: str, window: int) -> int:
    """The end of the longest prefix within `window` characters that ends at the strongest
    boundary found in the window's second half (else in all of it), else the window itself."""
    for halves in (window // 2, 1):
        for cut in _CUTS:
            ends = [m.end() for m in cut.finditer(text, 0, window + 1) if halves <= m.end()]
            ends = [e for e in ends if text[:e].strip()]
            if ends:
                return ends[-1]
    return window


def _with_spaces(text: str, end: int) -> int:
    """`end` moved past the spaces that follow it, so the next piece starts with a word."""
    space = _SPACE.match(text, end)
    return space.end() if space else end
