"""The Engine interface and the registry that maps engine names to classes."""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

from narrate._pydub import AudioSegment
from narrate.control import RunControl
from narrate.errors import EngineError
from narrate.flags import Flag
from narrate.model import EngineInfo

ENGINES: dict[str, type[Engine]] = {}


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: make an engine available under its `name`."""
    ENGINES[cls.name] = cls
    return cls


def engine_class(name: str) -> type[Engine]:
    """The engine class registered as `name`, or an EngineError listing the known ones."""
    try:
        return ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"unknown engine {name!r}; choose one of: {known}") from None


def engine_flags() -> list[tuple[Flag, object]]:
    """Every registered engine's own flags, each with its default (its Options field's); the
    first engine to declare a field owns it."""
    flags: dict[str, tuple[Flag, object]] = {}
    for cls in ENGINES.values():
        defaults = cls.Options()
        for flag in cls.flags:
            flags.setdefault(flag.field, (flag, getattr(defaults, flag.field)))
    return list(flags.values())


@dataclass(frozen=True)
class EngineOptions:
    """What every engine is told. An engine with settings of its own declares a subclass
    adding them (its `Options`) and a `Flag` for each (its `flags`)."""

    language: str = "en"
    voice: str | None = None
    rate: float = 1.0  # the speaking rate: the profile's, or --rate


def engine_options(
    cls: type[Engine], shared: EngineOptions, settings: Mapping[str, Any]
) -> EngineOptions:
    """`cls`'s own Options: the `shared` fields, and those of `settings` that are its own."""
    base = {f.name for f in fields(EngineOptions)}
    own = {f.name for f in fields(cls.Options)} - base
    given = {name: getattr(shared, name) for name in base}
    return replace(cls.Options(), **given, **{k: v for k, v in settings.items() if k in own})


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers, for `narrate voices`."""

    engine: str
    id: str
    language: str
    description: str = ""


class Engine(ABC):
    """A text-to-speech engine configured for one run: one language, one voice, one speed.

    Subclasses declare `name`, `needs_network`, `max_parallel` (how many sentences may be
    synthesized at once in one process), `cpu_bound` and, for settings of their own, `Options`
    and `flags`; they implement `synthesize`, `info` and the class-level listings.
    """

    name: ClassVar[str]
    needs_network: ClassVar[bool] = False
    max_parallel: int = 1  # an engine may set its own from its options (gtts: --jobs)
    # synthesis is this process's CPU work: with --workers N, sentences are spoken side by side
    # in N processes (narrate/engine_pool.py), each engine rebuilt there from its class and
    # options (both picklable) and loaded once; False: threads in this process (max_parallel)
    cpu_bound: ClassVar[bool] = False
    Options: ClassVar[type[EngineOptions]] = EngineOptions  # its settings, shared and own
    flags: ClassVar[tuple[Flag, ...]] = ()  # the flags for Options' own fields
    auto_order: ClassVar[int | None] = None  # `auto` tries engines in this order; None: never

    @classmethod
    def auto_check(cls, options: EngineOptions) -> tuple[bool, str]:
        """Whether `auto` may pick this engine now, and why (told to the user)."""
        return True, "the first engine auto may pick"

    def __init__(self, options: EngineOptions, control: RunControl | None = None):
        self.options = options
        self.control = control or RunControl(self.max_parallel)

    @abstractmethod
    def info(self) -> EngineInfo:
        """Engine name, version, voice and language: everything that changes the sound."""

    @abstractmethod
    def synthesize(self, text: str) -> AudioSegment:
        """Speak `text` (plain spoken text, no markup) and return mono 16-bit audio."""

    @classmethod
    @abstractmethod
    def voices(cls) -> list[Voice]:
        """The voices this engine offers on this machine, without network access."""

    def load(self) -> None:
        """Load what synthesis needs (a voice model) now, once per process. Default: nothing."""
        return None

    def voice_loads(self) -> int:
        """How many times this process has loaded this engine's voice (reports and tests)."""
        return 0

    def check(self) -> None:
        """Raise EngineError if the engine cannot work now (e.g. no network). Default: fine."""
        return None

    def cache_key(self, text: str) -> str:
        """A content address for the clip of `text`: changes whenever the sound would."""
        info = self.info()
        material = {
            "engine": info.name,
            "version": info.version,
            "voice": info.voice,
            "language": info.language,
            "extra": info.extra,
            "text": text,
        }
        blob = json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()
