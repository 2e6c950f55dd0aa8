"""What a WAV file's header says: its rate and its exact length in milliseconds."""

from __future__ import annotations

import wave
from pathlib import Path


def wav_rate(path: Path) -> int:
    """The sample rate of a WAV file, from its header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate()


def wav_duration_ms(path: Path) -> int:
    """Exact length of a WAV file in ms, from its header."""
    with wave.open(str(path), "rb") as wav:
        return frames_ms(wav.getnframes(), wav.getframerate())


def frames_ms(frames: int, rate: int) -> int:
    """`frames` samples at `rate` Hz, in whole milliseconds."""
    return round(frames * 1000 / rate)
