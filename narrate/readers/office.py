"""What the Word and OpenDocument readers share: the title, table rows with their column
headers, notes read at the end of their section, and the sections themselves.

Title: the document's properties when they read as a title (not empty, not a file name, not a
word processor's placeholder such as "Document1" or "Microsoft Word - notes.docx"), else the
first Title-style paragraph, else the first top-level heading. A heading repeating the title is
not a section, except the first of several top-level headings (a chapter named as the title).
Tables (`--tables read`): a table with a header row (marked as one by the format, or set all in
bold) is read row by row, each cell after its column's header ("Drug: Amoxicillin. Dose: 500
mg."), the header row itself not read; a table without one is read row by row, its cells in
order; a one-column table is read as paragraphs. `--tables skip`: the table is announced
("Table skipped: 3 rows.") and not read. Footnotes and endnotes (`--notes end`): their marks are
never spoken; the notes a section (a chapter) refers to are read after its last block,
introduced ("Notes." then "Note 1. ..."), numbered in the order they are referred to through the
document; `--notes skip` leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from narrate.added_words import NOTES_INTRODUCED, note, table_skipped
from narrate.model import Block, Section
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.sections import Heading, Item, build_sections

PLACEHOLDER_TITLE = re.compile(
    r"(document|doc|untitled|title|presentation|new document|dokument|documento)\s*\d*"
    r"|microsoft (word|office) - .*|.*\.(docx?|odt|rtf|txt|pdf|dotx?)|[\d\s._-]*",
    re.IGNORECASE,
)
PLACEHOLDER_AUTHOR = re.compile(
    r"(windows user|microsoft office user|user|admin|administrator|owner|author|unknown"
    r"|python-docx|pandoc)\s*\d*",
    re.IGNORECASE,
)
MAX_TITLE_CHARS = 200
SENTENCE_ENDS = tuple(".!?:;…")


def number(value: str | None, default: int, lowest: int = 0, highest: int = 10_000) -> int:
    """An attribute's whole number, `default` when it is missing or not a number, kept within
    [lowest, highest] (a damaged or hostile file may say anything)."""
    try:
        found = int(value) if value is not None else default
    except ValueError:
        found = default
    return min(max(found, lowest), highest)


def reads_as_title(value: str | None) -> bool:
    """Whether a document property is a real title, not a file name or a placeholder."""
    text = normalize_space(value or "")
    return (
        bool(text)
        and len(text) <= MAX_TITLE_CHARS
        and not (PLACEHOLDER_TITLE.fullmatch(text) or "/" in text or "\\" in text)
    )


def real_author(value: str | None) -> str | None:
    """The author property, unless it is a computer's or a tool's default name."""
    text = normalize_space(value or "")
    return text if text and not PLACEHOLDER_AUTHOR.fullmatch(text) else None


def table_rows(
    rows: Sequence[Sequence[str]], header: bool, options: DocumentOptions = DEFAULT_DOCUMENT
) -> list[Block]:
    """A table's blocks (see the module's docstring): `header` says whether its first row
    names the columns."""
    rows = [list(row) for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    if options.tables == "skip":
        return [Block(table_skipped(len(rows)))]
    width = max(len(row) for row in rows)
    if width < 2:
        return [Block(cell) for row in rows for cell in row if cell.strip()]
    headers, body = (rows[0], rows[1:]) if header and len(rows) > 1 else ([], rows)
    blocks = []
    for row in body:
        cells = []
        for index, cell in enumerate(row):
            if not cell.strip():
                continue
            name = headers[index] if index < len(headers) else ""
            cells.append(_sentence(f"{name}: {cell}" if name and name != cell else cell))
        if cells:
            blocks.append(Block(" ".join(cells)))
    return blocks


def _sentence(text: str) -> str:
    """A cell as a sentence: a full stop added unless it ends in punctuation."""
    text = normalize_space(text)
    return text if text[-1:] in SENTENCE_ENDS else f"{text}."


@dataclass
class Notes:
    """Footnotes and endnotes referred to in the current section, numbered in reading order
    through the document; `--notes skip` (read=False) drops them."""

    texts: dict[str, str]  # a note's key ("footnote:2") to its text
    read: bool = True
    pending: dict[str, None] = field(default_factory=dict)  # an ordered set: linear lookups
    numbered: int = 0

    def refer(self, key: str) -> None:
        if self.read and key in self.texts:
            self.pending.setdefault(key, None)

    def flush(self) -> list[Block]:
        """The pending notes as blocks, introduced, at the end of their section."""
        blocks = []
        for key in self.pending:
            text = normalize_space(self.texts[key])
            if text:
                self.numbered += 1
                blocks.append(Block(note(self.numbered, text)))
        self.pending = {}
        return [Block(NOTES_INTRODUCED), *blocks] if blocks else []


@dataclass
class Collected:
    """What a Word or OpenDocument body walk found, before it becomes sections."""

    items: list[Item] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # Title-style paragraphs, in order


def sections_and_title(
    collected: Collected, property_title: str | None, author: str | None = None
) -> tuple[str, tuple[Section, ...]]:
    """The document's title (see the module's docstring) and its sections; a paragraph before
    the first heading that only names the author is the byline, said once, not text."""
    items = without_byline(collected.items, author)
    if reads_as_title(property_title):
        title = normalize_space(property_title or "")
    elif collected.titles:
        title = collected.titles[0]
    else:
        headings = [item for item in items if isinstance(item, Heading)]
        top = [item for item in headings if item.level == min(h.level for h in headings)]
        if len(top) > 1:  # one of several chapters: the title, and still a chapter
            return top[0].text, build_sections(items)
        title = top[0].text if top else ""
    if title:
        items = without_title_heading(items, title)
    return title, build_sections(items)


def without_byline(items: list[Item], author: str | None) -> list[Item]:
    if not author:
        return items
    for index, item in enumerate(items):
        if isinstance(item, Heading):
            break
        if isinstance(item, Block) and item.text.casefold() == author.casefold():
            return items[:index] + items[index + 1 :]
    return items


def without_title_heading(items: list[Item], title: str) -> list[Item]:
    """Drop the first heading when it repeats the title (the title is said once); the
    sections under it keep their levels."""
    for index, item in enumerate(items):
        if isinstance(item, Heading):
            if item.text.casefold() == title.casefold():
                return items[:index] + items[index + 1 :]
            return items
    return items
