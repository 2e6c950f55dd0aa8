"""narrate.plural: counts as a person reads them, and the commands that print them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from narrate.plural import count, plural, rough_duration


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [
        (0, "cue", "0 cues"),
        (1, "cue", "1 cue"),
        (2, "cue", "2 cues"),
        (1, "passage", "1 passage"),
        (3, "passage", "3 passages"),
        (1, "memo entry", "1 memo entry"),
        (4, "memo entry", "4 memo entries"),
        (2, "day", "2 days"),  # a vowel before the y: no "dayies"
        (2, "match", "2 matches"),
        (2, "box", "2 boxes"),
        (1, "more time", "1 more time"),
        (5, "more time", "5 more times"),
        (2, "person", "2 people"),
    ],
)
def test_count_is_singular_for_exactly_one(n: int, noun: str, said: str) -> None:
    assert count(n, noun) == said


def test_an_irregular_plural_may_be_given() -> None:
    assert count(2, "medium", "media") == "2 media"
    assert count(1, "medium", "media") == "1 medium"
    assert plural("chapter") == "chapters"


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.2, "1 second"),  # never "0 seconds" while something is left
        (1, "1 second"),
        (1.4, "1 second"),
        (2, "2 seconds"),
        (59, "59 seconds"),
        (60, "1 minute"),
        (89, "1 minute"),
        (150, "3 minutes"),
    ],
)
def test_rough_duration(seconds: float, said: str) -> None:
    assert rough_duration(seconds) == said


def test_narrate_sections_says_1_cue_not_1_cues(tmp_path) -> None:
    article = tmp_path / "notice.md"
    article.write_text("# Notice\n\nOne sentence only.\n\n## Parking\n\nFree. Also near.\n")
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "sections", str(article)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "cue" in line]
    assert lines, result.stdout
    assert not any(" 1 cues" in line or "(1 cues" in line for line in lines), result.stdout
    assert "1 cue)" in result.stdout  # the "About this audio" chapter: one sentence
