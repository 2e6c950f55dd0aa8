"""The values passed between stages: frozen dataclasses, no audio inside, times in int ms."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

BlockKind = Literal["paragraph", "list_item"]
CueKind = Literal["title", "heading", "sentence", "notice"]  # notice: narrate.disclosure


@dataclass(frozen=True)
class Block:
    """A paragraph or a list item, as display text (what the page shows); `place` is an
    ordered list item's number ("3." → 3), None elsewhere; `page` is the page of a paged
    document (a PDF) the block starts on, counted from 1, None for other sources."""

    text: str
    kind: BlockKind = "paragraph"
    place: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it; `title` is None for text before the first heading."""

    title: str | None
    level: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FeedEntry:
    """The entry of a followed feed or sitemap an article came from (`narrate follow`): its
    episode keeps one guid through every rebuild, and its date orders the podcast feed."""

    feed: str  # the feed's or sitemap's URL
    id: str  # the entry's id there (its guid or id, else its link)
    link: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 UTC, e.g. 2026-01-02T03:04:05Z


@dataclass(frozen=True)
class Article:
    """What a reader makes of a file: title, optional byline, language, sections in order.

    `source` is the path or URL as given; for a URL, `fetched_from` is the address the page
    finally came from (after redirects) and `fetched_at` the UTC time, ISO 8601; `text_from`
    is "ocr" when the text was recognised in pictures of the pages (a scanned PDF).
    """

    title: str
    sections: tuple[Section, ...]
    byline: str | None = None
    language: str = "en"
    source: str = "-"
    source_sha256: str = ""
    first_paragraph: str = ""
    fetched_from: str | None = None
    fetched_at: str | None = None
    text_from: str | None = None  # "ocr": read from pictures of the pages (pdf --ocr)
    page_labels: tuple[str, ...] = ()  # printed page names (a PDF's /PageLabels), page n at n-1
    entry: FeedEntry | None = None  # the followed feed's entry it came from (narrate.follow)

    def page_name(self, page: int) -> str:
        """What page `page` (counted from 1) is called in print: its label ("iv", "A-1") when
        the document names its pages, else its number."""
        if 0 < page <= len(self.page_labels) and self.page_labels[page - 1]:
            return self.page_labels[page - 1]
        return str(page)


@dataclass(frozen=True)
class Cue:
    """One unit of speech. `display` goes to the transcript, `spoken` to the engine.

    `pause_after_ms` is the silence that follows the cue; `chapter` indexes Script.chapters;
    `paragraph` counts blocks within the chapter so captions and transcripts can regroup;
    `block` is the kind of block a sentence was read from (None for the title and headings);
    `heading` is the display title of the section the cue belongs to (None for the article's
    title and for text before the first heading); `page` is the printed page the cue's block
    starts on (Block.page: a PDF's), None for headings and unpaged sources.
    """

    id: str
    kind: CueKind
    display: str
    spoken: str
    chapter: int
    pause_after_ms: int
    paragraph: int = 0
    block: BlockKind | None = None
    heading: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class ChapterSpec:
    """A chapter before timing: its title and heading level (1 for the article's own title)."""

    title: str
    level: int


WORDS_PER_MINUTE = 160  # a voice's reading pace, for estimates only (timings come from samples)


def estimated_s(cues: tuple[Cue, ...]) -> float:
    """About how long `cues` will sound, from their words and pauses (before any synthesis)."""
    words = sum(len(cue.spoken.split()) for cue in cues)
    pauses_ms = sum(cue.pause_after_ms for cue in cues)
    return words * 60 / WORDS_PER_MINUTE + pauses_ms / 1000


@dataclass(frozen=True)
class Script:
    """Everything that will be said, in order, with the chapters it falls into."""

    title: str
    language: str
    cues: tuple[Cue, ...]
    chapters: tuple[ChapterSpec, ...]

    def estimated_s(self) -> float:
        """About how long it will sound, from its words and pauses (before any synthesis)."""
        return estimated_s(self.cues)

    def chapter_cues(self, index: int) -> tuple[Cue, ...]:
        """The cues of chapter `index` (of `chapters`), in order."""
        return tuple(cue for cue in self.cues if cue.chapter == index)


@dataclass(frozen=True)
class Clip:
    """The synthesized audio of one cue: a WAV file in the cache and its exact length."""

    cue_id: str
    path: Path
    duration_ms: int


@dataclass(frozen=True)
class TimedCue:
    """A cue placed on the programme's timeline (start of its first sound to end of its last)."""

    cue: Cue
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Chapter:
    """A chapter on the timeline: from its mark (0 for the first; for the others a breath
    before the first sound, inside the pause: see assemble.lead_in) to the next chapter's."""

    title: str
    level: int
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Timeline:
    """The assembled programme: every cue and chapter timed, and the PCM WAV that holds it
    (None once mastering took the encoded audio from its memo and no writer needs the WAV)."""

    cues: tuple[TimedCue, ...]
    chapters: tuple[Chapter, ...]
    duration_ms: int
    audio_path: Path | None
    sample_rate: int


@dataclass(frozen=True)
class Loudness:
    """EBU R128 measurements of a programme: integrated (LUFS), range (LU), true peak (dBTP;
    the sample peak in dBFS from a mastering scan, which skips the costly true peak)."""

    integrated_lufs: float
    lra_lu: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class EngineInfo:
    """What produced the voice, as recorded in the manifest."""

    name: str
    version: str
    voice: str
    language: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AudioNeed:
    """Audio a writer asks mastering for: the mastered programme encoded as `format` at
    `sample_rate` and `channels`, with the ffmpeg output options that make it (codec, bitrate,
    container), encoded in the pass that renders the master."""

    format: str
    sample_rate: int
    channels: int
    ffmpeg_options: tuple[str, ...]


@dataclass(frozen=True)
class Mastered:
    """What mastering made: the timeline of the mastered programme (its `audio_path` the
    mastered WAV, or None when nothing needed it), the loudness report for the manifest, the
    audio encoded for each writer that asked (by writer format), whether the programme was
    rendered now or its encoded audio reused from the mastering memo, and where its loudness
    was measured: while it was stitched ("live"), from the file ("file"), or kept ("memo")."""

    timeline: Timeline
    loudness: dict[str, Any]
    encoded: dict[str, Path]
    rendered: bool
    measured_from: Literal["live", "file", "memo"] = "file"
