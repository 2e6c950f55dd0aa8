"""One MP3 per chapter, for players without chapter support, and a playlist to play them in order.

`chapters/01-<chapter-slug>.mp3`, ... each tagged with its chapter's title, its track number
n/N and the article's title as album; `chapters/<slug>.m3u` lists them. The writer returns the
playlist; `chapter_files` names the MP3s, so the manifest can list them without looking.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from narrate.fs import atomic_write_text
from narrate.model import Chapter, Timeline
from narrate.slug import slugify
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.mp3 import edition_bitrate, edition_tags, write_mp3

FOLDER = "chapters"


def chapter_files(timeline: Timeline) -> list[str]:
    """The chapter files' paths relative to the edition folder, in order."""
    width = max(2, len(str(len(timeline.chapters))))
    return [
        f"{FOLDER}/{n:0{width}d}-{slugify(chapter.title, fallback='chapter')}.mp3"
        for n, chapter in enumerate(timeline.chapters, start=1)
    ]


def _playlist(timeline: Timeline, names: list[str]) -> str:
    """An extended M3U playlist (UTF-8) of the chapter files, with titles and seconds."""
    lines = ["#EXTM3U"]
    for chapter, name in zip(timeline.chapters, names, strict=True):
        seconds = round((chapter.end_ms - chapter.start_ms) / 1000)
        lines += [f"#EXTINF:{seconds},{' '.join(chapter.title.split())}", Path(name).name]
    return "\n".join(lines) + "\n"


@register
class SplitChaptersWriter(Writer):
    """`chapters/NN-<chapter-slug>.mp3` for each chapter, and `chapters/<slug>.m3u`."""

    format = "split_chapters"
    extension = ".m3u"
    media_type = "audio/x-mpegurl"

    def filename(self, edition: EditionContext) -> str:
        return f"{FOLDER}/{edition.slug}{self.extension}"

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        timeline = edition.timeline
        names = chapter_files(timeline)
        tags = edition_tags(edition)
        album = edition.article.title
        total = len(timeline.chapters)
        for n, (chapter, name) in enumerate(zip(timeline.chapters, names, strict=True), 1):
            length = chapter.end_ms - chapter.start_ms
            alone = replace(
                timeline,
                cues=(),
                chapters=(Chapter(chapter.title, chapter.level, 0, length),),
                duration_ms=length,
            )
            write_mp3(
                alone,
                dest_dir / name,
                replace(tags, title=chapter.title, album=album, track=(n, total)),
                bitrate=edition_bitrate(edition),
                sample_rate=edition.profile.sample_rate,
                span_ms=(chapter.start_ms, chapter.end_ms),
            )
        return atomic_write_text(dest_dir / self.filename(edition), _playlist(timeline, names))
