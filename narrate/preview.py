"""One line heard before a build: the engine a build would choose says it, through the clip
cache, so the build that follows reuses the clip."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from narrate.cache import open_cache
from narrate.engine_worker import say
from narrate.engines import EngineOptions
from narrate.warm_engines import warm_engine


class _EngineChoice(Protocol):  # the parts of api.EngineChoice a preview needs
    @property
    def name(self) -> str: ...
    @property
    def settings(self) -> Mapping[str, Any]: ...


class _Choice(Protocol):  # the parts of api.BuildOptions a preview needs
    @property
    def engine(self) -> _EngineChoice: ...
    @property
    def cache_dir(self) -> Path | str | None: ...


def hear_line(spoken: str, engine_options: EngineOptions, options: _Choice) -> Path:
    """The cached WAV of `spoken` in the chosen engine's voice (synthesized when missing). The
    engine is kept loaded in this process (narrate.warm_engines), so only the first line a
    server hears in a voice waits for the voice to load."""
    choice = options.engine
    engine = warm_engine(choice.name, engine_options, choice.settings)
    cache = open_cache(options.cache_dir, keep_mirror=True)  # the WAV outlives the call
    try:
        key = engine.cache_key(spoken)
        kept = cache.get(key)
        if kept is not None:
            return kept
        with engine.control.limiter:  # shared with the other requests in this voice
            audio = say(engine, spoken)
        return cache.put(key, audio)
    finally:
        cache.close()
