"""The edition's MP3 as a listener's tools read it (ffmpeg's ebur128): -16 +-0.5 LUFS and at
most -1.5 dBTP, on programmes whose peaks drive the limiter hard."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from narrate.loudness import measure
from narrate.master import MasteringSettings, master
from narrate.model import AudioNeed, Chapter, Loudness, Timeline
from narrate.writers.mp3 import mp3_options

RATE = 22050
PODCAST = MasteringSettings(target_lufs=-16.0, true_peak_dbtp=-1.5)


def _programme(path: Path, samples: np.ndarray) -> Timeline:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    duration_ms = len(samples) * 1000 // RATE
    return Timeline((), (Chapter("Peaks", 1, 0, duration_ms),), duration_ms, path, RATE)


def _voiced(seconds: int, seed: int) -> np.ndarray:
    """A voice-like signal: a 150 Hz buzz with its harmonics, in syllables of 180 ms, each
    with a stressed peak of 8 ms 15.6 dB over its body (a crest factor like Piper's, ~20 dB)."""
    rng = np.random.default_rng(seed)
    t = np.arange(RATE * seconds) / RATE
    buzz = sum(np.sin(2 * np.pi * 150 * k * t + rng.uniform(0, 6.3)) / k for k in range(1, 12))
    envelope = np.zeros_like(t)
    syllable = int(0.18 * RATE)
    for start in range(0, len(t) - syllable, int(0.25 * RATE)):
        shape = np.hanning(syllable) * rng.uniform(0.3, 1.0)
        shape[syllable // 3 : syllable // 3 + int(0.008 * RATE)] *= 6.0  # a stressed peak
        envelope[start : start + syllable] = shape
    signal = buzz * envelope
    return 0.99 * signal / np.abs(signal).max()


@pytest.fixture(scope="module", params=[1, 2])
def heard(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Loudness:
    """The podcast MP3 (encoded in the render, as a build encodes it) of a 20 s voice-like
    programme, as ebur128 reads it."""
    work = tmp_path_factory.mktemp(f"peaks{request.param}")
    timeline = _programme(work / "programme.wav", _voiced(20, request.param))
    before = measure(timeline.audio_path)
    assert before.true_peak_dbtp > -0.5, "peaks at full scale: the limiter must work"
    need = AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))
    done = master(timeline, PODCAST, work, {"mp3": need})
    assert done.loudness["gain_db"] > 3, "a gain that drives the peaks into the limiter"
    return measure(done.encoded["mp3"])


def test_the_edition_mp3_peaks_at_most_minus_1_5_dbtp(heard: Loudness) -> None:
    assert heard.true_peak_dbtp <= -1.5


def test_the_edition_mp3_reads_minus_16_lufs_within_half_a_lu(heard: Loudness) -> None:
    assert abs(heard.integrated_lufs - -16.0) <= 0.5
