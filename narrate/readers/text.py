"""Plain text as pasted from a web page.

The head (site name, navigation, breadcrumb, labels, title, byline, dates; see text_head) gives
the title: the first line that reads as one, not the first line of the file. A short line
without closing punctuation (a "?" is allowed) followed by a longer prose line or a list item
is a level-2 heading, with or without blank lines around it; so is "2. Oats" before prose. A
heading directly followed by another (a parent heading and its first sub-heading) is joined to
it: "Billing: Payment Plans"; a third stacked above them is a heading of its own. A numbered run
of headings ("1. …", "2. …", each before prose) keeps its first after an introduction ending
with a colon. Lines starting with -, *, •, "1." or "1)" are list items. Text whose long lines
mostly stop mid-sentence is hard-wrapped: its paragraphs are the blank-line separated groups.
Furniture lines, a trailing "Previous / Next" block, a trailing run of three or more short
link-like lines (footer links, "Was this page helpful? Yes No") and byline, credit and date
lines (narrate.readers.bylines) are dropped. Notes ("[1] …", "↑ …", numbered lines under
"Notes") are read at the end under "Notes", or left out with `--notes skip`
(narrate.readers.notes).
"""

from __future__ import annotations

import re
from dataclasses import replace

from narrate.language import UNDECLARED
from narrate.model import Article, Block
from narrate.readers.bylines import first_author, without_metadata
from narrate.readers.cleanup import (
    ends_with_closing_punctuation,
    is_furniture,
    is_tail_marker,
    normalize_space,
)
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.line_shapes import (
    LIST_MARKER,
    is_date_line,
    is_heading_shaped,
    is_list,
    is_numbered_heading,
)
from narrate.readers.notes import notes_chapter, split_notes
from narrate.readers.registry import register
from narrate.readers.sections import Heading, Item, build_sections, without_furniture
from narrate.readers.text_head import take_head

HEADING_LEVEL = 2
WRAP_CANDIDATE_CHARS = 40
WRAPPED_SHARE = 0.5
MIN_WRAPPED_LINES = 3
MIN_LINK_TAIL = 3
SENTENCE_ENDS = tuple(".!?…")
SPACED_SHARE = 0.25  # lines after a blank line: text that separates its blocks with them
MAX_LINK_CHARS = 80
MAX_STACKED = 3  # headings stacked directly above a section: "Part One / Getting Started / …"


