"""A voice's fixed gain: what brings its speech to the podcast loudness, measured once per voice
and process on a reference passage. A stream is levelled by it, since a stream cannot be
measured whole before it is sent (a build masters the whole programme instead)."""

from __future__ import annotations

import subprocess
import threading

from narrate.engine_worker import say
from narrate.engines.base import Engine
from narrate.errors import OutputError
from narrate.loudness import LOUDNESS_METER, SILENT_LUFS, summary
from narrate.profiles import profile

# read by every voice, whatever its language: the level of a voice, not of a text, is wanted
REFERENCE = (
    "Take five milligrams twice a day with food. The clinic opens at eight in the morning, "
    "and the nurse will call you back within two working days."
)
MAX_GAIN_DB = 20.0  # a near-silent voice is not raised into its noise floor
_gains: dict[str, float] = {}  # the voice's cache key of REFERENCE -> its gain in dB
_lock = threading.Lock()


def target_lufs() -> float:
    """The loudness streams are levelled to: the podcast profile's."""
    return profile("podcast").loudness_lufs


def ceiling_dbtp() -> float:
    """The true-peak ceiling streams are limited to: the podcast profile's."""
    return profile("podcast").true_peak_dbtp


def voice_gain(engine: Engine) -> float:
    """The gain in dB that brings `engine`'s voice to the podcast loudness (0 for silence);
    measured on REFERENCE the first time a voice is asked for, then kept in this process."""
    key = engine.cache_key(REFERENCE)
    with _lock:
        if key in _gains:
            return _gains[key]
    with engine.control.limiter:  # shared with the streams in this voice
        audio = say(engine, REFERENCE)
    measured = _measure(audio.frame_rate, audio.raw_data)
    gain = 0.0 if measured <= SILENT_LUFS else target_lufs() - measured
    gain = max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain))
    with _lock:
        _gains[key] = gain
    return gain


def _measure(rate: int, pcm: bytes) -> float:
    """The integrated loudness (LUFS) of mono 16-bit PCM at `rate`."""
    from narrate.ffmpeg import ffmpeg_exe

    command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-loglevel", "info", "-f", "s16le",
               "-ar", str(rate), "-ac", "1", "-i", "pipe:0", "-af", LOUDNESS_METER,
               "-f", "null", "-"]  # fmt: skip
    done = subprocess.run(command, input=pcm, capture_output=True)
    log = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        last = (log.strip().splitlines() or ["?"])[-1]
        raise OutputError(f"cannot measure the voice's loudness: ffmpeg failed: {last}")
    return summary(log, "the voice's reference passage", peak=False).integrated_lufs
