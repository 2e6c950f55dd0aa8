"""The words narrate adds to a document ("Notes", "Note 1.", "Image: …", "Table skipped: …")
are said in the article's language: a Spanish article hears "Notas" and "Imagen"."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.added_words import WORDS, image, in_language, note, page_note, table_skipped
from narrate.model import Article, Block, Section
from narrate.profiles import Pauses
from narrate.speech.script import build_script
from tests.helpers import narrate_process, script_of
from tests.readers.office_documents import zip_bytes

OFFICE = Path(__file__).parent / "fixtures" / "documents" / "office"
OWN = {  # what a listener of each language should hear, written out here, not taken from WORDS
    "es": ("Notas", "Nota 2.", "Imagen:", "Tabla omitida: 3 filas.", "Nota:"),
    "fr": ("Notes", "Note 2.", "Image :", "Tableau omis : 3 lignes.", "Note :"),
    "de": ("Anmerkungen", "Anmerkung 2.", "Bild:", "Tabelle übersprungen: 3 Zeilen.",
           "Anmerkung:"),
    "pt": ("Notas", "Nota 2.", "Imagem:", "Tabela omitida: 3 linhas.", "Nota:"),
    "it": ("Note", "Nota 2.", "Immagine:", "Tabella omessa: 3 righe.", "Nota:"),
}  # fmt: skip


def _article(language: str) -> Article:
    return Article("Título", (
        Section("Capítulo", 1, (Block("Texto del capítulo."), Block(image("Un mapa")),
                                Block(table_skipped(3)), Block(page_note("De la página.")))),
        Section("Notes", 1, (Block("Notes."), Block(note(2, "Una nota.")))),
    ), language=language)  # fmt: skip


@pytest.mark.parametrize("language", sorted(OWN))
def test_each_language_hears_its_own_words(language):
    notes, numbered, image_word, table, page_word = OWN[language]
    read = in_language(_article(f"{language}-XX"))
    assert [s.title for s in read.sections] == ["Capítulo", notes]
    assert [b.text for s in read.sections for b in s.blocks] == [
        "Texto del capítulo.", f"{image_word} Un mapa", table, f"{page_word} De la página.",
        f"{notes}.", f"{numbered} Una nota.",
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "en-GB", "ja", ""])
def test_english_and_languages_without_words_of_their_own_keep_the_english(language):
    article = _article(language)
    assert in_language(article) is article


def test_the_authors_own_words_are_left_alone():
    article = Article("Título", (Section("Notes on Paris", 1, (
        Block("Image:alt"), Block("Imagery: high"), Block("Note 1.5 mg daily."),
        Block("Table skipped: many rows."), Block("Notes. More."),
    )),), language="es")  # fmt: skip
    assert in_language(article) == article


def test_one_row_is_singular():
    read = in_language(Article("T", (Section(None, 1, (Block(table_skipped(1)),)),), language="de"))
    assert read.sections[0].blocks[0].text == "Tabelle übersprungen: 1 Zeile."


@given(
    st.sampled_from(sorted(WORDS)),
    st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=40),
    st.integers(1, 999),
)
def test_any_alternative_text_and_note_number_keep_their_words(language, text, number):
    words = WORDS[language]
    read = in_language(Article("T", (Section(None, 1, (
        Block(image(text)), Block(note(number, text)),
    )),), language=language))  # fmt: skip
    said = [b.text for b in read.sections[0].blocks]
    assert said == [f"{words.image} {text}", f"{words.note.format(number=number)} {text}"]


def test_the_scripts_chapters_and_cues_carry_the_words():
    script = build_script(_article("es"), Pauses())
    assert [c.title for c in script.chapters] == ["Capítulo", "Notas"]
    displays = [c.display for c in script.cues]
    assert "Imagen: Un mapa" in displays and "Notas" in displays
    assert not [d for d in displays if d.startswith(("Note", "Image:", "Table"))]


def test_a_spanish_markdown_article_says_notas_and_nota(tmp_path):
    page = tmp_path / "cita.md"
    said = script_of(
        page,
        "# La visita al médico\n\nSu cita es el martes a las ocho de la mañana en la clínica "
        "del barrio.[^1] Traiga su tarjeta del seguro y la lista de sus medicinas.\n\n"
        "[^1]: La clínica abre a las siete y media.\n",
    ).splitlines()
    assert said[said.index("Notas") + 1 :][:2] == [
        "Nota uno.",
        "La clínica abre a las siete y media.",
    ]
    assert not [line for line in said if line.startswith("Note")], said


def test_a_spanish_book_says_imagen_before_an_images_text(tmp_path):
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>x</title></head><body><h1>El puerto</h1><p>Mire el mapa antes de salir "
        'de casa por la mañana.</p><img src="m.png" alt="Un mapa de la bahía"/></body></html>'
    )
    parts = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": (
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>"
        ),
        "OPS/book.opf": (
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>El puerto'
            "</dc:title><dc:language>es</dc:language></metadata><manifest>"
            '<item id="uno" href="uno.xhtml" media-type="application/xhtml+xml"/></manifest>'
            '<spine><itemref idref="uno"/></spine></package>'
        ),
        "OPS/uno.xhtml": page,
    }
    book = tmp_path / "puerto.epub"
    book.write_bytes(zip_bytes(parts))
    said = script_of(book)
    assert "Imagen: Un mapa de la bahía" in said.splitlines(), said
    assert "Image:" not in said


def test_a_word_document_read_in_german_says_anmerkungen():
    run = narrate_process("script", "--lang", "de", str(OFFICE / "footnoted-report.docx"))
    assert run.returncode == 0, run.stderr
    said = run.stdout.splitlines()
    assert said.count("Anmerkungen.") == 3 and "Anmerkung eins." in said, said
    assert not [line for line in said if line.startswith("Note")], said
