"""Properties of the French, German, Portuguese and Italian numbers, dates, times and money:
any text with digits in it is read without an error and leaves no digit behind, however long
its numbers (a 44-digit Brazilian invoice key made num2words overflow)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.speech.normalize import normalize

PIECES = [
    "8:30", "14:00", "3/3/2026", "2026-03-05", "20 €", "20,50 €", "$2", "R$ 15", "£3", "50 %",
    "2,5", "1.200", "1 200", "3,5", "1", "0", "007", "12", "2024", " ", ".", ",", "-", "/",
]  # fmt: skip
digits = st.text("0123456789", min_size=1, max_size=60)
texts = st.lists(st.one_of(st.sampled_from(PIECES), digits), min_size=1, max_size=8).map(" ".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("language", ["fr", "de", "pt", "it"])
@SETTINGS
@given(text=texts)
def test_digits_of_any_length_are_read_without_error_and_none_is_left(language, text):
    spoken = normalize(text, language)
    assert not set("0123456789") & set(spoken), spoken


@pytest.mark.parametrize("language", ["fr", "de", "pt", "it"])
def test_a_long_number_is_read_digit_by_digit(language):
    key = "3521 0612 3456 7800 0190 5500 1000 0012 3410 0012 3456"
    spoken = normalize(f"Chave {key.replace(' ', '')}.", language)
    assert spoken.count(" ") > 40  # one word (at least) a digit
