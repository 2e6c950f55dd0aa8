"""The words narrate adds to a document, in the article's language: the chapter that gathers
the notes ("Notes", "Notas"), a note's number ("Note 1. …"), a note read where its page ends
("Note: …"), an image's alternative text ("Image: …", "Imagen: …"), a table left out ("Table
skipped: 3 rows.").

The readers write them in English (the functions below), because the language is known only
once the text is read (narrate.language detects it from what the readers return). The script
is made in the article's language (narrate.speech.script calls `in_language`), so a Spanish
article says "Notas" and "Imagen", in its chapters and captions as well as its audio. A
language not in `WORDS` keeps the English words, as the announcements do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from narrate.model import Article, Section


@dataclass(frozen=True)
class AddedWords:
    """One language's words; {number} is a note's number, {rows} a table's row count."""

    notes: str  # the chapter of notes, and (with a full stop) the line before a section's notes
    note: str  # before a numbered note's text
    page_note: str  # before a note read at the end of its page's chapter
    image: str  # before an image's alternative text
    table_row: str  # a table left out, one row
    table_rows: str  # a table left out, several rows


WORDS: dict[str, AddedWords] = {
    "en": AddedWords("Notes", "Note {number}.", "Note:", "Image:",
                     "Table skipped: {rows} row.", "Table skipped: {rows} rows."),
    "es": AddedWords("Notas", "Nota {number}.", "Nota:", "Imagen:",
                     "Tabla omitida: {rows} fila.", "Tabla omitida: {rows} filas."),
    "fr": AddedWords("Notes", "Note {number}.", "Note :", "Image :",
                     "Tableau omis : {rows} ligne.", "Tableau omis : {rows} lignes."),
    "de": AddedWords("Anmerkungen", "Anmerkung {number}.", "Anmerkung:", "Bild:",
                     "Tabelle übersprungen: {rows} Zeile.", "Tabelle übersprungen: {rows} Zeilen."),
    "pt": AddedWords("Notas", "Nota {number}.", "Nota:", "Imagem:",
                     "Tabela omitida: {rows} linha.", "Tabela omitida: {rows} linhas."),
    "it": AddedWords("Note", "Nota {number}.", "Nota:", "Immagine:",
                     "Tabella omessa: {rows} riga.", "Tabella omessa: {rows} righe."),
    "nl": AddedWords("Noten", "Noot {number}.", "Noot:", "Afbeelding:",
                     "Tabel overgeslagen: {rows} rij.", "Tabel overgeslagen: {rows} rijen."),
}  # fmt: skip
ENGLISH = WORDS["en"]

# --- what the readers write ---------------------------------------------------------------

NOTES_CHAPTER = ENGLISH.notes
NOTES_INTRODUCED = f"{ENGLISH.notes}."


def note(number: int, text: str) -> str:
    """'Note 1. The survey ran in May.'"""
    return f"{ENGLISH.note.format(number=number)} {text}"


def page_note(text: str) -> str:
    """'Note: Figures for 2023.'"""
    return f"{ENGLISH.page_note} {text}"


def image(alt: str) -> str:
    """'Image: A map of the bay'."""
    return f"{ENGLISH.image} {alt}"


def table_skipped(rows: int) -> str:
    """'Table skipped: 3 rows.'"""
    return (ENGLISH.table_row if rows == 1 else ENGLISH.table_rows).format(rows=rows)


# --- what the script says -------------------------------------------------------------------


def _form(template: str) -> str:
    """A pattern for an English form, its {number} or {rows} a run of digits."""
    return re.escape(template).replace(r"\{number\}", r"(\d+)").replace(r"\{rows\}", r"(\d+)")


_NOTE = re.compile(_form(ENGLISH.note) + r"(?=\s)")
_TABLE = re.compile(f"{_form(ENGLISH.table_row)}|{_form(ENGLISH.table_rows)}")


def words_for(language: str) -> AddedWords:
    """The words for `language` ("es-MX" finds "es"); English for a language without its own."""
    return WORDS.get(language.replace("_", "-").split("-")[0].lower(), ENGLISH)


def _block_text(text: str, words: AddedWords) -> str:
    if text == NOTES_INTRODUCED:
        return f"{words.notes}."
    if match := _NOTE.match(text):
        return words.note.format(number=match[1]) + text[match.end() :]
    if match := _TABLE.fullmatch(text):
        rows = int(match[1] or match[2])
        return (words.table_row if rows == 1 else words.table_rows).format(rows=rows)
    for english, own in ((ENGLISH.image, words.image), (ENGLISH.page_note, words.page_note)):
        if text.startswith(f"{english} "):
            return own + text[len(english) :]
    return text


def _section(section: Section, words: AddedWords) -> Section:
    title = words.notes if section.title == NOTES_CHAPTER else section.title
    blocks = tuple(
        block if (said := _block_text(block.text, words)) == block.text
        else replace(block, text=said)
        for block in section.blocks
    )  # fmt: skip
    if title == section.title and blocks == section.blocks:
        return section
    return replace(section, title=title, blocks=blocks)


def in_language(article: Article) -> Article:
    """`article` with the words narrate added (see the module's docstring) in its language."""
    words = words_for(article.language)
    if words is ENGLISH:
        return article
    sections = tuple(_section(section, words) for section in article.sections)
    return replace(article, sections=sections)
