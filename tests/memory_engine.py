"""A test engine that needs too much memory for any text containing GREEDY: it takes 64 MB
after 64 MB (touched, as a voice model's buffers are) up to 2 GB, and keeps it only while it
speaks. Registered as "tone-greedy" (CPU-bound: with --workers N it speaks in N processes).
`python -c "import tests.memory_engine; from narrate.__main__ import run; run()" build ...`
runs the CLI with it."""

from __future__ import annotations

import numpy as np

from narrate._pydub import AudioSegment
from narrate.engines.base import register
from tests.tone_engine import PooledToneEngine

CHUNK = 64 * 1024 * 1024
GREED = 2 * 1024 * 1024 * 1024


@register
class GreedyToneEngine(PooledToneEngine):
    """The pooled tone voice, which swells on GREEDY."""

    name = "tone-greedy"
    SENTENCE_S = 0.0

    def synthesize(self, text: str) -> AudioSegment:
        if "GREEDY" in text:
            held = [np.ones(CHUNK, dtype=np.uint8) for _ in range(GREED // CHUNK)]
            del held
        return super().synthesize(text)
