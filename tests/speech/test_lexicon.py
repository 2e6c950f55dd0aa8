"""The user's pronunciation lexicon: TOML and W3C PLS files, options, errors, discovery."""

import logging
import re
import tomllib
from pathlib import Path

import pytest

from narrate.errors import ArticleError
from narrate.speech.lexicon import Lexicon, clinical_lexicon, find_default_lexicon, load_lexicon
from narrate.speech.normalize import normalize

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lexicon"


def test_toml_entries_apply_as_whole_words_with_exact_case():
    lexicon = load_lexicon(FIXTURES / "clinic.toml")
    assert lexicon.apply("KAP helps Hmong families") == "kap helps mung families"
    assert lexicon.apply("HMONG kappa KAPs Nguyen.") == "HMONG kappa KAPs win."


def test_longest_entry_wins():
    lexicon = load_lexicon(FIXTURES / "clinic.toml")
    assert lexicon.apply("St. Jude") == "Saint Jude"


def test_toml_options_turn_off_case_and_word_matching():
    lexicon = load_lexicon(FIXTURES / "case_insensitive.toml")
    assert not lexicon.case_sensitive and not lexicon.whole_word
    assert lexicon.apply("HMONG and Hmongs") == "mung and mungs"


def test_project_file_keeps_its_entries_in_a_lexicon_table():
    lexicon = load_lexicon(FIXTURES / "narrate.toml")
    assert lexicon.entries == (("KAP", "kap"),)


def test_pls_aliases_apply_and_prefer_is_honoured():
    lexicon = load_lexicon(FIXTURES / "clinic.pls")
    assert lexicon.apply("KAP, Hmong, HMONG, W3C") == "kap, mung, mung, W three C"


def test_pls_phoneme_only_lexemes_are_skipped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="narrate.speech.lexicon"):
        lexicon = load_lexicon(FIXTURES / "clinic.pls")
    assert "tomato" not in dict(lexicon.entries)
    assert "'tomato' has no <alias>" in caplog.text


@pytest.mark.parametrize("name", ["clinic.toml", "clinic.pls"])
def test_lexicon_beats_the_built_in_rules(name):
    lexicon = load_lexicon(FIXTURES / name)
    assert normalize("KAP opens at 9 AM.", lexicon=lexicon) == "kap opens at nine AM."




def test_empty_lexicon_changes_nothing():
    assert Lexicon(()).apply("KAP") == "KAP"


def test_entries_with_symbols_match_whole():
    lexicon = Lexicon((("C++", "see plus plus"),))
    assert lexicon.apply("I like C++.") == "I like see plus plus."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_syntax.toml", "invalid TOML at line 1, column 9"),
        ("bad_value.toml", "the pronunciation of 'KAP' must be a string"),
        ("bad_option.toml", "unknown lexicon option 'case_sensitve'"),
        ("bad_syntax.pls", "invalid XML"),
        ("not_pls.xml", "not a PLS lexicon"),
        ("no_grapheme.pls", "lexeme 1 (line 2) has no grapheme"),
        ("missing.toml", "lexicon file not found"),
        ("clinic.json", "unknown lexicon format"),
    ],
)
def test_bad_files_give_one_line_errors(name, message):
    with pytest.raises(ArticleError) as caught:
        load_lexicon(FIXTURES / name)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.source == str(FIXTURES / name)


def test_default_lexicon_beside_the_article_first(tmp_path):
    article_dir, cwd = tmp_path / "articles", tmp_path / "work"
    article_dir.mkdir()
    cwd.mkdir()
    article = article_dir / "post.md"
    assert find_default_lexicon(article, cwd) is None
    (cwd / "narrate.toml").write_text('"KAP" = "kap"\n')
    assert find_default_lexicon(article, cwd) == cwd / "narrate.toml"
    assert find_default_lexicon(None, cwd) == cwd / "narrate.toml"
    (article_dir / "narrate.toml").write_text('"KAP" = "kap"\n')
    assert find_default_lexicon(article, cwd) == article_dir / "narrate.toml"


# --- the clinical lexicon that ships with narrate ---------------------------------------------


def test_the_clinical_lexicon_ships_and_every_entry_says_why():
    lexicon = clinical_lexicon()
    notes = dict(lexicon.notes)
    assert len(lexicon.entries) >= 30
    for written, _ in lexicon.entries:
        assert notes.get(written, "").strip(), f"{written} does not say why it is there"
    assert lexicon.apply("HIPAA, NSAIDs and COBRA") == "hippa, en-seds and cobra"
    assert lexicon.why("NSAIDs.") == "clinical lexicon: said as a word by clinicians"


def test_the_clinical_lexicon_is_package_data():
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["narrate.speech"]
    shipped = Path(__file__).parents[2] / "narrate" / "speech"
    assert (shipped / "lexicons" / "clinical.toml") in {
        path for pattern in patterns for path in shipped.glob(pattern)
    }


def test_an_entry_may_be_a_table_with_say_and_why(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[lexicon]\n"KAP" = { say = "kap", why = "said as a word" }\n')
    lexicon = load_lexicon(path)
    assert lexicon.apply("KAP works") == "kap works"
    assert lexicon.why("KAP") == f"{path}: said as a word"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('"KAP" = { why = "x" }', "must be a string or a table with 'say'"),
        ('"KAP" = { say = "kap", note = "x" }', "must be a string or a table with 'say'"),
        ('"KAP" = { say = "kap", why = 3 }', "the 'why' of 'KAP' must be a string"),
        ('"KAP" = { say = 3 }', "the pronunciation of 'KAP' must be a string"),
    ],
)
def test_a_bad_entry_table_is_named(tmp_path, entry, problem):
    path = tmp_path / "mine.toml"
    path.write_text(f"[lexicon]\n{entry}\n")
    with pytest.raises(ArticleError, match=re.escape(problem)):
        load_lexicon(path)


def test_without_drops_the_words_another_lexicon_pronounces():
    clinical = clinical_lexicon()
    user = Lexicon((("hipaa", "the privacy law"),))
    kept = clinical.without(user)
    assert "HIPAA" not in dict(kept.entries) and "NSAID" in dict(kept.entries)
    assert clinical.without(None) is clinical


def test_an_entry_inside_its_own_spoken_form_is_applied_once():
    lexicon = Lexicon((("KAP", "KAP therapy"),))
    once = lexicon.apply("KAP helps")
    assert once == "KAP therapy helps"
    assert lexicon.apply(once) == once
    assert normalize("KAP helps", lexicon=lexicon) == "KAP therapy helps"
