"""The head of pasted text: the lines before the article's body, and its title among them.

A page copied whole starts with its site name, navigation links, a breadcrumb, labels
("Press release"), a table of contents, the title, a byline and dates. The head ends at the
first line of prose or the first list item. In it:
- navigation is a run of three or more short lines with no blank line between them (the last
  one is the title when the body or a date follows it directly);
- a name of two words or more that a furniture line repeats ("© 2024 Lakeside Dental Care")
  is the site's name;
- the title is the first heading-shaped line followed by a byline, else by a date, else the
  first after the last breadcrumb, else the first standing alone between blank lines, else
  the first; the lines above it are dropped, and so are lines after it that recur later in
  the text (a table of contents);
- the first "By Jane Doe" line is the byline; it and credits ("Medically reviewed by ...")
  are never the title.
The other lines after the title stay for the body reader (a first heading, a date line).
"""

from __future__ import annotations

from dataclasses import dataclass

from narrate.readers.bylines import Metadata, read_metadata
from narrate.readers.cleanup import (
    is_breadcrumb,
    is_furniture,
    is_short_breadcrumb,
    is_tail_marker,
)
from narrate.readers.line_shapes import (
    DATE,
    POSTED_BY,
    is_byline,
    is_credit_line,
    is_date_line,
    is_heading_shaped,
    is_menu_link,
    is_numbered_heading,
)

NO_AUTHOR = Metadata(None, labelled=False)
MIN_SITE_NAME_WORDS = 2
MIN_MENU_LINKS = 3


@dataclass(frozen=True)
class Head:
    """The title and byline found in the head, and every line with the head's furniture blank."""

    title: str
    byline: str | None
    lines: list[str]


def take_head(lines: list[str], raw: list[str], *, wrapped: bool) -> Head:
    """Find the title and byline in `lines` (furniture already blank); `raw` is the text's
    lines before furniture was blanked (breadcrumbs, post metadata and footers are clues)."""
    start = _body_start(lines, wrapped)
    kept = list(lines)
    for index in _menu_lines(kept, start):
        kept[index] = ""
    later = {line.casefold() for line in lines[start:] if line}
    notices = [line.casefold() for line in raw if is_furniture(line) and not is_breadcrumb(line)]
    shaped = [i for i in range(start) if kept[i] and is_heading_shaped(kept[i])]
    crumbs = _short_crumbs(kept, shaped)
    for index in crumbs:
        kept[index] = ""
    shaped = [i for i in shaped if i not in crumbs]
    site = [i for i in shaped if _named_in(kept[i], notices)]
    candidates = [i for i in shaped if i not in site and not is_tail_marker(kept[i])]
    title = _title_index(kept, raw, candidates, start, crumbs)
    found = kept[title] if title is not None else ""
    first = title if title is not None else -1
    above = [i for i in range(first + 1) if kept[i] and (i in shaped or is_tail_marker(kept[i]))]
    contents = [i for i in candidates if i > first and kept[i].casefold() in later]
    for index in site + above + contents:
        kept[index] = ""
    author = None
    byline = next((i for i in range(start) if kept[i] and is_byline(kept[i])), None)
    if byline is not None:
        author = (read_metadata(kept[byline]) or NO_AUTHOR).author
        kept[byline] = ""
    return Head(found, author, kept)


def _short_crumbs(lines: list[str], shaped: list[int]) -> list[int]:
    """Head lines that are a two-name breadcrumb ("Services / Billing") standing directly above
    another heading-shaped line: the page's title follows the breadcrumb."""
    return [
        index
        for index, following in zip(shaped, shaped[1:], strict=False)
        if is_short_breadcrumb(lines[index]) and not any(lines[index + 1 : following])
    ]


def _named_in(line: str, notices: list[str]) -> bool:
    """A name of two words or more that a furniture line repeats ("© 2024 Lakeside Dental
    Care", "Thanks for reading Small Practice Notes!"): the site's name, not the title."""
    return len(line.split()) >= MIN_SITE_NAME_WORDS and any(line.casefold() in n for n in notices)


def _body_start(lines: list[str], wrapped: bool) -> int:
    """Index of the body's first line: prose, a list item, or (wrapped text) a group of lines."""
    for index, line in enumerate(lines):
        if not line or is_date_line(line) or is_credit_line(line) or is_tail_marker(line):
            continue
        if not is_heading_shaped(line) or is_numbered_heading(line):
            return index
        if wrapped and not _in_menu_group(lines, index):
            return index
    return len(lines)


def _in_menu_group(lines: list[str], index: int) -> bool:
    """For hard-wrapped text: the line stands alone, or in a group of short lines only."""
    first = last = index
    while first > 0 and lines[first - 1]:
        first -= 1
    while last + 1 < len(lines) and lines[last + 1]:
        last += 1
    return first == last or all(is_menu_link(line) for line in lines[first : last + 1])


def _menu_lines(lines: list[str], start: int) -> list[int]:
    """Lines of the head in runs of at least three short lines with no blank line between."""
    runs: list[list[int]] = [[]]
    for index in range(start):
        if lines[index] and is_menu_link(lines[index]):
            runs[-1].append(index)
        elif runs[-1]:
            runs.append([])
    menu: list[int] = []
    for run in runs:
        follower = run[-1] + 1 if run else 0
        if run and follower < len(lines) and lines[follower] and follower not in run:
            run = run[:-1]  # the body or a date follows directly: this last line is the title
        if len(run) >= MIN_MENU_LINKS:
            menu += run
    return menu


def _title_index(
    lines: list[str], raw: list[str], candidates: list[int], start: int, short_crumbs: list[int]
) -> int | None:
    """The title: the first line followed by a byline, else by a date, else the first after
    a breadcrumb, else the first standing alone between blank lines, else the first."""
    following = {i: next((line for line in raw[i + 1 :] if line), "") for i in candidates}
    for signal in (_names_author, _dates_page):
        signalled = [index for index in candidates if signal(following[index])]
        if signalled:
            return signalled[0]
    crumbs = [index for index in range(start) if raw[index] and is_breadcrumb(raw[index])]
    crumbs = sorted(crumbs + short_crumbs)
    after = [index for index in candidates if crumbs and index > crumbs[-1]]
    alone = [index for index in candidates if _stands_alone(lines, index)]
    first: list[int | None] = [*(after or alone or candidates)] or [None]
    return first[0]


def _names_author(line: str) -> bool:
    """A byline, or post metadata that names the author ("Posted on ... by Jane Doe")."""
    return is_credit_line(line) or (is_furniture(line) and POSTED_BY.search(line) is not None)


def _dates_page(line: str) -> bool:
    return is_date_line(line) or (is_furniture(line) and DATE.search(line) is not None)


def _stands_alone(lines: list[str], index: int) -> bool:
    """Blank (or furniture) lines around it, as a browser copies a heading; navigation and a
    site's header come as lines grouped together."""
    before = lines[index - 1] if index else ""
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return not before and not after
