"""Notes at the foot of a page: lines in type smaller than the body's, below the page's last
line of body text, the first of them beginning with a note mark (small type without one, such
as a code listing, is text). Their marks in the text are never read (narrate.readers.pdf_text);
the notes themselves are read at the end of their chapter ("end") or left out ("skip"), each
as "Note: …" without its mark."""

from __future__ import annotations

import re
from collections.abc import Sequence

from narrate.readers.pdf_text import Line

NOTE_SIZE = 0.9  # of the body type size, at most
SAME_SIZE = 0.6  # points
MARK = re.compile(r"^[0-9*†‡§¶]{1,3}(\s|$)")  # "1 See…", "* Not…": a mark set at the text's size


def split_notes(lines: Sequence[Line], body: float) -> tuple[list[Line], list[Line]]:
    """A page's lines: its text, and the notes at its foot."""
    text = [line for line in lines if line.size >= body - SAME_SIZE]
    if not text:
        return list(lines), []
    floor = min(line.bottom for line in text)
    notes = [
        line
        for line in lines
        if line.top <= floor and line.size <= NOTE_SIZE * body and not line.alone
    ]
    if not notes or not _starts_with_a_mark(notes):
        return list(lines), []
    return [line for line in lines if line not in notes], notes


def _starts_with_a_mark(notes: Sequence[Line]) -> bool:
    """Whether the first of the notes (the topmost line, leftmost if several) is or begins with
    a note mark."""
    top = max(line.top for line in notes)
    first = min((line for line in notes if line.top >= top - 2), key=lambda line: line.left)
    return first.marked or MARK.match(first.text) is not None


def note_texts(notes: Sequence[Line]) -> list[str]:
    """The notes of a page as texts, top down: a line that begins with a mark starts a note,
    the lines after it continue it; the marks are not kept."""
    texts: list[str] = []
    for line in sorted(notes, key=lambda line: (-round(line.top), line.left)):
        mark = MARK.match(line.text)
        if mark or line.marked or not texts:
            texts.append(line.text[mark.end() :] if mark else line.text)
        else:
            texts[-1] = f"{texts[-1]} {line.text}"
    return [" ".join(text.split()) for text in texts if text.strip()]
