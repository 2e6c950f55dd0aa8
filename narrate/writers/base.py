"""The Writer interface, the registry of writers by format name, and what every writer gets."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from narrate.edition_options import EditionOptions as EditionOptions  # its home before
from narrate.errors import BadOption, OutputError
from narrate.flags import Flag
from narrate.model import Article, AudioNeed, EngineInfo, Script, Timeline
from narrate.profiles import Profile


@dataclass(frozen=True)
class EditionContext:
    """Everything a writer may need to produce one file of the edition.

    `slug` names the files (`<slug>.mp3`, `<slug>.vtt`...); `profile` gives the MP3's rate and
    bitrate and the formats to write; `author` replaces the article's byline in the tags,
    transcript and manifest; `date` (e.g. "2024-05-01") goes into the tags. `mastered_audio`
    holds, by writer format, the audio mastering encoded for that writer (see `Writer.audio`);
    `spoken`, by name, the lines the writers asked the run's engine to say (see
    `Writer.extra_speech`), each a trimmed WAV.
    """

    timeline: Timeline
    script: Script
    article: Article
    engine: EngineInfo
    slug: str
    profile: Profile
    author: str | None = None
    date: str | None = None
    options: EditionOptions = EditionOptions()
    mastered_audio: Mapping[str, Path] = field(default_factory=dict)
    spoken: Mapping[str, Path] = field(default_factory=dict)  # SpokenExtra.name -> its WAV

    @property
    def book_seed(self) -> str:
        """What identifies this book across rebuilds (the DAISY and EPUB identifiers hash it):
        the article's hash, the engine, the voice and the slug."""
        engine = self.engine
        return "\0".join([self.article.source_sha256, engine.name, engine.voice, self.slug])


@dataclass(frozen=True)
class SpokenExtra:
    """A line a writer needs said by the run's engine beside the programme (the phone
    edition's hold intro): `text` as displayed (the pipeline makes it spoken text, as it does
    the article's), `name` the key it is found under in `EditionContext.spoken` (a plain word,
    such as "hold-intro": the line is said into `<name>.wav` in the edition's scratch folder)."""

    name: str
    text: str


@dataclass(frozen=True)
class Written:
    """What a writer wrote: the file's path, and what the manifest records of it (or None)."""

    path: Path
    record: Mapping[str, Any] | None = None


class Writer(ABC):
    """Writes one file of the edition. Subclasses declare `format` and `extension`."""

    format: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str] = "application/octet-stream"  # the MIME type of what it writes
    in_feed: ClassVar[bool] = False  # the podcast feed's enclosure (and the web player's audio)
    is_audio: ClassVar[bool] = False  # the whole programme as one audio file, checked to play
    # False for writers whose `write` never reads the programme WAV (timeline.audio_path):
    # then a rebuild of unchanged audio needs no render for them (see `audio`)
    reads_programme: ClassVar[bool] = True
    # options of its own (a frozen dataclass, found in EditionOptions.writer_options by its
    # type) and a Flag per field, which the CLI makes `narrate build` options
    Options: ClassVar[type | None] = None
    flags: ClassVar[tuple[Flag, ...]] = ()
    # what --format names for a profile whose `formats_from` is this writer (its Options then
    # has a `formats` field); empty: --format names the audio writers
    format_choices: ClassVar[tuple[str, ...]] = ()
    # a file beside the programme's audio that --format may also name (the EPUB book)
    on_request: ClassVar[bool] = False

    def filename(self, edition: EditionContext) -> str:
        """The file's name inside the edition folder."""
        return f"{edition.slug}{self.extension}"

    def audio(self, edition: EditionContext) -> AudioNeed | Literal["programme"] | None:
        """The audio this writer needs: an AudioNeed that mastering encodes for it in the pass
        that renders the master (`write` then finds it in `edition.mastered_audio`), PROGRAMME
        for the mastered WAV itself (`edition.timeline.audio_path`), or None for no audio."""
        return PROGRAMME if self.reads_programme else None

    def extra_speech(self, options: EditionOptions) -> tuple[SpokenExtra, ...]:
        """The lines this writer needs said beside the programme, for these options: the
        pipeline has the run's engine say them (through the clip cache) before any writer
        writes, and `write` finds each one's WAV in `edition.spoken[extra.name]`."""
        return ()

    def check(self, options: EditionOptions) -> None:
        """Fail (OutputError) on options this writer cannot honour, before any synthesis."""
        return None  # most writers take whatever the profile allows

    @abstractmethod
    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        """Write the file atomically into `dest_dir` and return its path."""

    def write_recorded(self, edition: EditionContext, dest_dir: Path) -> Written:
        """`write`, with what the manifest should record of the file, handed over in memory."""
        return Written(self.write(edition, dest_dir))


