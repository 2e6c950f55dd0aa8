"""Cover art: square PNG or JPEG of at least 1400 px, checked from the image's own header."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.errors import OutputError
from narrate.writers.cover import CoverError, check_cover

PODCAST = Path(__file__).parents[1] / "fixtures" / "podcast"


@pytest.mark.parametrize(
    ("name", "mime"), [("cover.png", "image/png"), ("cover.jpg", "image/jpeg")]
)
def test_a_square_cover_is_read_with_its_type_and_size(name: str, mime: str) -> None:
    cover = check_cover(PODCAST / name)
    assert (cover.mime, cover.width, cover.height) == (mime, 1400, 1400)
    assert cover.data == (PODCAST / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("wide.png", "1400x1200 px is not square"),
        ("small.jpg", "600x600 px is too small"),
        ("outro.wav", "not a PNG or JPEG image"),
        ("missing.png", "cannot read the cover"),
    ],
)
def test_a_bad_cover_fails_with_one_line_saying_why(name: str, problem: str) -> None:
    with pytest.raises(CoverError, match=problem) as raised:
        check_cover(PODCAST / name)
    assert isinstance(raised.value, OutputError)
    assert "\n" not in str(raised.value)


def test_a_truncated_header_is_reported_as_damaged(tmp_path: Path) -> None:
    for name, data in [
        ("cut.png", (PODCAST / "cover.png").read_bytes()[:20]),
        ("cut.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    ]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(CoverError, match="header is damaged"):
            check_cover(tmp_path / name)
