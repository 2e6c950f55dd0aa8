"""Footnotes and endnotes of web pages, Markdown and pasted text: never read where they sit,
their marks and back-links ("↩", "↑", "^") never spoken.

The notes rule of every reader (narrate.readers.document_options.NOTES): with `--notes end`
the notes are read once, at the end of the article, under a chapter of their own ("Notes"),
each introduced by its number ("Note 1. …"); with `--notes skip` they are left out.

A note in text is a block that looks like one: "[1] …", "[^1]: …" (Markdown's footnote), "↑ …"
or "^ …" (a Wikipedia note copied with its back-link, "^ a b …" when it has several), or a block
ending in a back-link arrow ("… 1990. ↩"); and a numbered list item under a heading that names
notes ("Notes", "Footnotes", "Endnotes"; a recipe's bulleted "Notes" are its text). Web pages'
notes are found in their markup first (narrate.readers.html_notes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from narrate.added_words import NOTES_CHAPTER, note
from narrate.model import Block
from narrate.readers.cleanup import normalize_space
from narrate.readers.sections import Heading, Item

NOTES_HEADING = re.compile(r"(?:foot|end)?notes?\s*:?", re.IGNORECASE)
# The mark that opens a note: "[1]", "[^1]:", "↑", "^ a b", "Jump up to: a b".
NOTE_START = re.compile(
    r"^\s*(?:\[\^?[\w*†‡]{1,4}\]:?|(?:[↑^]|jump up(?: to)?:?)(?:\s*[a-z](?=\s))*)\s*(?=\S)",
    re.IGNORECASE,
)
BACK_LINKS = re.compile(r"(?:\s*(?:↩|↑)[\ufe0e\ufe0f]?\d*)+\s*$")
OWN_MARK = re.compile(r"^\s*(?:\[\^?\w{1,4}\]:?|\d{1,3}[.)](?=\s)|[*†‡§¶]+|[↑^])\s*")
REFERENCE = re.compile(r"\[\^[^\]\s]{1,20}\]")  # Markdown's footnote reference "[^1]"


def is_note(text: str) -> bool:
    """Whether a block of text is a note by its shape (see the module's docstring)."""
    return NOTE_START.match(text) is not None or BACK_LINKS.search(text) is not None


def note_text(text: str) -> str:
    """A note's words, without its own mark or number and without back-links."""
    text = BACK_LINKS.sub("", normalize_space(text))
    match = NOTE_START.match(text)
    text = text[match.end() :] if match else OWN_MARK.sub("", text, count=1)
    return normalize_space(text)


def without_references(text: str) -> str:
    """Text without Markdown footnote references ("record.[^1] Then" → "record. Then")."""
    return normalize_space(REFERENCE.sub("", text))


def split_notes(items: Sequence[Item]) -> tuple[list[Item], list[str]]:
    """The items without their notes, and the notes' texts in reading order. A heading naming
    notes goes with them when every block under it was a note."""
    kept: list[Item] = []
    notes: list[str] = []
    under_notes: int | None = None  # the index in `kept` of a "Notes" heading being read
    taken_all, before = True, 0
    for item in items:
        if isinstance(item, Heading):
            if under_notes is not None and taken_all and len(notes) > before:
                del kept[under_notes]
            under_notes = len(kept) if NOTES_HEADING.fullmatch(item.text) else None
            taken_all, before = True, len(notes)
            kept.append(item)
        elif is_note(item.text) or (under_notes is not None and item.place is not None):
            text = note_text(item.text)
            if text:
                notes.append(text)
        else:
            taken_all = taken_all and under_notes is None
            kept.append(item)
    if under_notes is not None and taken_all and len(notes) > before:
        del kept[under_notes]
    return kept, notes


def notes_chapter(notes: Sequence[str], items: Sequence[Item], read: bool) -> list[Item]:
    """The "Notes" chapter that ends an article: its heading at the level of the article's
    top headings, then "Note 1. …" for each note; nothing when there are none or they are
    skipped."""
    texts = [text for text in (normalize_space(note) for note in notes) if text]
    if not read or not texts:
        return []
    level = min((item.level for item in items if isinstance(item, Heading)), default=2)
    blocks = [Block(note(number, text)) for number, text in enumerate(texts, 1)]
    return [Heading(NOTES_CHAPTER, level), *blocks]
