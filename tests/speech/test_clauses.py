"""Over-long sentences cut for the engine: at clauses first, then words, then (a "word" longer
than the bound) characters; every piece fits, and the pieces are the sentence again."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.model import Article, Block, Section
from narrate.profiles import Pauses
from narrate.speech.clauses import MAX_ENGINE_CHARS, split_long
from narrate.speech.script import build_script

CLAUSE = "the nurse calls back within a working day about results"


def _fits(pieces: list[str], limit: int, measure=len) -> bool:
    return all(measure(piece.strip()) <= limit for piece in pieces)


def test_a_sentence_within_the_bound_is_one_piece():
    sentence = "The clinic opens at eight, and closes at six."
    assert split_long(sentence) == [sentence]


def test_semicolons_are_preferred_to_commas_and_words():
    sentence = f"{CLAUSE}, {CLAUSE}; {CLAUSE}, {CLAUSE}."
    pieces = split_long(sentence, limit=130)
    assert [p.strip() for p in pieces] == [f"{CLAUSE}, {CLAUSE};", f"{CLAUSE}, {CLAUSE}."]


@pytest.mark.parametrize("mark", [";", ":", " —", " –", " --", " -", ","])
def test_a_piece_ends_after_a_clause_mark(mark):
    sentence = f"{CLAUSE} {CLAUSE}{mark} {CLAUSE} {CLAUSE}"
    pieces = split_long(sentence, limit=120)
    assert pieces[0].rstrip().endswith(mark.strip()), pieces
    assert "".join(pieces) == sentence


@pytest.mark.parametrize("word", ["and", "but", "because", "which", "or"])
def test_without_punctuation_a_piece_ends_before_a_conjunction(word):
    sentence = f"{CLAUSE} {CLAUSE} {word} {CLAUSE} {CLAUSE}"
    pieces = split_long(sentence, limit=130)
    assert pieces[1].startswith(f"{word} "), pieces
    assert "".join(pieces) == sentence


def test_a_run_of_words_is_cut_between_words():
    sentence = " ".join(["appointment"] * 100)
    pieces = split_long(sentence, limit=100)
    assert len(pieces) > 1 and _fits(pieces, 100)
    assert all(p.strip().split() == ["appointment"] * len(p.split()) for p in pieces)
    assert "".join(pieces) == sentence


def test_a_word_longer_than_the_bound_is_cut_inside_it():
    blob = "Q" * 1000
    pieces = split_long(f"See {blob} now.", limit=300)
    assert _fits(pieces, 300) and "".join(pieces) == f"See {blob} now."


def test_no_clause_piece_is_tiny_when_a_longer_one_fits():
    sentence = f"Yes; {CLAUSE} {CLAUSE} {CLAUSE} {CLAUSE}"
    pieces = split_long(sentence, limit=150)
    assert len(pieces[0].strip()) > 75  # the semicolon after "Yes" is too early to cut at


def test_the_spoken_form_is_what_must_fit():
    # digits are spoken as words: "7" is short on the page, "seven" is not
    def measure(text: str) -> int:
        return len(text) + 4 * text.count("7")

    sentence = " ".join(["77777"] * 60)
    pieces = split_long(sentence, limit=100, measure=measure)
    assert _fits(pieces, 100, measure) and "".join(pieces) == sentence


_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")),
                 min_size=1, max_size=40).filter(lambda w: any(c.isalnum() for c in w))  # fmt: skip
_seps = st.sampled_from([" ", ", ", "; ", ": ", " — ", " - ", " and ", "  ", "\t"])


@st.composite
def _sentences(draw) -> str:
    words = draw(st.lists(_words, min_size=1, max_size=200))
    return "".join(w + draw(_seps) for w in words[:-1]) + words[-1]


@settings(max_examples=300, deadline=None)
@given(_sentences(), st.integers(min_value=1, max_value=400))
def test_pieces_fit_and_rejoin_to_the_sentence(sentence, limit):
    pieces = split_long(sentence, limit)
    assert "".join(pieces) == sentence  # nothing dropped, nothing added, in order
    assert all(piece.strip() for piece in pieces[1:])  # no empty piece
    assert _fits(pieces, limit)


@settings(max_examples=100, deadline=None)
@given(_sentences())
def test_the_script_cuts_only_what_is_over_the_bound(sentence):
    article = Article("T", (Section(None, 1, (Block(sentence),)),))
    cues = [c for c in build_script(article, Pauses(), announce=False).cues]
    assert all(len(cue.spoken) <= MAX_ENGINE_CHARS for cue in cues)
    shown = " ".join(cue.display for cue in cues)
    assert "".join(shown.split()) == "".join(sentence.split())  # every character, in order


def test_a_run_on_sentence_becomes_cues_with_clause_pauses():
    sentence = ", ".join([CLAUSE] * 40) + "."
    article = Article("T", (Section(None, 1, (Block(sentence), Block("After."))),))
    pauses = Pauses()
    cues = build_script(article, pauses, announce=False).cues
    pieces, last = cues[:-1], cues[-1]
    assert len(pieces) > 5 and last.display == "After."
    assert " ".join(c.display for c in pieces) == sentence
    assert {c.paragraph for c in pieces} == {1} and last.paragraph == 2
    assert [c.pause_after_ms for c in pieces[:-1]] == [pauses.sentence // 2] * (len(pieces) - 1)
    assert pieces[-1].pause_after_ms == pauses.paragraph
    assert len({c.id for c in cues}) == len(cues)


def test_an_ordered_step_keeps_its_place_on_the_first_piece_only():
    text = ", ".join([CLAUSE] * 30)
    article = Article("Steps to take", (Section(None, 1, (Block(text, "list_item", 2),)),))
    cues = build_script(article, Pauses(), announce=False).cues
    assert cues[0].spoken.startswith("Step 2: ")
    assert not any(c.spoken.startswith("Step") for c in cues[1:])
    assert all(len(c.spoken) <= MAX_ENGINE_CHARS for c in cues)
