"""Which lines of a PDF are headings, and at what level; and what the document is called.

Best evidence first: the outline (bookmarks) names the headings and their levels; without one,
type size and weight against the body text do (larger sizes are higher levels, bold text at
the body size the level under them). The title is the metadata's when it reads as a title
(not a file name, not "Untitled"), else the first heading on the first page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from narrate.readers.pdf_text import Line, Outline

LARGER = 1.12  # a heading's type is at least this many times the body's
SAME_SIZE = 0.6  # points: sizes closer than this are one heading level
MAX_HEADING_CHARS = 160
MAX_LEVEL = 6
NOT_A_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel) - |untitled|document\d*$|title$|slide \d+$"
    r"|(scan|img|image|dsc|doc|pxl)[\s_-]*\d[\d\s_-]*$)"  # a scanner's or camera's file name
    r"|\.(docx?|pdf|odt|rtf|indd|html?|txt|pptx?|xlsx?|tex|dvi|ps|qxd|pages|md)$"
    r"|^[\w.~-]*[/\\]",
    re.IGNORECASE,
)
ENDS_A_SENTENCE = re.compile(r"[.,;:]$")
LETTER = re.compile(r"[^\W\d_]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # a title page's authors, not a chapter


def body_size(lines: Sequence[Line]) -> float:
    """The type size that most characters are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def tagged_levels(lines: Sequence[Line]) -> dict[int, int]:
    """Heading level by id of line, from a tagged PDF's H1–H6 (a bare H is level 1)."""
    return {id(line): int(line.role[1:] or 1) for line in lines if line.role}


def outline_levels(outline: Sequence[Outline], lines: Sequence[Line]) -> dict[int, int]:
    """Heading level by id of line, for runs of lines that spell a bookmark's title (on its
    page when the bookmark has one), matched in document order."""
    levels: dict[int, int] = {}
    start = 0
    for entry in outline:
        wanted = _plain(entry.title)
        for first in range(start, len(lines)):
            if entry.page is not None and lines[first].page != entry.page:
                continue
            run = _spelling(wanted, lines, first)
            if run:
                for line in lines[first : first + run]:
                    levels[id(line)] = entry.level
                start = first + run
                break
    return levels


def under_outline(
    outline: dict[int, int], sized: dict[int, int], lines: Sequence[Line]
) -> dict[int, int]:
    """The outline's headings, and the headings the type shows that it does not bookmark (an
    outline often stops at the second level): in smaller type than every bookmarked heading,
    the levels under the outline's deepest; else the level of the bookmarked heading closest
    in size."""
    if not outline:
        return sized
    marked = [line for line in lines if id(line) in outline]
    smallest = min(line.size for line in marked)
    deepest = max(outline.values())
    extra = [line for line in lines if id(line) in sized and id(line) not in outline]
    ranks = sorted({sized[id(line)] for line in extra if line.size < smallest - SAME_SIZE})
    levels = dict(outline)
    for line in extra:
        if line.size < smallest - SAME_SIZE:
            level = deepest + 1 + ranks.index(sized[id(line)])
        else:
            level = outline[id(min(marked, key=lambda other: abs(other.size - line.size)))]
        levels[id(line)] = min(level, MAX_LEVEL)
    return levels


def _spelling(wanted: str, lines: Sequence[Line], first: int) -> int:
    """How many lines from `first` on spell `wanted` together (0 when they do not)."""
    said = ""
    for count, line in enumerate(lines[first : first + 4], 1):
        said = f"{said} {_plain(line.text)}".strip()
        if said == wanted:
            return count
        if not wanted.startswith(said):
            return 0
    return 0


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("\u00ad", "").split()).rstrip(".:")


def size_levels(lines: Sequence[Line], body: float) -> dict[int, int]:
    """Heading level by id of line, from type size and weight against the body size."""
    body_bold = _bold_share(lines, body) > 0.5
    candidates = _without_contacts(
        [line for line in lines if _looks_like_heading(line, body, body_bold)], lines
    )
    sizes: list[float] = []
    for size in sorted({line.size for line in candidates if line.size >= body * LARGER},
                       reverse=True):  # fmt: skip
        if not sizes or sizes[-1] - size > SAME_SIZE:
            sizes.append(size)
    levels: dict[int, int] = {}
    for line in candidates:
        if line.size >= body * LARGER:
            level = 1 + next(i for i, size in enumerate(sizes) if line.size >= size - SAME_SIZE)
        else:
            level = len(sizes) + 1
        levels[id(line)] = min(level, MAX_LEVEL)
    return levels


def _without_contacts(candidates: list[Line], lines: Sequence[Line]) -> list[Line]:
    """The candidates less each run of them (consecutive lines of one page in one size) that
    holds an email address: a title page's authors, however their names wrap."""
    kept: list[Line] = []
    run: list[Line] = []
    wanted = {id(line) for line in candidates}
    for line in [*lines, None]:
        if line is not None and id(line) in wanted:
            if run and (line.page != run[-1].page or abs(line.size - run[-1].size) > SAME_SIZE):
                kept += _unless_contact(run)
                run = []
            run.append(line)
            continue
        kept += _unless_contact(run)
        run = []
    return kept


def _unless_contact(run: list[Line]) -> list[Line]:
    return [] if any(EMAIL.search(line.text) for line in run) else run


def _looks_like_heading(line: Line, body: float, body_bold: bool) -> bool:
    if line.alone or len(line.text) > MAX_HEADING_CHARS or not LETTER.search(line.text):
        return False
    if line.size >= body * LARGER:
        return True
    return (
        line.bold
        and not body_bold
        and line.size >= body - SAME_SIZE
        and not (ENDS_A_SENTENCE.search(line.text))
    )


def _bold_share(lines: Sequence[Line], body: float) -> float:
    at_body = [line for line in lines if abs(line.size - body) <= SAME_SIZE]
    chars = sum(len(line.text) for line in at_body)
    return sum(len(line.text) for line in at_body if line.bold) / chars if chars else 0.0


def reads_as_title(text: str) -> bool:
    """Whether a metadata title is a real title, not a file name or a placeholder."""
    text = text.strip()
    return 2 <= len(text) <= 200 and bool(LETTER.search(text)) and not NOT_A_TITLE.search(text)
