"""Try a respelling before offering it: the edition's own engine and voice say it between the
words said around the misheard one, the check's recogniser hears it, and it counts as heard
right when every word of what was written is heard back in its place. All the attempts of a
round are heard in one pass (each after a second of silence), so trying costs one recogniser
pass and a few short syntheses, which the clip cache keeps for the next check.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from narrate import manifest as manifest_io
from narrate.cache import open_cache
from narrate.check.align import align, tokens
from narrate.check.said import spoken_words
from narrate.check.suggest import Attempt
from narrate.check.transcribe import RATE, Recogniser, decode_span
from narrate.errors import NarrateError

if TYPE_CHECKING:
    from narrate.engines.base import Engine

log = logging.getLogger(__name__)

GAP_MS = 1000  # silence between attempts, so the recogniser hears each on its own


class Trial:
    """Respellings said by an edition's engine and voice, heard by `recogniser`; called with
    (attempt, respelling) pairs, it says which were heard right, or why none could be tried."""

    def __init__(self, manifest: manifest_io.Manifest, recogniser: Recogniser, language: str):
        self.manifest, self.recogniser, self.language = manifest, recogniser, language
        self._engine: Engine | None = None
        self._refusal: str | None = None

    def __call__(self, batch: Sequence[tuple[Attempt, str]]) -> list[bool] | str:
        engine = self._load()
        if engine is None:
            return self._refusal or "respellings not tried"
        phrases = [" ".join(f"{a.before} {say} {a.after}".split()) for a, say in batch]
        try:
            samples, spans = self._say(engine, phrases)
        except NarrateError as error:
            return f"respellings not tried: {error}"
        heard = self.recogniser.hear_samples(samples, self.language)
        return [self._heard_right(attempt, heard, span) for (attempt, _), span in
                zip(batch, spans, strict=True)]  # fmt: skip

    def _load(self) -> Engine | None:
        """The edition's engine, voice and rate (as its manifest records them), once."""
        if self._engine is not None or self._refusal is not None:
            return self._engine
        from narrate.engines import EngineOptions
        from narrate.engines.choose import choose_engine

        recorded = self.manifest.engine
        name = recorded.get("name", "")
        settings = {"deterministic": True} if recorded.get("noise") == "0" else {}
        try:
            options = EngineOptions(
                language=recorded.get("language") or self.manifest.language,
                voice=recorded.get("voice") or None,
                rate=float(recorded.get("rate") or 1.0),
            )
            self._engine, _ = choose_engine(name, options, settings)
        except (NarrateError, ValueError) as error:
            self._refusal = f"respellings not tried: the edition's engine {name!r} ({error})"
            log.warning("%s", self._refusal)
        return self._engine

    def _say(self, engine: Engine, phrases: list[str]) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The phrases said one after another, a gap of silence before each; their spans."""
        gap = np.zeros(GAP_MS * RATE // 1000, dtype=np.float32)
        pieces, spans, at = [], [], 0
        cache = open_cache(None)
        try:
            for phrase in phrases:
                key = engine.cache_key(phrase)
                path = cache.get(key) or cache.put(key, engine.synthesize(phrase))
                samples = decode_span(path, 0, None)
                at += GAP_MS
                spans.append((at, at + round(len(samples) * 1000 / RATE)))
                at = spans[-1][1]
                pieces += [gap, samples]
        finally:
            cache.close()
        return np.concatenate([*pieces, gap]), spans

    def _heard_right(
        self, attempt: Attempt, heard: list[tuple[str, int, int]], span: tuple[int, int]
    ) -> bool:
        """Whether every word of `attempt.written` is heard back between its neighbours."""
        start, end = span[0] - GAP_MS // 2, span[1] + GAP_MS // 2
        mine = [text for text, a, b in heard if start <= (a + b) / 2 < end]
        before, written = attempt.before.split(), attempt.written.split()
        after = attempt.after.split()
        language = self.manifest.language
        expected = tokens(spoken_words([*before, *written, *after], language), self.language)
        got = tokens(spoken_words(mine, language), self.language)
        target = range(len(before), len(before) + len(written))
        pairs = align(expected, got).heard_at
        wanted = [k for k, token in enumerate(expected) if token.word in target]
        return bool(wanted) and all(pairs[k] is not None for k in wanted)
