import pytest

from narrate.speech.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Dr. Smith arrived. He sat.", ["Dr. Smith arrived.", "He sat."]),
        ("See No. 5 today. Then go.", ["See No. 5 today.", "Then go."]),
        ("It said “Stop.” Then it left.", ["It said “Stop.”", "Then it left."]),
        ("Books by J. R. R. Tolkien sell. Yes.", ["Books by J. R. R. Tolkien sell.", "Yes."]),
        ("Use it (e.g. daily) and stop. Fine.", ["Use it (e.g. daily) and stop.", "Fine."]),
        ("version 2.5 is out. 3 people agree.", ["version 2.5 is out.", "3 people agree."]),
        ("  spaced\n out   text.  ", ["spaced out text."]),
        ("lower. case start stays", ["lower. case start stays"]),
        ("We open at 9 a.m. Please call first.", ["We open at 9 a.m.", "Please call first."]),
        ("Bring forms, ID, etc. The desk helps.", ["Bring forms, ID, etc.", "The desk helps."]),
        ("", []),
    ],
)
def test_split(text, expected):
    assert split_sentences(text) == expected


def test_every_word_is_kept_in_order():
    text = "KAP combines ketamine with therapy. Infusions may give relief… The effects fade."
    assert " ".join(split_sentences(text)).split() == text.split()


def test_an_extension_does_not_end_a_sentence_and_a_day_may():
    assert split_sentences("Closed Sun. Call ext. 204 first. Open Tues., Wed. and Thurs.") == [
        "Closed Sun.",
        "Call ext. 204 first.",
        "Open Tues., Wed. and Thurs.",
    ]
    assert split_sentences("Open Thurs. 7:30 to 11.") == ["Open Thurs. 7:30 to 11."]


def test_every_abbreviation_the_normaliser_expands_keeps_its_sentence_whole():
    """The splitter's abbreviations come from the normaliser's own lists, so none can drift."""
    from narrate.speech import symbols

    for table in (symbols.TITLES, symbols.TITLE_OR_ADDRESS, symbols.AFTER_NAME):
        for word in table:
            assert split_sentences(f"We saw {word}. Smith there.") == [
                f"We saw {word}. Smith there."
            ], word


def test_a_title_before_a_name_does_not_end_the_sentence():
    assert split_sentences("Kentucky Gov. Matt Bevin spoke. Rep. Omar did too.") == [
        "Kentucky Gov. Matt Bevin spoke.",
        "Rep. Omar did too.",
    ]
