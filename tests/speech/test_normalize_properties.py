"""Properties of the normaliser: it never raises, never goes silent, and is idempotent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.speech.normalize import normalize

# Text built from the pieces the rules look for, so the rules fire and meet each other.
PIECES = [
    "8:30",
    "AM",
    "a.m.",
    "p.m.",
    "911",
    "555-123-4567",
    "XXX-XXX-XXXX",
    "(2)",
    "two",
    "PTSD",
    "e.g.",
    "etc.",
    "vs.",
    "mg/kg",
    "$1,200",
    "$",
    "24/7",
    "1st",
    "2–3",
    "-",
    "–",
    "Dr.",
    "St.",
    "Smith",
    "Main",
    "Mary's",
    "https://www.example.org/a",
    "help@clinic.org",
    "😀",
    "•",
    "\n",
    "1.",
    "2024-03-05",
    "March",
    "5,",
    "2024",
    "1990s",
    "in",
    "98.6°F",
    "50%",
    "1/2",
    "½",
    "mg",
    "5",
    "0",
    "007",
    "3.14",
    "X.680",
    "4.19.0",
    "10.0.0.1",
    "31.12.2023",
    "(C)",
    "Copyright",
    ".",
    ",",
    "?",
    " ",
    "  ",
    "(",
    ")",
    "[1]",
    "#",
    "&",
    "+",
    "/",
    "NASA",
    "CDs",
    "'90s",
    "x",
    "No.",
    "12",
    "Oak",
    "and/or",
    "°",
    "²",
    "™",
    "—",
    "B12",
    "COVID-19",
    "192.168.0.1:8080",
    "localhost:8000",
    "example.org:443",
    "$1.234.567",
    "10:30",
]
piece_text = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join)
glued_text = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
any_text = st.text(max_size=60)
texts = st.one_of(piece_text, glued_text, any_text)
languages = st.sampled_from(["en", "en-GB", "fr", "de", "xx"])
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _has_speech(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@SETTINGS
@given(texts, languages, st.sampled_from(["read", "drop"]))
def test_never_raises_and_never_goes_silent(text, language, urls):
    spoken = normalize(text, language, urls=urls)
    assert isinstance(spoken, str)
    if _has_speech(text):
        assert _has_speech(spoken)


@SETTINGS
@given(texts, languages)
def test_idempotent(text, language):
    spoken = normalize(text, language)
    assert normalize(spoken, language) == spoken


@SETTINGS
@given(texts)
def test_english_output_has_no_ascii_digits(text):
    assert not any(ch in "0123456789" for ch in normalize(text))
