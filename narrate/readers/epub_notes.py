"""An EPUB's footnotes and endnotes: never read where they sit, their marks never spoken.

A note is an element whose `epub:type` (or ARIA role) says footnote, endnote or rearnote, or an
item of a list of notes (`epub:type` footnotes/endnotes/rearnotes, or pandoc's and Calibre's
note classes), in the chapter's own document or in a document of notes. Each is taken out of
the text it sits in, with its back link; a mark pointing to it (`epub:type="noteref"`, or a
short link such as "1", "[2]", "*") becomes a placeholder, and the notes a chapter refers to are
read at its end (narrate.readers.office.Notes: "Notes." then "1. ...") or, with `--notes skip`,
left out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import Tag
from bs4.element import NavigableString

from narrate.model import Block
from narrate.readers.cleanup import normalize_space
from narrate.readers.epub_package import attribute, resolve
from narrate.readers.office import Notes
from narrate.readers.sections import Heading, Item

NOTE_TYPES = frozenset("footnote endnote rearnote note".split())
NOTE_LISTS = frozenset("footnotes endnotes rearnotes".split())
REFERENCES = frozenset("noteref footnote-ref".split())
BACKLINKS = frozenset("backlink footnote-back footnote-backref".split())
NOTE_MARK = re.compile(r"\[?(\d{1,3}|[a-z]|[*†‡§¶])\]?|[↩↑^]\ufe0e?\ufe0f?", re.IGNORECASE)
NOTE_ITEMS = ("li", "aside", "div", "section", "p", "dd")
PLACEHOLDER = re.compile("\ue002(\\d+)\ue003")
LEADING_PUNCTUATION = re.compile(r"^[\s.:)\]]+")


NOTE_CLASSES = frozenset("footnote endnote".split())  # pandoc's, Calibre's, many publishers'
NOTE_LIST_CLASSES = frozenset("footnotes endnotes".split())
INLINE = frozenset("a sup sub span".split())  # a note's mark, not the note


def kinds(tag: Tag) -> set[str]:
    """What an element says it is: its epub:type and ARIA role (without "doc-")."""
    found = set(attribute(tag, "epub:type").split())
    return found | {role.removeprefix("doc-") for role in attribute(tag, "role").split()}


def classes(tag: Tag) -> set[str]:
    return {name for name in tag.get_attribute_list("class") if name}


class BookNotes:
    """The book's notes by "member#id", and the ones the current chapter refers to."""

    def __init__(self, read: bool):
        self.notes = Notes({}, read=read)
        self.keys: list[str] = []
        self.number: dict[str, int] = {}  # a note's key to its place in self.keys

    def collect(self, body: Tag, path: str) -> bool:
        """Take the notes out of a content document, keeping their texts; whether it had any."""
        found = body.find_all(_is_note_or_list)
        for tag in found:
            if tag.parent is None:
                continue  # inside a note or list already taken out
            if kinds(tag) & NOTE_LISTS or classes(tag) & NOTE_LIST_CLASSES:
                taken: set[int] = set()
                for note in tag.find_all(NOTE_ITEMS, id=True):
                    if not any(id(parent) in taken for parent in note.parents):
                        taken.add(id(note))
                        self._keep(note, path)
            else:
                self._keep(tag, path)
            tag.extract()
        return bool(found)

    def _keep(self, note: Tag, path: str) -> None:
        if not note.get("id"):
            return
        for link in note.find_all("a"):
            mark = NOTE_MARK.fullmatch(normalize_space(link.get_text()))
            if (kinds(link) | classes(link)) & BACKLINKS or mark:
                link.extract()
        text = LEADING_PUNCTUATION.sub("", normalize_space(note.get_text(" ")))
        key = f"{path}#{attribute(note, 'id')}"
        if text and key not in self.number:
            self.number[key] = len(self.keys)
            self.keys.append(key)
            self.notes.texts[key] = text

    def mark_references(self, body: Tag, path: str, folder: str) -> None:
        """Note marks in a content document: placeholders for known notes, gone either way."""
        for link in body.find_all("a", href=True):
            href = attribute(link, "href")
            text = normalize_space(link.get_text())
            marked = "#" in href and NOTE_MARK.fullmatch(text) is not None
            if not ((kinds(link) | classes(link)) & REFERENCES or marked):
                continue
            target = "#".join(resolve(folder, href, path))
            parent = link.parent
            if isinstance(parent, Tag) and parent.name == "sup" and len(parent.contents) == 1:
                link = parent  # the superscript holding the mark goes with it
            if target in self.number:
                link.replace_with(NavigableString(f"\ue002{self.number[target]}\ue003"))
            else:
                link.extract()

    def place(self, items: list[Item]) -> list[Item]:
        """The items with placeholders taken out, and the notes they refer to read before the
        next heading (the end of their chapter)."""
        placed: list[Item] = []
        for item in items:
            if isinstance(item, Heading):
                placed.extend(self.notes.flush())
                text = self._refer(item.text)
                if text:
                    placed.append(Heading(text, item.level))
            elif isinstance(item, Block):
                text = self._refer(item.text)
                if text:
                    placed.append(replace(item, text=text))
        return placed

    def end(self) -> list[Item]:
        """The notes still pending at the end of the book."""
        return list(self.notes.flush())

    def _refer(self, text: str) -> str:
        if "\ue002" not in text:
            return text
        for index in map(int, PLACEHOLDER.findall(text)):
            if index < len(self.keys):  # else the book's own text held the characters
                self.notes.refer(self.keys[index])
        return normalize_space(PLACEHOLDER.sub("", text)).replace(" .", ".").replace(" ,", ",")


def _is_note_or_list(tag: Tag) -> bool:
    found, named = kinds(tag), classes(tag)
    if found & NOTE_LISTS or named & NOTE_LIST_CLASSES:
        return True
    return bool(found & NOTE_TYPES or named & NOTE_CLASSES) and tag.name not in INLINE
