"""What a line of pasted text looks like: a list item, a heading, a byline, a date line."""

from __future__ import annotations

import re

from narrate.readers.bylines import read_metadata
from narrate.readers.cleanup import TRAILING_WRAPPERS, ends_with_closing_punctuation

LIST_MARKER = re.compile(r"(?:[-*•‣◦▪–]|(?P<place>\d{1,3})[.)])\s+(?=\S)")
NUMBER_MARKER = re.compile(r"\d{1,3}[.)]\s+(?=\S)")
BYLINE = re.compile(
    r"(?:[Bb]y|[Ww]ritten by|[Aa]uthor:)\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?:\s+[|·•,–—-]\s+.{1,60})?"  # "By Nadia Karim | January 12, 2024"
)
POSTED_BY = re.compile(r"\bby\s+[A-Z]")
# "Medically reviewed by Dr. Priya Nair, MD", "Fact checked by Sam Lee": who vouches for it.
CREDIT = re.compile(r"(?:[\w-]+\s+){0,2}[\w-]+(?:ed|en)\s+by\s+[A-Z].{0,80}")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 3, 2024
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 3 March 2024
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
_DATE_LABEL = (
    r"(?:(?:page\s+)?(?:last\s+)?(?:updated|reviewed|modified|revised|published|posted)(?:\s+on)?"
    r"|first\s+published|next\s+review(?:\s+due)?|effective(?:\s+date)?|date(?:\s+published)?)"
)
DATE = re.compile(_DATE, re.IGNORECASE)
# A line that only dates the page: "Updated January 8, 2025", "March 14, 2024 · 6 min read".
DATE_LINE = re.compile(
    rf"(?:{_DATE_LABEL}\s*:?\s*)?{_DATE}(?:\s*[·|•,–—-]?\s+.{{0,60}})?", re.IGNORECASE
)
MAX_HEADING_CHARS = 100
MAX_HEADING_WORDS = 15
MAX_MENU_WORDS = 5  # a navigation link: "Patients & Visitors", "Find a Doctor"


def is_list(line: str) -> bool:
    return LIST_MARKER.match(line) is not None


def is_byline(line: str) -> bool:
    """A line naming the writer ("By Maria Chen, NP | March 3, 2026"; narrate.readers.bylines)."""
    found = read_metadata(line)
    return BYLINE.fullmatch(line) is not None or (found is not None and found.author is not None)


def is_credit_line(line: str) -> bool:
    """A byline or a line crediting a reviewer or editor; not a title or a heading."""
    if is_byline(line):
        return True
    found = read_metadata(line)
    credited = found is not None and found.labelled and " by " in f" {line.casefold()} "
    return credited or (CREDIT.fullmatch(line) is not None and not line.endswith("."))


def is_date_line(line: str) -> bool:
    """True for a line that dates the page (published, updated, reviewed), not article text."""
    if DATE_LINE.fullmatch(line) is not None and not line.endswith("."):
        return True
    found = read_metadata(line)
    return found is not None and " by " not in f" {line.casefold()} "


def is_prose_end(line: str) -> bool:
    """True when the line ends like a sentence, not like a title ("?" and "!" are fine)."""
    return ends_with_closing_punctuation(line) and not line.rstrip(TRAILING_WRAPPERS).endswith("!")


def is_heading_shaped(line: str) -> bool:
    """Short, not lower-case at the start, without closing punctuation, not a date or credit."""
    return (
        len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line[0].islower()
        and not ends_with_closing_punctuation(line)
        and not is_list(line)
        and not is_date_line(line)
        and not is_credit_line(line)
    )


def is_numbered_heading(line: str) -> bool:
    """"2. Oats": a numbered line shaped like a heading (a list item would end like prose)."""
    marker = NUMBER_MARKER.match(line)
    return marker is not None and is_heading_shaped(line[marker.end() :])


def is_menu_link(line: str) -> bool:
    """Short enough to be a link in a navigation bar."""
    return is_heading_shaped(line) and len(line.split()) <= MAX_MENU_WORDS
