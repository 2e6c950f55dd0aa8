"""Small audio measurements shared by tests."""

from __future__ import annotations

import numpy as np
from pydub import AudioSegment


def dominant_hz(audio: AudioSegment) -> float:
    """The strongest frequency in `audio` (mono), by FFT."""
    samples = np.array(audio.get_array_of_samples(), dtype=float)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / audio.frame_rate)
    return float(freqs[int(np.argmax(spectrum))])


def tiny_article_text() -> str:
    return (
        "Tiny Article\n\n"
        "An opening sentence. A second one.\n\n"
        "First Heading\n\n"
        "Alpha beta gamma. Delta epsilon.\n\n"
        "Second Heading\n\n"
        "Zeta eta theta.\n"
    )
