"""What a WAV file's header says (its rate and its exact length in milliseconds), and 16-bit
mono WAV files written whole (`mono16_wav_bytes`) or piece by piece (`mono16_writer`)."""

from __future__ import annotations

import struct
import wave
from collections.abc import Iterator
from contextlib import contextmanager
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


def mono16_wav_bytes(pcm: bytes, frame_rate: int) -> bytes:
    """16-bit mono `pcm` as the bytes of a WAV file: the 44-byte header `wave` writes, then
    the samples. Built in one expression rather than through `wave.open(..., "wb")`, whose
    close() raises wave.Error over a Ctrl-C that lands before its parameters are set."""
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + len(pcm), b"WAVE",
        b"fmt ", 16, 1, 1, frame_rate, frame_rate * 2, 2, 16,  # PCM, mono, 16-bit
        b"data", len(pcm),
    )  # fmt: skip
    return header + pcm


@contextmanager
def mono16_writer(path: Path, frame_rate: int) -> Iterator[wave.Wave_write]:
    """`path` open as a 16-bit mono WAV at `frame_rate`, closed (its header final) after.

    wave's close() raises wave.Error when the header's parameters are not all set, which
    would replace a Ctrl-C landing between the open and the last setter: here that one error
    gives way to the exception already on its way out."""
    out = wave.open(str(path), "wb")
    ready = False
    try:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(frame_rate)
        ready = True
        yield out
    finally:
        try:
            out.close()
        except wave.Error:
            if ready:
                raise
