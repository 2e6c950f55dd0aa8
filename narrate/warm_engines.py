"""Engines kept loaded in this process between requests: the web app's "Listen", the voices
page's samples and the OpenAI-compatible speech endpoint each ask for an engine per request,
and get the one made before for the same choice, its voice already loaded.

`auto` is decided once and kept for AUTO_RECHECK_S (its probe of Google is a network round
trip), then asked again, so a server that comes online or goes offline follows."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from narrate.engines.base import Engine, EngineOptions

log = logging.getLogger(__name__)

AUTO_RECHECK_S = 300.0
_Key = tuple[str, EngineOptions, tuple[tuple[str, str], ...]]
_engines: dict[_Key, tuple[Engine, float]] = {}  # the choice -> its engine and when it was made
_lock = threading.Lock()


def warm_engine(
    name: str, options: EngineOptions, settings: Mapping[str, Any] = MappingProxyType({})
) -> Engine:
    """The engine `choose_engine(name, options, settings)` gives, made and loaded once per
    process and choice; a BadOption or EngineError as choose_engine raises them."""
    from narrate.engines.choose import choose_engine

    key = (name, options, tuple(sorted((k, repr(v)) for k, v in settings.items())))
    now = time.monotonic()
    with _lock:
        stale = _engines.get(key)
        if stale is not None and (name != "auto" or now - stale[1] < AUTO_RECHECK_S):
            return stale[0]
    engine, _ = choose_engine(name, options, settings)
    engine.load()
    with _lock:
        kept = _engines.get(key)
        if kept is not None and kept is not stale:  # made meanwhile by another request
            return kept[0]
        _engines[key] = (engine, now)
        return engine


def warm_in_background(
    name: str, options: EngineOptions, settings: Mapping[str, Any] = MappingProxyType({})
) -> threading.Thread:
    """Start making and loading `warm_engine`'s engine on a thread of its own (a page that
    offers "Listen" starts it, so the first sentence asked for need not wait for the voice);
    a failure is left for the request that needs the engine to raise."""

    def warm() -> None:
        try:
            warm_engine(name, options, settings)
        except Exception as error:  # said again, in one line, by the request that needs it
            log.debug("could not load the %s engine ahead: %s", name, error)

    thread = threading.Thread(target=warm, daemon=True, name=f"warm-{name}")
    thread.start()
    return thread