@register(".txt")
def read_text(text: str, options: DocumentOptions = DEFAULT_DOCUMENT, /) -> Article:
    """Read pasted or plain text into an Article."""
    raw = [normalize_space(line) for line in text.split("\n")]
    lines = _without_link_tail(["" if is_furniture(line) else line for line in raw], raw)
    wrapped = _is_hard_wrapped(lines)
    head = take_head(lines, raw, wrapped=wrapped)
    items = _wrapped_items(head.lines) if wrapped else _line_items(head.lines)
    items, credited = without_metadata(_joined_headings(without_furniture(items)))
    items, notes = split_notes(items)
    items += notes_chapter(notes, items, read=options.notes == "end")
    posted = first_author([line for line in raw if is_furniture(line)])  # "Posted on … by …"
    byline = head.byline or credited or posted
    return Article(
        title=head.title, byline=byline, language=UNDECLARED, sections=build_sections(items)
    )


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when most long lines stop mid-sentence, as text wrapped at a fixed width does
    (list items, which often end without punctuation, do not count)."""
    long_lines = [line for line in lines if len(line) >= WRAP_CANDIDATE_CHARS and not is_list(line)]
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
    after_break = [not lines[i - 1] if i else True for i, line in enumerate(lines) if line]
    headings = _heading_flags(present, after_break)
    items: list[Item] = []
    for index, line in enumerate(present):
        marker = LIST_MARKER.match(line)
        if headings[index]:
            items.append(Heading(line, HEADING_LEVEL))
        elif marker:
            items.append(_list_item(line, marker))
        elif items and _continues(items[-1], line):
            previous = items[-1]
            items[-1] = replace(previous, text=f"{previous.text} {line}")
        else:
            items.append(Block(line))
    return items


def _list_item(line: str, marker: re.Match[str]) -> Block:
    """A list item without its marker; a numbered one keeps its number as its place."""
    place = int(marker["place"]) if marker["place"] else None
    return Block(line[marker.end() :], "list_item", place)


def _heading_flags(present: list[str], after_break: list[bool]) -> list[bool]:
    """Which lines are headings: those that start a section, and the parent headings right
    above one of them (up to MAX_STACKED in all). A parent starts a block: a blank line comes
    before it, or in text without blank lines between its blocks, the end of a sentence; not a
    line of a list."""
    listed = _introduced(present)
    spaced = bool(present) and sum(after_break) / len(present) >= SPACED_SHARE
    starts = [
        not listed[i]
        and _starts_heading(line, present[i - 1] if i else None, present[i + 1 : i + 2])
        for i, line in enumerate(present)
    ]
    starts = _numbered_run(present, starts)
    flags = list(starts)
    for _ in range(MAX_STACKED - 1):
        flags = [
            flags[i]
            or (
                not listed[i]
                and (after_break[i] or (not spaced and present[i - 1].endswith(SENTENCE_ENDS)))
                and i + 1 < len(present)
                and flags[i + 1]
                and is_heading_shaped(line)
            )
            for i, line in enumerate(present)
        ]
    return flags


def _numbered_run(present: list[str], starts: list[bool]) -> list[bool]:
    """"1. Something surprising" after an introduction ending with a colon is a heading when
    it comes before prose and "2. …" is a heading too: the first of a numbered run."""
    places = {
        i: int(marker["place"])
        for i, line in enumerate(present)
        if (marker := LIST_MARKER.match(line)) and marker["place"] and is_numbered_heading(line)
    }
    flags = list(starts)
    for i, place in places.items():
        following = present[i + 1 : i + 2]
        if starts[i] or not _starts_heading(present[i], None, following):
            continue
        flags[i] = any(starts[j] and other == place + 1 for j, other in places.items() if j > i)
    return flags


def _introduced(present: list[str]) -> list[bool]:
    """Short lines after a line ending with a colon ("Symptoms include:"): the items of the
    list it introduces, not headings."""
    listed = [False] * len(present)
    for i in range(1, len(present)):
        previous = present[i - 1]
        listed[i] = previous.endswith(":") or (listed[i - 1] and is_heading_shaped(previous))
    return listed


def _starts_heading(line: str, previous: str | None, following: list[str]) -> bool:
    """A heading-shaped line followed by a list item or by a longer line of prose; a numbered
    one ("2. Oats") only before prose and not inside a list."""
    if not following:
        return False
    (after,) = following
    introduces = after.endswith(":")  # "We ask that you:" before a list
    longer_prose = (
        (len(after) > len(line) or introduces)
        and not is_heading_shaped(after)
        and not is_date_line(after)
    )
    if is_numbered_heading(line):
        return longer_prose and not is_list(after) and not (previous and is_list(previous))
    return is_heading_shaped(line) and (is_list(after) or longer_prose)


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
        alone = len(group) == 1 and not is_last
        if alone and (is_heading_shaped(group[0]) or is_numbered_heading(group[0])):
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


def _joined_headings(items: list[Item]) -> list[Item]:
    """A heading directly followed by another is joined to it ("Billing: Payment Plans"), so
    the parent is spoken and named in the chapter; one stacked above them stays a heading of
    its own (a chapter that only announces itself)."""
    result: list[Item] = []
    run: list[Heading] = []
    for item in [*items, None]:
        if isinstance(item, Heading):
            run.append(item)
            continue
        if run:
            result += run[:-2]
            result.append(_joined(run[-2], run[-1]) if len(run) > 1 else run[0])
            run = []
        if item is not None:
            result.append(item)
    return result


def _joined(parent: Heading, child: Heading) -> Heading:
    separator = " " if parent.text.endswith(("?", "!")) else ": "
    return Heading(f"{parent.text}{separator}{child.text}", child.level)


def _without_link_tail(lines: list[str], raw: list[str]) -> list[str]:
    """Blank a trailing run of at least MIN_LINK_TAIL short lines without closing punctuation
    and furniture, with at least one line of furniture among them (footer links, contact
    details, a sidebar, "Was this page helpful? Yes No"); a list item or a line of prose ends
    the run, and a sign-off ("Warm regards / The Clinic Team") has no furniture in it."""
    end = len(lines)
    while end and (not raw[end - 1] or not lines[end - 1] or _is_link_like(lines[end - 1])):
        end -= 1
    tail = [line for line in raw[end:] if line]
    page_furniture = any(is_furniture(line) or is_tail_marker(line) for line in tail)
    if len(tail) < MIN_LINK_TAIL or not page_furniture:
        return lines
    return lines[:end] + [""] * (len(lines) - end)


def _is_link_like(line: str) -> bool:
    return (
        len(line) <= MAX_LINK_CHARS
        and not is_list(line)
        and not ends_with_closing_punctuation(line)
    )
