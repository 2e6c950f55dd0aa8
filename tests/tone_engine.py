"""A fake engine for tests: each text becomes a tone of its own pitch, registered like any engine.

The pitch comes from the text, so a test can find which cue is playing at any time in a
decoded file; every clip has silence before and after, which assembly must trim.
"""

from __future__ import annotations

import hashlib
import threading
import time

import numpy as np

from narrate._pydub import AudioSegment  # pydub without its no-ffmpeg warning
from narrate.engines.base import Engine, Voice, register
from narrate.errors import EngineError
from narrate.model import EngineInfo

RATE = 22050
PAD_MS = 120
MS_PER_CHAR = 25


def pitch_of(text: str) -> float:
    """The tone's frequency for `text`: 400 to 3,950 Hz in steps of 50 Hz."""
    return 400.0 + 50 * (int(hashlib.sha256(text.encode()).hexdigest(), 16) % 72)


def sound_ms(text: str) -> int:
    """How long the tone for `text` sounds: MS_PER_CHAR per character, at least 300 ms."""
    return max(300, MS_PER_CHAR * len(text))


def tone(text: str) -> AudioSegment:
    """`text` as a tone: PAD_MS of silence, then sound_ms(text) of sound, then PAD_MS again."""
    length_ms = sound_ms(text)
    t = np.arange(int(RATE * length_ms / 1000)) / RATE
    wave = (0.3 * np.sin(2 * np.pi * pitch_of(text) * t) * 32767).astype(np.int16)
    sound = AudioSegment(wave.tobytes(), sample_width=2, frame_rate=RATE, channels=1)
    pad = AudioSegment.silent(PAD_MS, frame_rate=RATE)
    return pad + sound + pad


@register
class ToneEngine(Engine):
    """Counts its calls, so tests can see what the cache saved."""

    name = "tone"
    calls: list[str] = []
    _lock = threading.Lock()

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, "1", "sine", self.options.language)

    def synthesize(self, text: str) -> AudioSegment:
        with self._lock:
            ToneEngine.calls.append(text)
        return tone(text)

    @classmethod
    def voices(cls) -> list[Voice]:
        return [Voice(cls.name, "sine", "any", "a test tone per text")]


@register
class FailingToneEngine(ToneEngine):
    """The tone voice, failing like a dropped request on any text containing FAIL."""

    name = "tone-fail"

    def info(self) -> EngineInfo:
        return EngineInfo("tone", "1", "sine", self.options.language)

    def synthesize(self, text: str) -> AudioSegment:
        if "FAIL" in text:
            raise EngineError("503 (Service Unavailable) from TTS API")
        return super().synthesize(text)


_pool_tone_loads = 0  # voice loads of the pooled tone engine in this process


@register
class PooledToneEngine(ToneEngine):
    """The tone voice as a CPU-bound engine: with --workers N its sentences are spoken in N
    processes. Its "voice" loads once per process and counts it (`voice_loads`); each sentence
    takes SENTENCE_S, so every worker gets some; a text with FAIL fails like a dropped request
    and one with DIE kills its own process, as the kernel's out-of-memory killer would."""

    name = "tone-pool"
    cpu_bound = True
    SENTENCE_S = 0.05

    def load(self) -> None:
        global _pool_tone_loads
        if not _pool_tone_loads:
            _pool_tone_loads += 1

    def voice_loads(self) -> int:
        return _pool_tone_loads

    def synthesize(self, text: str) -> AudioSegment:
        import os
        import signal
        import time

        self.load()
        if "DIE" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "FAIL" in text:
            raise EngineError("503 (Service Unavailable) from TTS API")
        time.sleep(self.SENTENCE_S)
        return tone(text)


@register
class SlowToneEngine(ToneEngine):
    """The tone voice at about ten sentences a second, so a test can act while it speaks;
    counts the times its voice is loaded in this process."""

    name = "tone-slow"
    loaded = 0

    def info(self) -> EngineInfo:
        return EngineInfo("tone", "1", "sine", self.options.language)

    def load(self) -> None:
        SlowToneEngine.loaded += 1

    def synthesize(self, text: str) -> AudioSegment:
        time.sleep(0.1)
        return super().synthesize(text)
