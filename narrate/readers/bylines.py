"""Bylines and date lines: who wrote an article and when. Metadata, never text or a heading.

A metadata line is one or more parts between separators (` | `, ` · `, ` • `, ` — `, ` – `,
` - `), each of them one of:
- a credit: "By Maria Chen, NP", "Written by …", "Medically reviewed by Dr. Ana Ruiz, MD",
  "Posted on March 3, 2026 by Maria Chen", "Author: Maria Chen" (a name of capitalised words,
  "Dr." or initials allowed, several joined by "and" or "&", credentials after commas);
- a date or time, labelled or not: "March 3, 2026", "Updated 3/3/26", "Updated at 3:15 p.m. ET",
  "Published: 2026-03-03", "Tuesday, 3 March 2026 at 10:00", "2 hours ago";
- a reading time: "6 min read".
Labelled dates may follow each other without a separator ("Published March 3, 2026 Updated
March 4, 2026"). A sentence saying the article was updated ("This article was updated on March
4, 2026.", "Editor's note: This story was updated at 5:45 p.m. ET to include …") or first
published on a date is metadata too, wherever it stands.
Bare dates (no label, no credit) are metadata only in an article's head: a timeline's "March
2026" heading further down is a heading. The author is the writer's name from the first
credit that is not a reviewer's; credentials and dates are left out of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from narrate.readers.cleanup import is_furniture
from narrate.readers.sections import Heading, Item

CREDENTIALS = frozenset(
    """MD DO NP RN PA PA-C APRN FNP FNP-BC DNP BSN MSN PharmD PhD MPH MBA MS MA BS BA LCSW LPC
    LMFT LMHC DDS DMD OD DPT PT OT OTR RD RDN LD CDE CDCES MBBS MBChB FRCP FRCPC FACP FACS FAAP
    MSc BSc CNM CRNA LPN DC PsyD EdD JD Esq CPT CSCS ND MSW IBCLC RPh BCPS ATC CHES
    Jr Sr II III IV""".split()
)
_CREDENTIAL_KEYS = frozenset(c.replace(".", "").replace("-", "").casefold() for c in CREDENTIALS)
SEPARATOR = re.compile(r"\s+[|·•—–-]\s+|\s*[|·•]\s*")
_WORD = r"(?:[A-Z][\w'’.-]*)"  # Maria, O'Neil, J., St.
_PARTICLE = r"(?:de|da|del|der|van|von|la|le|bin|al|dos|du|ter|ten)"
_NAME = rf"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?\s+)?{_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_WORD}){{0,4}}"
_NAMES = rf"{_NAME}(?:(?:\s*,\s*|\s*(?:,\s*)?(?:and|&)\s+){_NAME})*"
_ROLE = (
    r"(?:by|authors?|(?:written|posted|published|added|submitted|words|story|text|reporting)\s+by"
    r"|(?:medically\s+|clinically\s+|expert\s+|peer\s+|last\s+)?(?:reviewed|fact[- ]checked"
    r"|edited|updated|illustrated|photographed|compiled|produced|verified|approved)\s+by)"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CALENDAR = (
    rf"(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY}"
    rf"|{_DAY}\s+{_MONTH}|{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
)
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,5})?"
_AGO = (
    r"(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago"
)
_WHEN = (
    rf"(?:(?:{_WEEKDAY})?{_CALENDAR}(?:,?\s*(?:at\s+)?{_CLOCK})?"
    rf"|(?:at\s+)?\d{{1,2}}(?:[:.]\d{{2}}\s*(?:[ap]\.?\s?m\.?)?|\s*[ap]\.?\s?m\.?)"
    rf"(?:\s+[A-Z]{{2,5}})?(?:,?\s+(?:on\s+)?(?:{_WEEKDAY})?{_CALENDAR})?|{_AGO})"
)
_LABEL = (
    r"(?:(?:page\s+|article\s+|story\s+)?(?:last\s+|first\s+|originally\s+)?(?:updated|reviewed"
    r"|modified|revised|published|posted|edited|created|written)(?:\s+(?:on|at))?"
    r"|date(?:\s+published)?)"
)
# "Published … Updated …": a label after a date starts a part of its own
LABEL_AFTER = re.compile(
    r"(?<=\S)(?<!\blast)(?<!\bpage)\s+(?=(?:last\s+|page\s+last\s+)?(?:updated|modified|revised)\b)",
    re.IGNORECASE,
)
_PIECE = r"(?:article|story|post|page|piece|report|guide|review|list|blog\s+post|information)"
UPDATE_NOTICE = re.compile(
    rf"(?:editor['’]?s['’]?\s+note\s*:\s*|update\s*:\s*)?this\s+{_PIECE}\s+(?:was|has"
    rf"\s+been|had\s+been)\s+(?:(?:last\s+|first\s+|originally\s+)?(?:updated|revised|"
    rf"corrected|modified|amended)\b[^.!?]*(?:\.\s?[a-z]\.[^.!?]*)*|(?:first\s+|originally\s+)?"
    rf"(?:published|posted)\s+(?:on\s+|at\s+|in\s+)?{_WHEN})[.!]?",
    re.IGNORECASE,
)
DATE_PART = re.compile(rf"(?:{_LABEL}\s*:?\s*)?{_WHEN}\.?", re.IGNORECASE)
LABELLED_DATE = re.compile(rf"{_LABEL}\s*:?\s*(?:{_WHEN}|today|yesterday)\.?", re.IGNORECASE)
READING_TIME = re.compile(
    r"\d{1,3}\s*(?:-\s*)?min(?:ute)?s?\s+read(?:ing)?(?:\s+time)?"
    r"|reading time:?\s*\d{1,3}\s*min(?:ute)?s?",
    re.IGNORECASE,
)
# "By Maria Chen, NP", "Posted on March 3, 2026 by Maria Chen", "Maria Chen, NP, on March 3"
CREDIT = re.compile(  # names are capitalised: only the words around them ignore case
    rf"(?i:(?:(?:{_LABEL}\s*:?\s*)?{_WHEN}\s+)?(?P<role>{_ROLE})\s*:?)\s+(?P<names>{_NAMES})"
    rf"(?i:(?:,?\s+(?:on\s+|at\s+)?{_WHEN})?\.?)"
)
MAX_LINE = 200
REVIEWER = re.compile(
    r"reviewed|checked|edited|verified|approved|illustrated|photograph", re.IGNORECASE
)


@dataclass(frozen=True)
class Metadata:
    """What a metadata line says: the writer's name (None if it names none) and whether it
    carries a credit or a label ("Updated …"), which make it metadata anywhere in an article."""

    author: str | None
    labelled: bool


def read_metadata(line: str) -> Metadata | None:
    """The metadata a line holds, or None when the line is (or holds) anything else."""
    line = line.strip()
    if UPDATE_NOTICE.fullmatch(line) and len(line) <= MAX_LINE:
        return Metadata(None, labelled=True)
    if not line or len(line) > MAX_LINE or line.endswith((":", "?", "!")):
        return None
    author: str | None = None
    labelled = False
    parts = _parts(line)
    for part in parts:
        credit = _credit(part)
        if credit is not None:
            labelled = True
            role, names = credit
            if len(parts) == 1 and not _named_fully(part, names):
                return None  # "By Train", "By Car": a heading, not a byline
            if author is None and not REVIEWER.search(role):
                author = names
        elif LABELLED_DATE.fullmatch(part) or READING_TIME.fullmatch(part):
            labelled = True
        elif not DATE_PART.fullmatch(part):
            return None
    return Metadata(author, labelled)


def author_name(text: str) -> str:
    """An author as found in a page's metadata, without "By", credentials or dates: "Maria Chen;
    NP; March 3" → "Maria Chen" (several authors are kept, joined by ", ")."""
    found = read_metadata(text)
    if found is not None:
        return found.author or ""
    names = []
    for piece in re.split(r"\s*[;|·•]\s*|\s+and\s+|\s*&\s*", re.sub(r"(?i)^by\s+", "", text)):
        name = _without_credentials(piece.strip())
        if name and not DATE_PART.fullmatch(name) and not _is_credential(name):
            names.append(name)
    return ", ".join(dict.fromkeys(names))


