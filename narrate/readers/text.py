"""Plain text as pasted from a web page.

The first line is the title (unless it reads like prose). A short line without closing
punctuation (a "?" is allowed) followed by a longer prose line or a list item is a level-2
heading, with or without blank lines around it. Lines starting with -, *, •, "1." or "1)" are
list items. Text whose long lines mostly stop mid-sentence is hard-wrapped: its paragraphs are
the blank-line separated groups. Furniture lines and a trailing "Previous / Next" block are
dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from narrate.model import Article, Block
from narrate.readers.cleanup import (
    TRAILING_WRAPPERS,
    ends_with_closing_punctuation,
    is_furniture,
    is_tail_marker,
    normalize_space,
)
from narrate.readers.outline import Heading, Item, build_sections, without_furniture
from narrate.readers.registry import register

LIST_MARKER = re.compile(r"(?:[-*•‣◦▪–]|(?P<place>\d{1,3})[.)])\s+(?=\S)")
BYLINE = re.compile(r"[Bb]y\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
HEADING_LEVEL = 2
MAX_HEADING_CHARS = 100
MAX_HEADING_WORDS = 15
MAX_TITLE_CHARS = 150
WRAP_CANDIDATE_CHARS = 40
WRAPPED_SHARE = 0.5
MIN_WRAPPED_LINES = 3


@register(".txt")
def read_text(text: str) -> Article:
    """Read pasted or plain text into an Article."""
    lines = ["" if is_furniture(line) else normalize_space(line) for line in text.split("\n")]
    title, lines = _take_title(lines)
    byline, lines = _take_byline(lines)
    items = _wrapped_items(lines) if _is_hard_wrapped(lines) else _line_items(lines)
    return Article(title=title, byline=byline, sections=build_sections(without_furniture(items)))


def _take_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first line shaped like a title, and the lines after it ("Previous" links skipped)."""
    for index, line in enumerate(lines):
        if line and not is_tail_marker(line):
            if len(line) <= MAX_TITLE_CHARS and not _is_prose_end(line) and not _is_list(line):
                return line, lines[index + 1 :]
            return "", lines[index:]
    return "", lines


def _take_byline(lines: list[str]) -> tuple[str | None, list[str]]:
    """A "By Jane Doe" line right after the title, and the lines after it."""
    for index, line in enumerate(lines):
        if line:
            match = BYLINE.fullmatch(line)
            if match:
                return match.group(1), lines[index + 1 :]
            return None, lines
    return None, lines


def _is_prose_end(line: str) -> bool:
    """True when the line ends like a sentence, not like a title ("?" and "!" are fine)."""
    return ends_with_closing_punctuation(line) and not line.rstrip(TRAILING_WRAPPERS).endswith("!")


def _is_list(line: str) -> bool:
    return LIST_MARKER.match(line) is not None


def _is_heading_shaped(line: str) -> bool:
    """Short, not lower-case at the start, and without closing punctuation."""
    return (
        len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line[0].islower()
        and not ends_with_closing_punctuation(line)
        and not _is_list(line)
    )


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when most long lines stop mid-sentence, as text wrapped at a fixed width does."""
    long_lines = [line for line in lines if len(line) >= WRAP_CANDIDATE_CHARS]
    if len(long_lines) < MIN_WRAPPED_LINES:
        return False
    open_ended = [
        line
        for line in long_lines
        if not ends_with_closing_punctuation(line) and not line.endswith("?")
    ]
    return len(open_ended) / len(long_lines) >= WRAPPED_SHARE


def _line_items(lines: list[str]) -> list[Item]:
    """One block per line; headings recognised by shape and by the line that follows."""
    present = [line for line in lines if line]
    items: list[Item] = []
    for index, line in enumerate(present):
        following = present[index + 1] if index + 1 < len(present) else None
        marker = LIST_MARKER.match(line)
        if marker:
            items.append(_list_item(line, marker))
        elif _starts_heading(line, following):
            items.append(Heading(line, HEADING_LEVEL))
        elif items and _continues(items[-1], line):
            previous = items[-1]
            items[-1] = replace(previous, text=f"{previous.text} {line}")
        else:
            items.append(Block(line))
    return items


def _list_item(line: str, marker: re.Match) -> Block:
    """A list item without its marker; a numbered one keeps its number as its place."""
    place = int(marker["place"]) if marker["place"] else None
    return Block(line[marker.end() :], "list_item", place)


def _starts_heading(line: str, following: str | None) -> bool:
    """A heading-shaped line followed by a list item or by a longer line of prose."""
    if following is None or not _is_heading_shaped(line):
        return False
    return _is_list(following) or (len(following) > len(line) and not _is_heading_shaped(following))


def _continues(previous: Item, line: str) -> bool:
    """True when a line carries on the block before it (that block stopped mid-sentence)."""
    return (
        isinstance(previous, Block)
        and line[0].islower()
        and not ends_with_closing_punctuation(previous.text)
        and not previous.text.endswith("?")
    )


def _wrapped_items(lines: list[str]) -> list[Item]:
    """Blank-line separated groups: a lone heading-shaped line is a heading, others paragraphs."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    groups = [group for group in groups if group]
    items: list[Item] = []
    for index, group in enumerate(groups):
        is_last = index == len(groups) - 1
        if len(group) == 1 and not is_last and _is_heading_shaped(group[0]):
            items.append(Heading(group[0], HEADING_LEVEL))
        else:
            items.extend(_group_blocks(group))
    return items


def _group_blocks(group: list[str]) -> list[Block]:
    """Join a group's lines into paragraphs, starting a new list item at each marker."""
    blocks: list[Block] = []
    for line in group:
        marker = LIST_MARKER.match(line)
        if marker:
            blocks.append(_list_item(line, marker))
        elif blocks:
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {line}")
        else:
            blocks.append(Block(line))
    return blocks
