"""M4B: AAC in an MP4 container with the edition's chapters, for audiobook players.

ffmpeg encodes the audio and writes the chapters (from an ffmetadata document on its stdin)
both as a QuickTime chapter track and as a Nero `chpl` atom, so Apple's players and the
rest all see them; mutagen then adds the text tags and the cover.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

from mutagen import MutagenError
from mutagen.mp4 import MP4, MP4Cover, MP4Tags

from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import Output, run_for_log
from narrate.fs import atomic_path
from narrate.model import AudioNeed, Chapter
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.mp3 import (
    Tags,
    edition_bitrate,
    edition_tags,
    iso639_2,
    programme_wav,
    span_args,
)
from narrate.writers.peaks import encode_under

COVER_FORMATS = {"image/png": MP4Cover.FORMAT_PNG, "image/jpeg": MP4Cover.FORMAT_JPEG}


def ffmetadata(chapters: tuple[Chapter, ...]) -> str:
    """The chapters as an ffmetadata document, times in ms."""
    lines = [";FFMETADATA1"]
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={chapter.start_ms}",
            f"END={chapter.end_ms}",
            f"title={_escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    """ffmetadata escapes `=`, `;`, `#`, backslash and newline with a backslash."""
    return re.sub(r"([=;#\\\n])", r"\\\1", value)


def aac_options(bitrate: str, sample_rate: int) -> tuple[str, ...]:
    """ffmpeg output options for the edition's audio as mono AAC."""
    return ("-vn", "-ac", "1", "-ar", str(sample_rate), "-c:a", "aac", "-b:a", bitrate)


def write_m4b(
    edition: EditionContext, dest: Path, tags: Tags, *, bitrate: str, sample_rate: int
) -> Path:
    """Encode the timeline's WAV to mono AAC in `dest` with chapters and tags; return `dest`.

    AAC that mastering already encoded (`edition.mastered_audio["m4b"]`) is copied in.
    """
    timeline = edition.timeline
    encoded = edition.mastered_audio.get("m4b")
    source = encoded or programme_wav(timeline)
    codec = ("-c:a", "copy") if encoded else aac_options(bitrate, sample_rate)
    limit = None if encoded else (edition.profile.true_peak_dbtp, sample_rate)  # copied: checked
    return encode_m4b(source, dest, timeline.chapters, tags, codec, peak_limit=limit)


def encode_m4b(
    source: Path,
    dest: Path,
    chapters: tuple[Chapter, ...],
    tags: Tags,
    codec: tuple[str, ...],
    span_ms: tuple[int, int] | None = None,
    peak_limit: tuple[float, int] | None = None,
) -> Path:
    """`source` (or its span (start, end) in ms) as M4B at `dest`, made with ffmpeg's `codec`
    options, with `chapters` (times from the span's start) and `tags`; return `dest`.
    `peak_limit`: (the true peak the encoded audio may reach, its sample rate), for audio
    encoded here (writers.peaks)."""
    cut = span_args(span_ms)
    chapter_list = ffmetadata(chapters).encode("utf-8")
    with atomic_path(dest) as tmp:

        def encode(filters: list[str], meters: list[str]) -> str:
            return run_for_log([
                *cut, "-i", str(source), "-f", "ffmetadata", "-i", "pipe:0",
                "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", *filters, *codec,
                "-metadata:s:a:0", f"language={iso639_2(tags.language)}",
                "-movflags", "+faststart", "-brand", "M4B ", "-f", "ipod", "-y", str(tmp),
                *meters,
            ], stdin=chapter_list)  # fmt: skip

        limit, rate = peak_limit or (None, 0)
        try:
            encode_under(encode, Output(tmp, codec, rate or None), limit, rate)
        except NarrateError as e:
            raise OutputError(f"cannot encode {dest.name} from {source}: {e}") from e
        try:
            _tag(tmp, tags)
        except MutagenError as e:
            raise OutputError(f"cannot tag {dest.name}: {e}") from e
    return dest


def _tag(path: Path, tags: Tags) -> None:
    """The iTunes-style text atoms and the cover, as the MP3's ID3 tags have them."""
    mp4 = MP4(path)
    if mp4.tags is None:
        mp4.add_tags()
    # mutagen declares `FileType.tags = None` and sets the real tags later, unannotated
    atoms_of_file = cast(MP4Tags, mp4.tags)
    atoms = {
        "\xa9nam": tags.title,
        "\xa9ART": tags.author,
        "\xa9alb": tags.album,
        "\xa9day": tags.date,
        "\xa9cmt": tags.comment,
        "\xa9gen": "Speech",
    }
    if tags.track:
        atoms_of_file["trkn"] = [tags.track]
    for atom, value in atoms.items():
        if value:
            atoms_of_file[atom] = [value]
    if tags.cover:
        fmt = COVER_FORMATS[tags.cover.mime]
        atoms_of_file["covr"] = [MP4Cover(tags.cover.data, imageformat=fmt)]
    mp4.save()


@register
class M4bWriter(Writer):
    """`<slug>.m4b`: the same programme and chapters as the MP3, as AAC."""

    format = "m4b"
    extension = ".m4b"
    media_type = "audio/mp4"
    is_audio = True

    def audio(self, edition: EditionContext) -> AudioNeed:
        rate = edition.profile.sample_rate
        options = (*aac_options(edition_bitrate(edition), rate), "-f", "mp4")
        return AudioNeed("m4a", rate, 1, options)

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return write_m4b(
            edition,
            dest_dir / self.filename(edition),
            edition_tags(edition),
            bitrate=edition_bitrate(edition),
            sample_rate=edition.profile.sample_rate,
        )