def without_metadata(items: Sequence[Item]) -> tuple[list[Item], str | None]:
    """The items without byline, credit and date lines (bare dates only before the first
    paragraph of text), and the writer the first credit names. Run before furniture is
    dropped: "Posted on March 3 by Maria Chen" is both, and names the author."""
    kept: list[Item] = []
    author: str | None = None
    in_head = True
    for item in items:
        found = read_metadata(item.text)
        if found is not None and (in_head or found.labelled):
            author = author or found.author
            continue
        kept.append(item)
        in_head = in_head and (isinstance(item, Heading) or is_furniture(item.text))
    return kept, author


def first_author(lines: Sequence[str]) -> str | None:
    """The writer named by the first credit among these lines, if any."""
    for line in lines:
        found = read_metadata(line)
        if found is not None and found.author:
            return found.author
    return None


def _parts(line: str) -> list[str]:
    parts = (piece for part in SEPARATOR.split(line) for piece in LABEL_AFTER.split(part))
    return [part.strip(" ,") for part in parts if part.strip(" ,")]


def _credit(part: str) -> tuple[str, str] | None:
    """The role ("Medically reviewed by") and the names of a credit, credentials left out."""
    match = CREDIT.fullmatch(part)
    if match is None:
        return None
    pieces = [p.strip() for p in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", match["names"])]
    names = [p for p in pieces if p and not _is_credential(p)]
    if not names or any(not p[0].isupper() for p in names):
        return None
    return match["role"], " and ".join(names) if len(names) == 2 else ", ".join(names)


def _named_fully(part: str, names: str) -> bool:
    """Each name has two words or more, or the credit carries credentials or a date."""
    if all(len(name.split()) >= 2 for name in re.split(r", | and ", names)):
        return True
    return part.rstrip(".").endswith(names.split()[-1]) is False


def _is_credential(word: str) -> bool:
    key = word.replace(".", "").replace("-", "").casefold()
    return key in _CREDENTIAL_KEYS or (word.isupper() and 2 <= len(key) <= 5)


def _without_credentials(name: str) -> str:
    pieces = [p for p in re.split(r"\s*,\s*", name) if p and not _is_credential(p)]
    return ", ".join(pieces)
