"""The Writer interface, the registry of writers by format name, and what every writer gets."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from narrate.errors import OutputError
from narrate.model import Article, AudioNeed, EngineInfo, Script, Timeline
from narrate.profiles import Profile


@dataclass(frozen=True)
class EditionOptions:
    """What the user asked of this edition beyond its profile (None: the profile decides)."""

    cover: Path | None = None  # podcast: square PNG/JPEG of at least 1400 px, as APIC
    intro: Path | None = None  # podcast: a sound before the title (any format ffmpeg reads)
    outro: Path | None = None  # podcast: a sound after the last chapter
    loudness_lufs: float | None = None  # integrated loudness target
    bitrate: str | None = None  # MP3 bitrate, e.g. "64k"
    formats: tuple[str, ...] | None = None  # audio formats (mp3, m4b) instead of the profile's
    split_chapters: bool = False  # podcast: also one MP3 per chapter
    # the options only one kind of writer reads, as that writer's own dataclass (e.g.
    # narrate.writers.phone.PhoneOptions); None: that writer's defaults
    writer_options: object | None = None


@dataclass(frozen=True)
class EditionContext:
    """Everything a writer may need to produce one file of the edition.

    `slug` names the files (`<slug>.mp3`, `<slug>.vtt`...); `profile` gives the MP3's rate and
    bitrate and the formats to write; `author` replaces the article's byline in the tags,
    transcript and manifest; `date` (e.g. "2024-05-01") goes into the tags. `mastered_audio`
    holds, by writer format, the audio mastering encoded for that writer (see `Writer.audio`).
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
    # True for a whole-programme audio format that --format may name (mp3, m4b...)
    is_audio: ClassVar[bool] = False

    def filename(self, edition: EditionContext) -> str:
        """The file's name inside the edition folder."""
        return f"{edition.slug}{self.extension}"

    def audio(self, edition: EditionContext) -> AudioNeed | Literal["programme"] | None:
        """The audio this writer needs: an AudioNeed that mastering encodes for it in the pass
        that renders the master (`write` then finds it in `edition.mastered_audio`), PROGRAMME
        for the mastered WAV itself (`edition.timeline.audio_path`), or None for no audio."""
        return PROGRAMME if self.reads_programme else None

    def check(self, options: EditionOptions) -> None:
        """Fail (OutputError) on options this writer cannot honour, before any synthesis."""
        return None  # most writers take whatever the profile allows

    @abstractmethod
    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        """Write the file atomically into `dest_dir` and return its path."""

    def write_recorded(self, edition: EditionContext, dest_dir: Path) -> Written:
        """`write`, with what the manifest should record of the file, handed over in memory."""
        return Written(self.write(edition, dest_dir))


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
