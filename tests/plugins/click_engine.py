"""A toy engine: one module and one registry line (`@register`). Each word is a short click,
so an edition of it is real audio with real timings, made without a voice."""

from __future__ import annotations

from narrate._pydub import AudioSegment
from narrate.engines.base import Engine, Voice, register
from narrate.model import EngineInfo

RATE = 16000


@register
class ClickEngine(Engine):
    """A 40 ms square click per word, 80 ms apart."""

    name = "click"

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, "1", "square", self.options.language)

    def synthesize(self, text: str) -> AudioSegment:
        click = AudioSegment((b"\x00\x40" * 20 + b"\x00\xc0" * 20) * 16, sample_width=2,
                             frame_rate=RATE, channels=1)  # fmt: skip
        gap = AudioSegment.silent(80, frame_rate=RATE)
        audio = gap
        for _ in text.split():
            audio += click + gap
        return audio

    @classmethod
    def voices(cls) -> list[Voice]:
        return [Voice(cls.name, "square", "en", "a click per word")]
