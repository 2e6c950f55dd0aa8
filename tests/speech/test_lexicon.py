"""The user's pronunciation lexicon: TOML and W3C PLS files, options, errors, discovery."""

import logging
from pathlib import Path

import pytest

from narrate.errors import ArticleError
from narrate.speech.lexicon import Lexicon, find_default_lexicon, load_lexicon
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


def test_fingerprint_is_short_and_follows_the_entries():
    a = Lexicon((("KAP", "kap"),))
    assert a.fingerprint() == Lexicon((("KAP", "kap"),)).fingerprint()
    assert len(a.fingerprint()) == 12
    assert a.fingerprint() != Lexicon((("KAP", "kahp"),)).fingerprint()
    assert a.fingerprint() != Lexicon((("KAP", "kap"),), case_sensitive=False).fingerprint()


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
