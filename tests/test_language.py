"""The article's language: --lang, else the source's declaration, else its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.language import choose, detect
from narrate.readers import read_article
from narrate.speech.announcements import announcements_for, says_steps
from tests.helpers import narrate_process

FIXTURES = Path(__file__).parent / "fixtures" / "languages" / "clinic_sentences.tsv"
ROWS = [
    tuple(line.split("\t", 1))
    for line in FIXTURES.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


def test_the_detector_names_every_short_clinic_text_right():
    wrong = [(language, text, detect(text)) for language, text in ROWS if detect(text) not in
             (language, None)]  # fmt: skip
    answered = [detect(text) for _, text in ROWS if detect(text)]
    assert not wrong
    assert len(answered) >= 0.8 * len(ROWS)  # the shortest may be too short to judge


@pytest.mark.parametrize("text", ["", "OK", "8:30", "555-123-4567 $20", "Hola"])
def test_too_little_text_is_not_judged(text):
    assert detect(text) is None


@pytest.mark.parametrize(
    ("given", "declared", "text", "chosen"),
    [
        ("fr", "es", "Su cita es el martes a las ocho de la mañana.", "fr"),
        (None, "de", "Su cita es el martes a las ocho de la mañana.", "de"),
        (None, "", "Su cita es el martes a las ocho de la mañana.", "es"),
        (None, "en", "Su cita es el martes a las ocho de la mañana.", "en"),  # declared: kept
        (None, "en-GB", "Your appointment is on Tuesday morning at eight.", "en-GB"),
        (None, "", "Your appointment is on Tuesday morning at eight.", "en"),
        (None, "", "OK", "en"),
    ],
)
def test_lang_then_the_source_then_the_text(given, declared, text, chosen):
    assert choose(given, declared, text) == chosen


def _page(tmp_path: Path, lang: str, body: str) -> Path:
    page = tmp_path / "page.html"
    attribute = f' lang="{lang}"' if lang else ""
    head = f"<!doctype html><html{attribute}><head><title>T</title></head>"
    page.write_text(f"{head}<body><article><h1>T</h1><p>{body}</p></article></body></html>")
    return page


def test_an_html_lang_is_kept_and_a_missing_one_is_detected(tmp_path):
    spanish = "Tome una tableta dos veces al día con comida y llame si la fiebre no baja."
    assert read_article(_page(tmp_path, "es-MX", spanish)).language == "es-MX"
    assert read_article(_page(tmp_path, "", spanish)).language == "es"
    assert read_article(_page(tmp_path, "", spanish), language="pt").language == "pt"
    english = "Take one tablet twice a day with food and call if the fever does not go down."
    assert read_article(_page(tmp_path, "", english)).language == "en"


def test_a_page_declared_english_is_read_as_english_whatever_its_names(tmp_path):
    """An English clinic page listing its doctors, whose names the detector takes for
    Spanish: the page's own `lang="en"` is trusted, so it is read, voiced and announced in
    English (it was read in Spanish, and Piper refused to build it without a Spanish voice)."""
    names = "Dr. María Fernández Gutiérrez. Dr. José Luis Ramírez Ortega. Dra. Guadalupe Sánchez."
    page = _page(tmp_path, "en", f"{names} Llame al consultorio. Call 555-0134 on 3/4/2025.")
    assert read_article(page).language == "en"
    said = narrate_process("script", str(page))
    assert said.returncode == 0, said.stderr
    assert "March fourth, twenty twenty-five" in said.stdout and "quinientos" not in said.stdout
    assert "read by a synthetic voice" in said.stdout


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_an_undeclared_spanish_text_is_detected_and_an_english_one_stays_english(
    tmp_path, suffix
):
    spanish = tmp_path / f"cita{suffix}"
    spanish.write_text("Su cita\n\nSu cita es el martes a las ocho de la mañana. Traiga su "
                       "tarjeta del seguro y la lista de sus medicinas.\n", encoding="utf-8")
    assert read_article(spanish).language == "es"
    english = tmp_path / f"visit{suffix}"
    english.write_text("Your visit\n\nYour visit is on Tuesday at eight in the morning. Bring "
                       "your insurance card and the list of your medicines.\n", encoding="utf-8")
    assert read_article(english).language == "en"


def test_announcements_in_each_language_with_english_for_the_rest():
    assert announcements_for("es-MX").section.format(index=1, total=2) == "Sección 1 de 2"
    assert announcements_for("de").step == "Schritt"
    assert announcements_for("vi").step == "Step"
    assert says_steps("es", "Siga estos pasos antes de su cita")
    assert not says_steps("es", "Nuestros horarios")
