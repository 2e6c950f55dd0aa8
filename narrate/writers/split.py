"""One audio file per top-level chapter, for players without chapter support, and a playlist.

`chapters/01-<chapter-slug>.mp3` (and `.m4b` when the edition has an M4B), ... one per
top-level chapter (for a book, per entry at the top of its table of contents), each tagged
with its chapter's title, its track number n/N and the article's title as album. A chapter's
sub-chapters are not files of their own: they are chapters inside their top-level chapter's
file (nested in the MP3's tables of contents; a flat list in the M4B, whose chapter formats
have no levels). The files are cut from the mastered programme at the chapter marks the
assembly computed, so one after the other they are the whole programme. `chapters/<slug>.m3u`
lists them in order; `chapter_files` names them, so the manifest can list them without looking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from narrate.fs import atomic_write_text
from narrate.model import Chapter, Timeline
from narrate.slug import slugify
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.m4b import aac_options, encode_m4b
from narrate.writers.mp3 import Tags, edition_bitrate, edition_tags, programme_wav, write_mp3
from narrate.writers.outline import chapter_parents

FOLDER = "chapters"
SPLIT_FORMATS = {"mp3": ".mp3", "m4b": ".m4b"}  # the audio formats cut into chapters


@dataclass(frozen=True)
class TopChapter:
    """A top-level chapter and its span of the programme; `chapters` are it and its
    sub-chapters, timed from the span's start."""

    title: str
    start_ms: int
    end_ms: int
    chapters: tuple[Chapter, ...]


def top_chapters(timeline: Timeline) -> list[TopChapter]:
    """The timeline's top-level chapters (outline.chapter_parents), each up to the next."""
    parents = chapter_parents(timeline)
    tops = [n for n, parent in enumerate(parents) if parent is None]
    found = []
    for first, after in zip(tops, [*tops[1:], len(timeline.chapters)], strict=True):
        start = timeline.chapters[first].start_ms
        end = timeline.chapters[after].start_ms if after < len(timeline.chapters) else (
            timeline.duration_ms
        )
        inside = tuple(
            Chapter(c.title, c.level, c.start_ms - start, min(c.end_ms, end) - start)
            for c in timeline.chapters[first:after]
        )
        found.append(TopChapter(timeline.chapters[first].title, start, end, inside))
    return found


def split_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Of the edition's audio `formats`, those cut into chapter files (mp3 first)."""
    return tuple(f for f in SPLIT_FORMATS if f in formats)


def edition_audio(edition: EditionContext) -> tuple[str, ...]:
    """The audio formats of the edition (--format's, else the profile's) cut into chapters;
    mp3 when it has neither."""
    return split_formats(edition.options.formats or edition.profile.audio_formats) or ("mp3",)


def chapter_files(timeline: Timeline, formats: Sequence[str] = ("mp3",)) -> list[str]:
    """The chapter files' paths relative to the edition folder: by chapter, then by format."""
    tops = top_chapters(timeline)
    width = max(2, len(str(len(tops))))
    return [
        f"{FOLDER}/{n:0{width}d}-{slugify(top.title, fallback='chapter')}{SPLIT_FORMATS[fmt]}"
        for n, top in enumerate(tops, start=1)
        for fmt in split_formats(formats)
    ]


def _playlist(tops: list[TopChapter], names: list[str]) -> str:
    """An extended M3U playlist (UTF-8) of the chapter files, with titles and seconds."""
    lines = ["#EXTM3U"]
    for top, name in zip(tops, names, strict=True):
        seconds = round((top.end_ms - top.start_ms) / 1000)
        lines += [f"#EXTINF:{seconds},{' '.join(top.title.split())}", Path(name).name]
    return "\n".join(lines) + "\n"


@register
class SplitChaptersWriter(Writer):
    """`chapters/NN-<chapter-slug>.mp3` (and `.m4b`) per top-level chapter, and
    `chapters/<slug>.m3u`."""

    format = "split_chapters"
    extension = ".m3u"
    media_type = "audio/x-mpegurl"

    def filename(self, edition: EditionContext) -> str:
        return f"{FOLDER}/{edition.slug}{self.extension}"

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        timeline = edition.timeline
        formats = edition_audio(edition)
        tops = top_chapters(timeline)
        names = chapter_files(timeline, formats)
        tags = replace(edition_tags(edition), album=edition.article.title)
        for n, top in enumerate(tops):
            own = replace(tags, title=top.title, track=(n + 1, len(tops)))
            for k, fmt in enumerate(formats):
                self._write_one(edition, top, fmt, dest_dir / names[n * len(formats) + k], own)
        listed = names[:: len(formats)]  # the playlist plays the first format (mp3 if asked)
        return atomic_write_text(dest_dir / self.filename(edition), _playlist(tops, listed))

    def _write_one(
        self, edition: EditionContext, top: TopChapter, fmt: str, dest: Path, tags: Tags
    ) -> None:
        """One top-level chapter's span of the programme as `fmt` at `dest`."""
        timeline = edition.timeline
        span = (top.start_ms, top.end_ms)
        bitrate, rate = edition_bitrate(edition), edition.profile.sample_rate
        limit = edition.profile.true_peak_dbtp
        if fmt == "m4b":
            encode_m4b(programme_wav(timeline), dest, top.chapters, tags,
                       aac_options(bitrate, rate), span_ms=span,
                       peak_limit=(limit, rate))  # fmt: skip
            return
        alone = replace(timeline, cues=(), chapters=top.chapters,
                        duration_ms=top.end_ms - top.start_ms)  # fmt: skip
        write_mp3(alone, dest, tags, bitrate=bitrate, sample_rate=rate, span_ms=span,
                  peak_limit_dbtp=limit)  # fmt: skip