T = TypeVar("T")


def own_options(options: EditionOptions, cls: type[T]) -> T:
    """The writer options of type `cls` in `options`, or `cls`'s defaults."""
    return next((o for o in options.writer_options if isinstance(o, cls)), cls())


def with_own_options(options: EditionOptions, own: object) -> EditionOptions:
    """`options` with `own` in place of the writer options of its type."""
    others = tuple(o for o in options.writer_options if not isinstance(o, type(own)))
    return replace(options, writer_options=(*others, own))


PROGRAMME: Literal["programme"] = "programme"  # what a writer that reads the master WAV needs
WRITERS: dict[str, type[Writer]] = {}
# writers imported the first time they are asked for: only the accessible edition needs them
# (and lxml, which they use)
ON_DEMAND = {
    "daisy": "narrate.writers.daisy",
    "player": "narrate.writers.player",
    "transcript_html": "narrate.writers.transcript_html",
}


def register(cls: type[Writer]) -> type[Writer]:
    """Class decorator: make a writer available under its `format`."""
    WRITERS[cls.format] = cls
    return cls


def audio_formats() -> tuple[str, ...]:
    """The registered whole-programme audio formats, mp3 first, for --format."""
    return tuple(sorted((f for f, cls in WRITERS.items() if cls.is_audio), key=_mp3_first))


def format_choices(profile: Profile) -> tuple[str, ...]:
    """What --format may name for `profile`: its `formats_from` writer's choices, or the
    registered audio formats and the writers made `on_request` (epub)."""
    if profile.formats_from:
        return WRITERS[profile.formats_from].format_choices
    return (*audio_formats(), *sorted(f for f, cls in WRITERS.items() if cls.on_request))


def option_writers(profile: Profile) -> tuple[str, ...]:
    """The writers whose own options an edition of `profile` takes: those it runs and those
    --format may add."""
    named = () if profile.formats_from else audio_formats()
    return tuple(dict.fromkeys((*profile.audio_formats, *profile.formats, *named)))


def check_writer_settings(settings: Mapping[str, Mapping[str, Any]], profile: Profile) -> None:
    """A BadOption unless each of `settings` (by writer format, then field) is one its writer
    has, in its flag's range, and for a writer `profile` takes options of (a setting left at
    its default asks for nothing)."""
    takes = option_writers(profile)
    for name, values in settings.items():
        cls = WRITERS.get(name)
        if cls is None or cls.Options is None:
            known = ", ".join(n for n, c in WRITERS.items() if c.Options is not None)
            raise BadOption(f"no writer {name!r} has settings; known: {known}")
        flags = {flag.field: flag for flag in cls.flags}
        defaults = cls.Options()
        for key, value in values.items():
            if key not in flags:
                known = ", ".join(flags)
                raise BadOption(f"the {name} writer has no setting {key!r}; known: {known}")
            problem = flags[key].check(value)
            if problem:
                raise BadOption(problem, flags[key].name)
            if name not in takes and value != getattr(defaults, key):
                raise BadOption(f"{flags[key].name} does not apply to --profile {profile.name}")


def writers_own_options(
    profile: Profile, settings: Mapping[str, Mapping[str, Any]], formats: tuple[str, ...] | None
) -> tuple[object, ...]:
    """The own Options of each writer `profile` takes options of, from `settings` (checked);
    the `formats_from` writer also gets `formats`, its own --format choices."""
    own = []
    for name in option_writers(profile):
        cls = WRITERS.get(name)
        if cls is None or cls.Options is None:
            continue
        values = dict(settings.get(name, {}))
        if name == profile.formats_from:
            values["formats"] = formats
        own.append(cls.Options(**values))
    return tuple(own)


def writer_flags() -> list[tuple[str, Flag, object]]:
    """Every registered writer's own flags: its format, the flag, and its default (its
    Options field's)."""
    return [
        (name, flag, getattr(cls.Options(), flag.field))
        for name, cls in WRITERS.items()
        if cls.Options is not None
        for flag in cls.flags
    ]


def _mp3_first(name: str) -> tuple[bool, str]:
    return name != "mp3", name


def all_formats() -> tuple[str, ...]:
    """Every format a writer exists for, registered or on demand, sorted."""
    return tuple(sorted({*WRITERS, *ON_DEMAND}))


def writer_for(format: str) -> Writer:
    """A writer for `format`, or an OutputError listing the known formats."""
    if format not in WRITERS and format in ON_DEMAND:
        importlib.import_module(ON_DEMAND[format])
    try:
        return WRITERS[format]()
    except KeyError:
        known = ", ".join(all_formats())
        raise OutputError(f"unknown output format {format!r}; choose from: {known}") from None
