"""A stretch encoded on its own keeps the true-peak limit: read back in the same run, encoded
again a little quieter when it peaks over (writers.peaks), as a listener's meter reads it."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from narrate.loudness import measure
from narrate.model import Chapter
from narrate.writers.m4b import aac_options, encode_m4b
from narrate.writers.mp3 import Tags, encode_mp3

RATE = 22050


@pytest.fixture(scope="module")
def loud(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten seconds of a buzz with full-scale syllable peaks: any encoder overshoots 0 dBTP."""
    rng = np.random.default_rng(3)
    t = np.arange(RATE * 10) / RATE
    buzz = sum(np.sin(2 * np.pi * 140 * k * t + rng.uniform(0, 6.3)) / k for k in range(1, 14))
    signal = buzz * (0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2)
    path = tmp_path_factory.mktemp("loud") / "loud.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((0.999 * signal / np.abs(signal).max() * 32767).astype("<i2").tobytes())
    return path


def test_an_mp3_stretch_over_the_limit_is_encoded_again_under_it(loud: Path, tmp_path: Path):
    free, held = tmp_path / "free.mp3", tmp_path / "held.mp3"
    encode_mp3(loud, free, bitrate="64k", sample_rate=44100, span_ms=(1000, 9000))
    encode_mp3(loud, held, bitrate="64k", sample_rate=44100, span_ms=(1000, 9000),
               peak_limit_dbtp=-1.5)  # fmt: skip
    assert measure(free).true_peak_dbtp > -1.0, "the stretch peaks over the limit as it is"
    assert measure(held).true_peak_dbtp <= -1.5
    assert measure(held).integrated_lufs > measure(free).integrated_lufs - 3, "trimmed, not lost"


def test_an_m4b_stretch_over_the_limit_is_encoded_again_under_it(loud: Path, tmp_path: Path):
    chapters = (Chapter("Loud", 1, 0, 8000),)
    tags = Tags(title="Loud")
    free, held = tmp_path / "free.m4b", tmp_path / "held.m4b"
    encode_m4b(loud, free, chapters, tags, aac_options("64k", 44100), span_ms=(1000, 9000))
    encode_m4b(loud, held, chapters, tags, aac_options("64k", 44100), span_ms=(1000, 9000),
               peak_limit=(-1.5, 44100))  # fmt: skip
    assert measure(free).true_peak_dbtp > -1.0
    assert measure(held).true_peak_dbtp <= -1.5
