"""Text-to-speech engines. Importing this package registers every engine module."""

from narrate.engines import gtts, kokoro, piper  # noqa: F401  (registration side effect)
from narrate.engines.base import (
    ENGINES,
    Engine,
    EngineOptions,
    Voice,
    engine_class,
    engine_flags,
)
from narrate.flags import Flag

__all__ = ["ENGINES", "Engine", "EngineOptions", "Flag", "Voice", "engine_class", "engine_flags"]
