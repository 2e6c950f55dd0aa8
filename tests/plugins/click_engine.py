"""A toy engine: one module and one registry line (`@register`). Each word is a short click,
so an edition of it is real audio with real timings, made without a voice. Its one setting of
its own, the click's pitch, comes with its flag (`--click-hz`), declared here as data."""

from __future__ import annotations

from dataclasses import dataclass

from narrate._pydub import AudioSegment
from narrate.engines.base import Engine, EngineOptions, Flag, Voice, register
from narrate.model import EngineInfo

RATE = 16000
CLICK_MS = 40


@dataclass(frozen=True)
class ClickOptions(EngineOptions):
    """The click's own setting, besides the shared language, voice and rate."""

    hz: int = 400  # the square wave's pitch


@register
class ClickEngine(Engine):
    """A 40 ms square click per word, 80 ms apart."""

    name = "click"
    Options = ClickOptions
    flags = (Flag("--click-hz", "hz", "click: the pitch of each click.", kind=int, low=50,
                  high=RATE // 4, show_default=True),)  # fmt: skip
    options: ClickOptions

    def info(self) -> EngineInfo:
        extra = {"hz": str(self.options.hz)}
        return EngineInfo(self.name, "1", "square", self.options.language, extra)

    def synthesize(self, text: str) -> AudioSegment:
        half = RATE // (2 * self.options.hz)  # samples in each half of a period
        periods = RATE * CLICK_MS // 1000 // (2 * half)
        click = AudioSegment((b"\x00\x40" * half + b"\x00\xc0" * half) * periods, sample_width=2,
                             frame_rate=RATE, channels=1)  # fmt: skip
        gap = AudioSegment.silent(80, frame_rate=RATE)
        audio = gap
        for _ in text.split():
            audio += click + gap
        return audio

    @classmethod
    def voices(cls) -> list[Voice]:
        return [Voice(cls.name, "square", "en", "a click per word")]
