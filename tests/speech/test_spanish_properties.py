"""Properties of the Spanish normaliser, as for English: it never raises, leaves no digit or
symbol it owns, never goes silent, and is idempotent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.speech.lexicon import clinical_lexicon
from narrate.speech.normalize import normalize

CLINICAL = clinical_lexicon("es")
# Text built from the pieces the Spanish rules look for, so they fire and meet each other.
PIECES = [
    "8:30", "14:00", "p. m.", "a. m.", "911", "112", "555-123-4567", "+34 912 345 678",
    "Teléfono", "1.º", "2.ª", "1.er", "3.os", "3 de marzo de 2026", "03/03/2026", "2026-03-05",
    "1 de mayo", "US$ 20", "$1,200.50", "20 €", "20,50 €", "$2 millones", "50 %", "2,5 %",
    "5 mg", "1 mg", "0,5 mg", "mg/kg", "10 mg/kg/día", "38,5 °C", "°", "120/80 mmHg", "PA",
    "VO", "IV", "c/8 h", "x 7 días", "2x/día", "s.o.s.", "1/2", "½", "¾", "tableta",
    "tabletas", "veces", "al día", "Dr.", "Dra.", "Sr.", "Sra.", "Ud.", "p. ej.", "etc.",
    "EE. UU.", "tipo II", "siglo XXI", "VIH", "TSH", "HbA1c", "2-3", "–", "-", "-5", "1.000",
    "1.250", "12,500", "007", "21", "200", "personas", "días", "semanas", "&", "+", ">=", "<",
    "%", "#", "1", "0", ".", ",", "?", "¿", "¡", " ", "(", ")", "citas@clinica.org",
    "www.clinica.org", "😀", "\n", "•", "1.",
]  # fmt: skip
OWNED = set("0123456789%&+<>=°½¼¾€$#")

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map(" ".join)
glued = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(texts, glued))
def test_no_digit_or_owned_symbol_is_left(text):
    spoken = normalize(text, "es", lexicon=CLINICAL)
    assert not OWNED & set(spoken), spoken


@SETTINGS
@given(st.one_of(texts, glued))
def test_spanish_normalising_is_idempotent(text):
    once = normalize(text, "es", lexicon=CLINICAL)
    assert normalize(once, "es", lexicon=CLINICAL) == once


@SETTINGS
@given(st.one_of(texts, glued))
def test_speakable_text_never_goes_silent(text):
    spoken = normalize(text, "es", lexicon=CLINICAL)
    if any(ch.isalnum() for ch in text):
        assert any(ch.isalnum() for ch in spoken)


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_is_read_without_error(text):
    normalize(text, "es", lexicon=CLINICAL)
