"""Lines in reading order to headings and blocks: paragraphs rebuilt across line, column and
page breaks, words hyphenated at a line end joined again, lists recognised.

A paragraph ends where the space between lines grows, where a line is indented, after a line
that stops far short of the column's edge (a list of names, an address: lines broken on
purpose), or at a heading; it does not end at the foot of a column or a page unless its last
line there stops short after a full stop. A hyphen at a line end is a break in a word, unless
the document writes that compound with its hyphen elsewhere and never without it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from narrate.model import Block
from narrate.readers.pdf_text import Line
from narrate.readers.sections import Heading, Item

PARAGRAPH_GAP = 1.3  # times the usual baseline distance
LEADING = 1.8  # times the type size: a baseline distance this wide is between paragraphs
MIN_LEADING = 0.8  # and one this narrow is between pieces of one line (table cells)
INDENT_EMS = 0.8
SHORT_EMS = 2.0  # a last line ending this many ems before the column's edge
BROKEN_SHORT = 0.3  # of the column's width: a line this much short of its edge was broken there
HEADING_GAP_EMS = 2.5  # lines of one heading are this close
SAME_SIZE = 0.6  # points
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}  # fmt: skip
ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
SOFT_HYPHENS = "\u00ad\x02"  # U+0002: how some PDFs mark a soft hyphen
LINE_END_HYPHEN = "\ufffe"  # how PDFium gives a hyphen it found at the end of a line
BULLET = re.compile(r"^[•●▪◦‣∙○■□➢►\-–*]\s+")
NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+")
SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
CONTENTS_ENTRY = re.compile(r"(\.\s?){4,}\s*([\divxlc]+)$", re.IGNORECASE)  # "Intro . . . 3"
COMPOUND = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Placed:
    """A line in reading order: which column of its page it sits in (0: across the page)."""

    line: Line
    column: int


def normalise(text: str) -> str:
    """Ligatures spelt out, odd spaces made plain, invisible characters and soft hyphens
    inside the line removed (one at the end is kept: it marks a word broken at the line, and
    PDFium's mark of a line-end hyphen becomes the hyphen it was)."""
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    text = INVISIBLE.sub("", ODD_SPACES.sub(" ", text))
    body, end = text[:-1], text[-1:].replace(LINE_END_HYPHEN, "-")
    for soft in SOFT_HYPHENS + LINE_END_HYPHEN:
        body = body.replace(soft, "")
    return " ".join((body + end).split())


def build_items(placed: Sequence[Placed], levels: Mapping[int, int]) -> list[Item]:
    """Headings and blocks, in order, each block with the page it starts on."""
    texts = [normalise(p.line.text) for p in placed]
    vocabulary = _Vocabulary(texts)
    spacing = _usual_spacing(placed, levels)
    edges = _column_edges(placed)
    items: list[Item] = []
    parts: list[str] = []
    kind, place, page = "paragraph", None, None
    previous: Placed | None = None

    def flush() -> None:
        nonlocal parts
        if parts:
            text = parts[0]
            for part in parts[1:]:
                text = vocabulary.join(text, part)
            items.append(Block(text, kind, place, page))  # type: ignore[arg-type]
        parts = []

    for current, text in zip(placed, texts, strict=True):
        if not text or CONTENTS_ENTRY.search(text):
            continue  # a printed table of contents or index is not read
        if current.line.alone:  # a table's row, a figure's text: a paragraph of its own
            flush()
            items.append(Block(text, "paragraph", None, current.line.page))
            previous = current
            continue
        level = levels.get(id(current.line))
        if level is not None:
            flush()
            last = items[-1] if items else None
            if (
                isinstance(last, Heading)
                and last.level == level
                and previous is not None
                and id(previous.line) in levels
                and _close(previous.line, current.line)
            ):
                items[-1] = Heading(f"{last.text} {text}", level)
            else:
                items.append(Heading(text, level))
            previous = current
            continue
        number = NUMBERED.match(text)
        marker = BULLET.match(text) or number
        tagged_item = current.line.item is not None and (
            previous is None or previous.line.item != current.line.item
        )  # the first line of a tagged list item (LI), whose bullet may be an artifact
        if marker or tagged_item:
            flush()
            kind, page = "list_item", current.line.page
            place = int(number[1]) if number else None
            parts = [text[marker.end() :] if marker else text]
        elif (
            not parts
            or previous is None
            or id(previous.line) in levels
            or _new_paragraph(previous, current, spacing, edges, kind == "list_item")
        ):
            flush()
            kind, place, page = "paragraph", None, current.line.page
            parts = [text]
        else:
            parts.append(text)
        previous = current
    flush()
    return items


def _close(before: Line, after: Line) -> bool:
    """Whether two heading lines are one heading: same page, same type, close together."""
    return (
        before.page == after.page
        and abs(before.size - after.size) < SAME_SIZE
        and before.bold == after.bold
        and before.bottom - after.top < HEADING_GAP_EMS * after.size
    )


def _new_paragraph(
    before: Placed,
    after: Placed,
    spacing: float,
    edges: Mapping[tuple[int, int], tuple[float, float]],
    in_list: bool,
) -> bool:
    """Whether `after` starts a paragraph rather than continuing the one `before` is in."""
    one, two = before.line, after.line
    size = max(two.size, 1.0)
    left, right = edges.get((two.page, after.column), (two.left, two.right))
    indented = two.left > left + INDENT_EMS * size
    if one.page == two.page and before.column == after.column:
        gap = one.bottom - two.bottom
        if gap > spacing * PARAGRAPH_GAP or gap < 0:
            return True
        whole_line = abs(one.left - left) < INDENT_EMS * size and gap > size / 2
        if whole_line and not in_list and one.right < right - BROKEN_SHORT * (right - left):
            return True  # "Thomas Leonard" over "David Faure": not one sentence
        return indented and not in_list and not (one.left > left + INDENT_EMS * size)
    first_left, first_right = edges.get((one.page, before.column), (one.left, one.right))
    stops_short = one.right < first_right - SHORT_EMS * size
    return (stops_short and bool(SENTENCE_END.search(one.text))) or (indented and not in_list)


def _usual_spacing(placed: Sequence[Placed], levels: Mapping[int, int]) -> float:
    """The usual distance between the baselines of two lines of a paragraph: of the gaps under
    LEADING times the type size when there are some (in a short document of one- and two-line
    paragraphs most gaps are between paragraphs), else of all."""
    gaps, leading = [], []
    for before, after in zip(placed, placed[1:], strict=False):
        one, two = before.line, after.line
        if (one.page, before.column) == (two.page, after.column) and id(one) not in levels:
            gap = one.bottom - two.bottom
            if 0 < gap < 3 * two.size:
                gaps.append(round(gap, 1))
                if MIN_LEADING * two.size < gap < LEADING * two.size:
                    leading.append(round(gap, 1))
    if leading:
        return statistics.median_low(leading)
    return statistics.median_low(gaps) if gaps else 1.2 * _median_size(placed)


def _median_size(placed: Sequence[Placed]) -> float:
    return statistics.median(p.line.size for p in placed) if placed else 12.0


def _column_edges(placed: Sequence[Placed]) -> dict[tuple[int, int], tuple[float, float]]:
    """The usual left edge and the rightmost edge of each column of each page."""
    lefts: dict[tuple[int, int], list[float]] = {}
    rights: dict[tuple[int, int], float] = {}
    for p in placed:
        key = (p.line.page, p.column)
        lefts.setdefault(key, []).append(round(p.line.left))
        rights[key] = max(rights.get(key, p.line.right), p.line.right)
    return {key: (statistics.mode(values), rights[key]) for key, values in lefts.items()}


class _Vocabulary:
    """The document's own words, to tell a hyphenated compound from a word broken at a line."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        for text in texts:
            inside = text[:-1] if text.endswith("-") else text
            self.words.update(word.lower() for word in WORD.findall(inside))
            self.compounds.update(m[0].lower() for m in COMPOUND.finditer(inside))

    def join(self, text: str, more: str) -> str:
        """`text` and the next line `more` as one text."""
        if text[-1] in SOFT_HYPHENS:
            return text[:-1] + more
        if not text.endswith("-") or text.endswith(" -") or len(text) < 2:
            return f"{text} {more}"
        head = WORD.search(text[:-1][::-1])
        tail = WORD.match(more)
        if not tail or not head or head.start() != 0 or not more[0].islower():
            return text + more  # "COVID-" "19": a hyphen that belongs
        first = head[0][::-1].lower()
        compound = f"{first}-{tail[0].lower()}"
        if compound in self.compounds and f"{first}{tail[0].lower()}" not in self.words:
            return text + more
        return text[:-1] + more
