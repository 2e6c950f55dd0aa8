"""Every file an edition can hold has a name a person understands on the edition page."""

from __future__ import annotations

import pytest

from narrate.serve.wording import FILE_LABELS, file_label, web_message
from narrate.writers import all_formats


def test_every_writer_format_has_a_label() -> None:
    missing = set(all_formats()) - set(FILE_LABELS)
    assert not missing, f"give these formats a label in narrate/serve/wording.py: {missing}"
    for name in all_formats():
        assert "_" not in file_label(name) and file_label(name)[0].isupper()


def test_an_unknown_format_is_put_in_words() -> None:
    assert file_label("show_notes") == "Show notes"
    assert file_label("transcript_md") == "Transcript (Markdown)"


@pytest.mark.parametrize(
    ("message", "said"),
    [
        (
            "notice.txt: is too long to narrate in one edition: 2,000,000 characters, over the "
            "limit of 1,000,000 characters (about 17 hours of audio); split it, or raise "
            "--max-chars",
            "notice.txt: is too long to narrate in one edition: 2,000,000 characters, over the "
            "limit of 1,000,000 characters (about 17 hours of audio); split it",
        ),
        (
            "https://example.org/a: is larger than 10,000,000 bytes (raise the cap with "
            "--max-bytes)",
            "https://example.org/a: is larger than 10,000,000 bytes",
        ),
        (
            "unsupported language 'xx' for gtts; see `narrate voices --engine gtts`",
            "unsupported language 'xx' for gtts",
        ),
        (
            "no engine can work here (gtts: offline); name one with --engine",
            "no engine can work here (gtts: offline)",
        ),
        ("the nurse's note is empty", "the nurse's note is empty"),  # nothing to take out
        ("a dose of 5 -- or 6 -- mg", "a dose of 5 -- or 6 -- mg"),  # dashes, not options
    ],
)
def test_advice_for_the_terminal_is_left_out(message: str, said: str) -> None:
    assert web_message(message) == said


@pytest.mark.parametrize(
    ("message", "said"),
    [
        (
            "/tmp/narrate-x/library/.sources/ab12cd34ef56/flu-shots.txt: no speakable text",
            "flu-shots.txt: no speakable text",
        ),
        ("/srv/lib/narrate.toml: invalid TOML at line 3", "narrate.toml: invalid TOML at line 3"),
        (
            "https://example.org/news/flu.html: the server answered 404",
            "https://example.org/news/flu.html: the server answered 404",  # a URL stays whole
        ),
        ("take 1/2 tablet", "take 1/2 tablet"),
    ],
)
def test_server_folders_are_left_out(message: str, said: str) -> None:
    assert web_message(message) == said
