"""scripts/bench_scale.py's books: the asked length of speech, the same every time, and no
sentence said twice (so a clip cache cannot shorten the work being timed)."""

from __future__ import annotations

import pytest

from narrate import api
from scripts.bench_scale import CHARS_PER_SECOND, SIZES, book, size_seconds


@pytest.mark.parametrize("size", ["2m", "20m"])
def test_a_book_is_the_asked_length_of_speech(tmp_path, size):
    seconds = size_seconds(size)
    source = tmp_path / "book.md"
    source.write_text(book(seconds), encoding="utf-8")
    script = api.script(source, api.ReadOptions())
    spoken = sum(len(cue.spoken) + 1 for cue in script.cues)
    assert abs(spoken / CHARS_PER_SECOND - seconds) < 0.1 * seconds
    sentences = [cue.spoken for cue in script.cues if cue.kind == "sentence"]
    assert len(set(sentences)) == len(sentences) > 10
    assert book(seconds) == source.read_text(encoding="utf-8")


def test_the_ten_hour_book_has_parts_and_chapters_and_fits_narrates_limit():
    text = book(SIZES["10h"])
    chapters = text.count("\n### Chapter ")
    assert 50 <= chapters <= 70  # one about every ten minutes of speech
    assert text.count("\n## Part ") == -(-chapters // 6)
    assert abs(len(text) / CHARS_PER_SECOND - SIZES["10h"]) < 0.05 * SIZES["10h"]
    assert len(text) < 1_000_000  # narrate build's default --max-chars


def test_a_size_that_is_not_one_is_refused_in_one_line():
    assert size_seconds("90m") == 5400 and size_seconds("1.5h") == 5400
    with pytest.raises(SystemExit, match="--sizes: '10 hours' is not a size like 2m"):
        size_seconds("10 hours")
