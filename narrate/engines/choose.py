"""Pick the engine for a run: `auto` asks Google once, then sticks with its answer."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from narrate.engines.base import ENGINES, Engine, EngineOptions, engine_class, engine_options
from narrate.errors import BadOption, EngineError


def choose_engine(
    name: str, options: EngineOptions, settings: Mapping[str, Any] = MappingProxyType({})
) -> tuple[Engine, str]:
    """The engine to use for the whole run and a short reason to tell the user.

    Each engine considered gets its own Options: the shared `options` and the `settings`
    (values of engines' own flags, by field name) that its Options has. `auto` tries the
    engines that declare an `auto_order`, in that order (gtts when a quick probe reaches
    Google, else the offline piper), and picks the first that can work now, so one edition
    never mixes voices; the reason is the last refusal, else the pick's own. A named engine is
    checked (gtts probes Google) and used.
    """
    if name == "auto":
        refusal = None
        auto = [(c.auto_order, c) for c in ENGINES.values() if c.auto_order is not None]
        for _, cls in sorted(auto, key=lambda order_engine: order_engine[0]):
            own = engine_options(cls, options, settings)
            usable, reason = cls.auto_check(own)
            if usable:
                return _configure(cls, own), refusal or reason
            refusal = reason
        raise EngineError(f"no engine can work here ({refusal}); name one with --engine")
    try:
        cls = engine_class(name)
    except EngineError as error:
        raise BadOption(str(error)) from None
    engine = _configure(cls, engine_options(cls, options, settings))
    engine.check()
    return engine, "chosen"


def _configure(cls: type[Engine], options: EngineOptions) -> Engine:
    """The engine set up with its `options`; a language or voice it lacks is a BadOption."""
    try:
        return cls(options)
    except EngineError as error:
        raise BadOption(str(error)) from None
