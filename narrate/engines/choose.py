"""Pick the engine for a run: `auto` asks Google once, then sticks with its answer."""

from __future__ import annotations

from narrate.engines.base import Engine, EngineOptions, engine_class
from narrate.errors import BadOption, EngineError


def choose_engine(name: str, options: EngineOptions) -> tuple[Engine, str]:
    """The engine to use for the whole run and a short reason to tell the user.

    `auto` uses gTTS when a quick probe reaches Google, else the offline piper engine, so
    one edition never mixes voices. A named engine is checked (gtts probes Google) and used.
    """
    if name == "auto":
        from narrate.engines.gtts import probe_google

        cause = probe_google(timeout_s=2.0, tld=options.tld)
        if cause is None:
            return _configure("gtts", options), "Google reachable"
        return _configure("piper", options), "Google not reachable"
    engine = _configure(name, options)
    engine.check()
    return engine, "chosen"


def _configure(name: str, options: EngineOptions) -> Engine:
    """The engine set up with `options`; a language or voice it lacks is a BadOption."""
    try:
        return engine_class(name)(options)
    except EngineError as error:
        raise BadOption(str(error)) from None
