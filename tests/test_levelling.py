"""The phase rotator ahead of the limiter: a voiced sound's peaks fall, its loudness does not."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from narrate.levelling import PHASE_ROTATOR, limiter
from narrate.loudness import SAMPLE_PEAK_METER, measure_run

RATE = 22050


def _vowel(path: Path, pitch_hz: float = 110.0) -> Path:
    """Three seconds of a synthetic vowel: a pulse each glottal period ringing two formants
    (700 and 1,200 Hz), lopsided spikes like a voice's, written as a 16-bit WAV."""
    period = RATE / pitch_hz
    t = np.arange(int(period)) / RATE
    ring = sum(
        np.exp(-np.pi * bandwidth * t) * np.sin(2 * np.pi * formant * t)
        for formant, bandwidth in ((700, 90), (1200, 120))
    )
    starts = (np.arange(int(3 * pitch_hz)) * period).astype(int)
    signal = np.zeros(starts[-1] + len(ring))
    for start in starts:
        signal[start : start + len(ring)] += ring
    pcm = (signal / np.abs(signal).max() * 0.5 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


def _level(source: Path, chain: str) -> tuple[float, float]:
    """Integrated loudness (LUFS) and sample peak (dBFS) of `source` through `chain`."""
    measured = measure_run(
        ["-i", str(source), "-af", f"{chain},{SAMPLE_PEAK_METER}", "-f", "null", "-"], source.name
    )
    return measured.integrated_lufs, measured.true_peak_dbtp


@pytest.mark.parametrize("pitch_hz", [90.0, 110.0, 220.0])
def test_the_rotator_lowers_a_vowels_peaks_and_keeps_its_loudness(
    tmp_path: Path, pitch_hz: float
) -> None:
    vowel = _vowel(tmp_path / "vowel.wav", pitch_hz)
    loudness, peak = _level(vowel, "anull")
    turned_loudness, turned_peak = _level(vowel, PHASE_ROTATOR)
    assert abs(turned_loudness - loudness) <= 0.1
    assert turned_peak <= peak - 1.0  # the limiter has that much less to take away


def test_the_limiter_chain_turns_phases_before_oversampling() -> None:
    chain = limiter(-3.5, 88200)
    assert chain.startswith(PHASE_ROTATOR + ",aresample=88200,alimiter=")
    assert limiter(-3.5).startswith(PHASE_ROTATOR + ",alimiter=")
    assert limiter(-3.5, 32000, rotate=False).startswith("aresample=32000,alimiter=")
