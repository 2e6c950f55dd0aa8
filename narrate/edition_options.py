"""What the user asked of an edition beyond its profile: in a module of its own, so reading
and planning an article (`narrate sections`) need not load the writers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EditionOptions:
    """What the user asked of this edition beyond its profile (None: the profile decides)."""

    cover: Path | None = None  # podcast: square PNG/JPEG of at least 1400 px, as APIC
    intro: Path | None = None  # podcast: a sound before the title (any format ffmpeg reads)
    outro: Path | None = None  # podcast: a sound after the last chapter
    loudness_lufs: float | None = None  # integrated loudness target
    bitrate: str | None = None  # MP3 bitrate, e.g. "64k"
    formats: tuple[str, ...] | None = None  # audio formats (mp3, m4b) instead of the profile's
    split_chapters: bool = False  # podcast: also a file per top-level chapter, each audio format
    # the options only one kind of writer reads, each as that writer's own dataclass (its
    # `Options`, e.g. narrate.writers.phone.PhoneOptions); a writer not here: its defaults
    writer_options: tuple[object, ...] = ()

    def __post_init__(self) -> None:
        own: object = self.writer_options  # the type says tuple; callers may still pass one
        if not isinstance(own, tuple):  # one writer's options given alone
            object.__setattr__(self, "writer_options", () if own is None else (own,))
