"""One line heard before a build: the engine a build would choose says it, through the clip
cache, so the build that follows reuses the clip."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from narrate.cache import open_cache
from narrate.engine_worker import say
from narrate.engines import EngineOptions
from narrate.warm_engines import warm_engine, warm_in_background


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


def warm_line_voice(engine_options: EngineOptions, options: _Choice) -> threading.Thread | None:
    """Start loading the voice `hear_line` would speak in, on a thread of its own; nothing
    is sent over the network for it: for `auto`, the offline engine it would fall back to is
    loaded (Google is asked when a line is heard), and an online engine is left alone."""
    from narrate.engines import ENGINES

    name = options.engine.name
    if name == "auto":
        offline = [(c.auto_order, n) for n, c in ENGINES.items()
                   if c.auto_order is not None and not c.needs_network]  # fmt: skip
        name = min(offline)[1] if offline else name
    if name not in ENGINES or ENGINES[name].needs_network:
        return None
    return warm_in_background(name, engine_options, options.engine.settings)
