"""Pick the engine for a run: `auto` asks Google once, then sticks with its answer."""

from __future__ import annotations

from narrate.engines.base import ENGINES, Engine, EngineOptions, engine_class
from narrate.errors import BadOption, EngineError


def choose_engine(name: str, options: EngineOptions) -> tuple[Engine, str]:
    """The engine to use for the whole run and a short reason to tell the user.

    `auto` tries the engines that declare an `auto_order`, in that order (gtts when a quick
    probe reaches Google, else the offline piper), and picks the first that can work now, so
    one edition never mixes voices; the reason is the last refusal, else the pick's own. A
    named engine is checked (gtts probes Google) and used.
    """
    if name == "auto":
        refusal = None
        for cls in sorted(
            (c for c in ENGINES.values() if c.auto_order is not None), key=lambda c: c.auto_order
        ):
            usable, reason = cls.auto_check(options)
            if usable:
                return _configure(cls.name, options), refusal or reason
            refusal = reason
        raise EngineError(f"no engine can work here ({refusal}); name one with --engine")
    engine = _configure(name, options)
    engine.check()
    return engine, "chosen"


def _configure(name: str, options: EngineOptions) -> Engine:
    """The engine set up with `options`; a language or voice it lacks is a BadOption."""
    try:
        return engine_class(name)(options)
    except EngineError as error:
        raise BadOption(str(error)) from None
