"""MP3 with ID3v2.3 tags and chapters (nested CTOCs + one CHAP per chapter), encoded by ffmpeg.

ID3v2.3 rather than 2.4: chapter frames are defined for both, and 2.3 is the version every
player reads (Windows, car stereos, older podcast apps); mutagen stores the text as UTF-16.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TLEN,
    TPE1,
    TRCK,
    TXXX,
    CTOCFlags,
)

from narrate._compat import InOrderID3
from narrate.disclosure import metadata_line, voice_label
from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import Output, run_for_log
from narrate.fs import atomic_path
from narrate.model import Article, AudioNeed, Timeline
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.cover import Cover, check_cover
from narrate.writers.outline import chapter_parents
from narrate.writers.peaks import encode_under

NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets unused: players seek by time
UTF8 = 3  # mutagen converts it to UTF-16 when saving as v2.3
FRONT_COVER = 3  # APIC picture type

# ISO 639-1 to the ISO 639-2 codes ID3 uses (COMM, TLAN); others are written as "und".
ISO_639_2 = {
    "ar": "ara", "cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "es": "spa",
    "fi": "fin", "fr": "fra", "he": "heb", "hi": "hin", "hu": "hun", "id": "ind", "it": "ita",
    "ja": "jpn", "ko": "kor", "nl": "nld", "no": "nor", "pl": "pol", "pt": "por", "ro": "ron",
    "ru": "rus", "sv": "swe", "tr": "tur", "uk": "ukr", "vi": "vie", "zh": "zho",
}  # fmt: skip


@dataclass(frozen=True)
class Tags:
    """The ID3 tags of an edition; `None` fields are not written."""

    title: str
    author: str | None = None
    album: str = "narrate"
    date: str | None = None
    comment: str | None = None
    language: str = "en"
    cover: Cover | None = None
    track: tuple[int, int] | None = None  # (n, of N), for one file per chapter
    synthetic_voice: str | None = None  # the engine and voice, as TXXX:SYNTHETIC_VOICE

    @classmethod
    def for_article(
        cls, article: Article, author: str | None = None, date: str | None = None
    ) -> Tags:
        """Tags from the article: the author given, else the byline, else the source site.

        The comment names the source: a URL whole, a local file by its name only (its folders
        are the user's business).
        """
        url = urlparse(article.source)
        web = url.scheme in ("http", "https")
        site = (url.hostname or "").removeprefix("www.") if web else ""
        author = re.sub(r"(?i)^by\s+", "", author or article.byline or "").strip() or site or None
        return cls(
            title=article.title,
            author=author,
            album=author or "narrate",
            date=date,
            comment=article.source if web else _file_comment(article.source),
            language=article.language,
        )


def _file_comment(source: str) -> str | None:
    return None if source in ("-", "<stdin>") else f"Narrated from {Path(source).name}"


def iso639_2(code: str) -> str:
    """The ISO 639-2 code for a language tag such as "en" or "en-GB"."""
    return ISO_639_2.get(code.split("-")[0].split("_")[0].lower(), "und")


def id3_tags(timeline: Timeline, tags: Tags) -> ID3:
    """The ID3 tag for the programme: text frames, the tables of contents (a top-level ordered
    CTOC, and a CTOC per chapter with sub-chapters) and a CHAP per chapter, in time order."""
    id3 = InOrderID3()
    lang = iso639_2(tags.language)
    id3.add(TIT2(encoding=UTF8, text=[tags.title]))
    if tags.author:
        id3.add(TPE1(encoding=UTF8, text=[tags.author]))
    id3.add(TALB(encoding=UTF8, text=[tags.album]))
    id3.add(TCON(encoding=UTF8, text=["Speech"]))
    id3.add(TLEN(encoding=UTF8, text=[str(timeline.duration_ms)]))
    if lang != "und":
        id3.add(TLAN(encoding=UTF8, text=[lang]))
    if tags.date:
        id3.add(TDRC(encoding=UTF8, text=[tags.date]))
    if tags.comment:
        id3.add(COMM(encoding=UTF8, lang=lang, desc="", text=[tags.comment]))
    if tags.synthetic_voice:
        id3.add(TXXX(encoding=UTF8, desc="SYNTHETIC_VOICE", text=[tags.synthetic_voice]))
    if tags.track:
        number, total = tags.track
        id3.add(TRCK(encoding=UTF8, text=[f"{number}/{total}"]))
    ids = [f"chp{i}" for i in range(len(timeline.chapters))]
    parents = chapter_parents(timeline)
    titles = [chapter.title for chapter in timeline.chapters]
    for table in _tables(ids, titles, parents):
        id3.add(table)
    for element_id, chapter in zip(ids, timeline.chapters, strict=True):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=NO_OFFSET,
                end_offset=NO_OFFSET,
                sub_frames=[TIT2(encoding=UTF8, text=[chapter.title])],
            )
        )
    if tags.cover:
        cover = tags.cover
        id3.add(
            APIC(encoding=UTF8, mime=cover.mime, type=FRONT_COVER, desc="Cover", data=cover.data)
        )
    return id3


def _tables(ids: list[str], titles: list[str], parents: tuple[int | None, ...]) -> list[CTOC]:
    """The tables of contents: the top-level CTOC lists the top chapters, each chapter with
    sub-chapters followed by its own ordered CTOC ("toc<n>", titled like the chapter) that
    lists them, and so on down the levels."""
    children: dict[int | None, list[int]] = {}
    for n, parent in enumerate(parents):
        children.setdefault(parent, []).append(n)

    def entries(parent: int | None) -> list[str]:
        listed = []
        for n in children.get(parent, []):
            listed.append(ids[n])
            if n in children:
                listed.append(f"toc{n}")
        return listed

    tables = [CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                   child_element_ids=entries(None), sub_frames=[])]  # fmt: skip
    return tables + [
        CTOC(element_id=f"toc{n}", flags=CTOCFlags.ORDERED, child_element_ids=entries(n),
             sub_frames=[TIT2(encoding=UTF8, text=[titles[n]])])  # fmt: skip
        for n in sorted(k for k in children if k is not None)
    ]


def mp3_options(bitrate: str, sample_rate: int) -> tuple[str, ...]:
    """ffmpeg output options for the edition's MP3: mono CBR with a Xing header, no tags
    (mutagen writes ID3v2.3 afterwards)."""
    return ("-vn", "-ac", "1", "-ar", str(sample_rate), "-c:a", "libmp3lame", "-b:a", bitrate,
            "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3")  # fmt: skip


def span_args(span_ms: tuple[int, int] | None) -> list[str]:
    """ffmpeg input options that read only `span_ms` (start, end) of the next input (none for
    None: all of it)."""
    if not span_ms:
        return []
    start, end = span_ms
    return ["-ss", f"{start / 1000:.3f}", "-t", f"{(end - start) / 1000:.3f}"]


def encode_mp3(
    source: Path,
    out: Path,
    *,
    bitrate: str,
    sample_rate: int,
    span_ms: tuple[int, int] | None = None,
    name: str | None = None,
    peak_limit_dbtp: float | None = None,
) -> None:
    """Encode the WAV `source`, or its span (start, end) in ms, as an untagged MP3 at `out`,
    peaking at most `peak_limit_dbtp` (writers.peaks); OutputError naming `name` (else `out`'s
    file name) when ffmpeg fails."""
    cut = span_args(span_ms)
    options = mp3_options(bitrate, sample_rate)

    def encode(filters: list[str], meters: list[str]) -> str:
        return run_for_log([*cut, "-i", str(source), "-map_metadata", "-1", *filters, *options,
                            "-y", str(out), *meters])  # fmt: skip

    try:
        encode_under(encode, Output(out, options, sample_rate), peak_limit_dbtp, sample_rate)
    except NarrateError as e:
        raise OutputError(f"cannot encode {name or out.name} from {source}: {e}") from e


def programme_wav(timeline: Timeline) -> Path:
    """The timeline's programme WAV; ValueError when mastering kept only encoded audio (a
    writer that reads the WAV says so with `reads_programme`)."""
    if timeline.audio_path is None:
        raise ValueError("the programme WAV was not kept, yet a writer reads it")
    return timeline.audio_path


def encode_span(edition: EditionContext, span_ms: tuple[int, int], out: Path, name: str) -> None:
    """Cut `span_ms` from the edition's programme WAV and encode it as the edition's plain MP3
    (its bitrate and sample rate, no tags): a DAISY section's or an EPUB chapter's audio."""
    encode_mp3(programme_wav(edition.timeline), out, bitrate=edition_bitrate(edition),
               sample_rate=edition.profile.sample_rate, span_ms=span_ms, name=name,
               peak_limit_dbtp=edition.profile.true_peak_dbtp)  # fmt: skip


def write_mp3(
    timeline: Timeline,
    dest: Path,
    tags: Tags,
    *,
    bitrate: str = "64k",
    sample_rate: int = 44100,
    span_ms: tuple[int, int] | None = None,
    encoded: Path | None = None,
    peak_limit_dbtp: float | None = None,
) -> Path:
    """Encode the timeline's WAV to mono CBR MP3 at `dest`, tagged with chapters; return `dest`.

    `span_ms` (start, end) encodes only that part of the WAV: one chapter of the programme,
    described by a `timeline` of its own that starts at 0. `encoded`: the MP3 audio already
    encoded (by mastering), which is tagged and moved to `dest` instead. `peak_limit_dbtp`: the
    true peak the encoded file may reach (writers.peaks).
    """
    if encoded and span_ms:
        raise ValueError("encoded audio is the whole programme; span_ms needs the WAV")
    with atomic_path(dest) as tmp:
        if encoded:
            os.replace(encoded, tmp)
        else:
            encode_mp3(programme_wav(timeline), tmp, bitrate=bitrate, sample_rate=sample_rate,
                       span_ms=span_ms, name=dest.name,
                       peak_limit_dbtp=peak_limit_dbtp)  # fmt: skip
        id3 = id3_tags(timeline, tags)
        id3.update_to_v23()
        id3.save(tmp, v2_version=3)
    return dest


@register
class Mp3Writer(Writer):
    """The edition's audio: `<slug>.mp3` with ID3 chapters."""

    format = "mp3"
    extension = ".mp3"
    media_type = "audio/mpeg"
    in_feed = True
    is_audio = True

    def audio(self, edition: EditionContext) -> AudioNeed:
        rate = edition.profile.sample_rate
        return AudioNeed("mp3", rate, 1, mp3_options(edition_bitrate(edition), rate))

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return write_mp3(
            edition.timeline,
            dest_dir / self.filename(edition),
            edition_tags(edition),
            bitrate=edition_bitrate(edition),
            sample_rate=edition.profile.sample_rate,
            encoded=edition.mastered_audio.get(self.format),
            peak_limit_dbtp=edition.profile.true_peak_dbtp,
        )


def edition_tags(edition: EditionContext) -> Tags:
    """The edition's tags: from the article, the author and date given, and the cover; with
    the synthetic-voice disclosure (narrate.disclosure), when the script has its notice, after
    the comment and as TXXX:SYNTHETIC_VOICE naming the engine and voice."""
    tags = Tags.for_article(edition.article, author=edition.author, date=edition.date)
    disclosure = metadata_line(edition.script, edition.engine)
    if disclosure:
        comment = f"{tags.comment} — {disclosure}" if tags.comment else disclosure
        tags = replace(tags, comment=comment, synthetic_voice=voice_label(edition.engine))
    cover = edition.options.cover
    return replace(tags, cover=check_cover(cover)) if cover else tags


def edition_bitrate(edition: EditionContext) -> str:
    """The user's --bitrate, else the profile's."""
    return edition.options.bitrate or edition.profile.bitrate
