"""Spanish read as a careful Spanish-speaking clinician reads it aloud: the cases in
tests/fixtures/speech/es_clinic.tsv, with the Spanish clinical lexicon as a build uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.speech.explain import explain
from narrate.speech.lexicon import clinical_lexicon
from narrate.speech.normalize import normalize, steps

CASES_FILE = Path(__file__).parents[1] / "fixtures" / "speech" / "es_clinic.tsv"
CASES = [
    tuple(line.split("\t"))
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
CLINICAL = clinical_lexicon("es")


@pytest.mark.parametrize(("display", "spoken"), CASES, ids=[c[0][:40] for c in CASES])
def test_spanish(display, spoken):
    assert normalize(display, "es", lexicon=CLINICAL) == spoken


def test_there_are_at_least_150_spanish_cases():
    assert len(CASES) >= 150
    assert len({display for display, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("display", "spoken"), CASES, ids=[c[0][:40] for c in CASES])
def test_spanish_output_is_a_fixed_point(display, spoken):
    assert normalize(spoken, "es", lexicon=CLINICAL) == spoken


@pytest.mark.parametrize("language", ["es", "es-MX", "es_US", "ES"])
def test_every_spanish_tag_reads_by_the_spanish_rules(language):
    assert normalize("Tome 1 tableta a las 8:30.", language) == (
        "Tome una tableta a las ocho y treinta."
    )


def test_english_rules_and_lexicon_stay_out_of_a_spanish_article():
    assert clinical_lexicon("es").apply("HIPAA") == "HIPAA"
    assert normalize("Tome 5 mg.", "es") == "Tome cinco miligramos."
    assert normalize("Take 5 mg.", "en") == "Take five milligrams."


@pytest.mark.parametrize(
    ("display", "change"),
    [
        ("Tome 5 mg VO", "VO → por vía oral  [routes]"),
        ("Dra. Pérez", "Dra. → Doctora  [abbreviations]"),
        ("el 3 de marzo", "3 → tres  [dates]"),
        ("a las 8:30", "8:30 → ocho y treinta  [times]"),
        ("cuesta 20 €", "20 € → veinte euros  [currency]"),
        ("el 1.er piso", "1.er → primer  [ordinals]"),
        ("llame al 911", "911 → nueve uno uno  [emergency numbers]"),
        ("prueba de VIH", "VIH → ve i hache  [clinical lexicon: HIV, spelled with the Spanish"
                          " names of its letters]"),
    ],
)
def test_script_diff_names_each_spanish_rule(display, change):
    _, changes = explain(display, steps(display, "es", lexicon=CLINICAL))
    assert change in [str(c) for c in changes]


@pytest.mark.parametrize(
    ("language", "display", "spoken"),
    [
        ("fr", "Rendez-vous le 3 mars 2026 à 8 h 30.",
         "Rendez-vous le trois mars deux mille vingt-six à huit heures trente."),
        ("fr", "Le 1er mars, 20,50 €.", "Le premier mars, vingt euros et cinquante centimes."),
        ("fr", "Remboursé à 70 %.", "Remboursé à soixante-dix pour cent."),
        ("fr", "Le 03/03/2026 à 14:00.", "Le trois mars deux mille vingt-six à quatorze heures."),
        ("de", "Termin am 3. März 2026 um 8:30 Uhr.",
         "Termin am dritten März zweitausendsechsundzwanzig um acht Uhr dreißig."),
        ("de", "Das kostet 20 €.", "Das kostet zwanzig Euro."),
        ("de", "Fieber über 38,5 Grad.", "Fieber über achtunddreißig Komma fünf Grad."),
        ("de", "Am 03.03.2026 um 14.00 Uhr.",
         "Am dritten März zweitausendsechsundzwanzig um vierzehn Uhr."),
        ("pt", "Consulta em 3 de março de 2026 às 8h30.",
         "Consulta em três de março de dois mil e vinte e seis às oito e trinta."),
        ("pt", "Custa R$ 20.", "Custa vinte reais."),
        ("pt", "Custa 20,50 €.", "Custa vinte euros e cinquenta cêntimos."),
        ("pt-BR", "Cobre 80 % do custo.", "Cobre oitenta por cento do custo."),
        ("it", "Appuntamento il 3 marzo 2026 alle 8:30.",
         "Appuntamento il tre marzo duemilaventisei alle otto e trenta."),
        ("it", "Costa 20 €.", "Costa venti euro."),
        ("it", "Il 1° marzo.", "Il primo marzo."),
        ("it", "Prenda 2,5 compresse.", "Prenda due virgola cinque compresse."),
    ],
)  # fmt: skip
def test_french_german_portuguese_italian_numbers_dates_times_money(language, display, spoken):
    assert normalize(display, language) == spoken
    assert normalize(spoken, language) == spoken
