"""The private APIs narrate/_compat.py relies on still behave as narrate needs. When an upgrade of
mutagen or gTTS fails here, fix _compat.py and move the pin in pyproject.toml, together."""

from __future__ import annotations

import inspect
import re
from importlib.metadata import version
from pathlib import Path

import mutagen.id3
import pytest
from gtts import gTTS
from mutagen.id3 import CHAP, ID3, TIT2

from narrate._compat import InOrderID3, gtts_pieces

PYPROJECT = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("dist", "pin"), [("mutagen", '"mutagen>=1.48,<1.49"'),
                                           ("gTTS", '"gTTS>=2.5.4,<2.6"')])  # fmt: skip
def test_the_installed_versions_are_the_pinned_ones(dist: str, pin: str) -> None:
    assert pin in PYPROJECT, f"{dist}'s pin moved: re-run this file against the new version"
    low, high = pin.strip('"').split(">=")[1].split(",<")
    installed = tuple(int(p) for p in version(dist).split(".")[:3])
    assert tuple(int(p) for p in low.split(".")) <= installed < tuple(
        int(p) for p in high.split(".")
    ), f"{dist} {version(dist)} is outside the pin {pin}"


def test_mutagen_still_serialises_through_the_overridden_hooks() -> None:
    assert list(inspect.signature(ID3._write).parameters) == ["self", "config"]
    assert callable(mutagen.id3._tags.save_frame)


def test_chapters_are_written_in_the_order_they_were_added(tmp_path: Path) -> None:
    """Sorted by size, as plain ID3 writes them, the long chapter would come first."""
    path = tmp_path / "tags.id3"
    path.write_bytes(b"")
    tags = InOrderID3()
    titles = ["A", "A much longer second chapter title", "C"]
    for n, title in enumerate(titles):
        tags.add(CHAP(element_id=f"ch{n}", start_time=n * 1000, end_time=n * 1000 + 1000,
                      sub_frames=[TIT2(encoding=3, text=[title])]))  # fmt: skip
    tags.save(path)
    data = path.read_bytes()
    assert [data.index(f"ch{n}".encode()) for n in range(3)] == sorted(
        data.index(f"ch{n}".encode()) for n in range(3)
    )
    assert [str(f.sub_frames["TIT2"]) for f in ID3(path).getall("CHAP")] == titles


def test_gtts_tokenizer_gives_pieces_of_at_most_100_characters() -> None:
    assert callable(gTTS._tokenize)
    text = "Ketamine is given in a clinic. " * 8 + "Then you rest, and someone drives you home."
    pieces = gtts_pieces(text, "en", "com")
    assert len(pieces) > 1
    assert all(0 < len(p) <= 100 for p in pieces)
    assert re.findall(r"\w+", " ".join(pieces)) == re.findall(r"\w+", text)
