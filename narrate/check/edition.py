"""What a finished edition says it holds, read from its folder as a user has it: the chapters
(their marks as the player sees them), the audio that plays each one, and the sentences of
the transcript with their times where the edition states them.

The sentences are the edition's spoken script (`<slug>.script.json`): what the voice was
given, cue by cue, announcements and the synthetic-voice notice included, and lines the
transcript shows but no one says (a byline) left out. An edition written before narrate kept
its script is compared with what it shows instead: the WebVTT captions, joined back into
sentences, or for a phone edition the Markdown transcript.

Podcast and accessible editions: the MP3 and its CHAP frames (the manifest's chapters when it
has none). Phone editions: each chapter's 8 kHz message files (`phone/index.json`); their
sentences are timed by what is heard, as the messages' pauses are shorter than the programme's.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

from narrate import manifest as manifest_io
from narrate.errors import NarrateError
from narrate.speech.sentences import split_sentences
from narrate.wav import wav_duration_ms
from narrate.writers.spoken_script import SpokenScriptError, load_spoken_script

SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
VTT_TIME = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3})|(\d\d):(\d\d)\.(\d{3})")
WAV_SUFFIXES = (".wav", ".wav16")  # PCM WAV: the 8 kHz narrowband callers hear, else 16 kHz
PHONE_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+\[[\d:]+\])?\s*$")


class EditionUnreadable(NarrateError):
    """An edition folder that lacks what a check needs (audio, captions, transcript)."""


@dataclass(frozen=True)
class AudioSpan:
    """`duration_ms` of `path` from `offset_ms` (None: to the end of the file)."""

    path: Path
    offset_ms: int
    duration_ms: int | None


@dataclass(frozen=True)
class ChapterAudio:
    """A chapter: its title, its mark (where a player jumps) and the audio that plays it."""

    title: str
    mark_ms: int
    end_ms: int
    audio: tuple[AudioSpan, ...]


@dataclass(frozen=True)
class Sentence:
    """A sentence as shown (`text`) and as the voice was given it (`spoken`, the same text in
    an edition without its script); times None where the edition states none (phone)."""

    text: str
    chapter: int
    is_heading: bool
    start_ms: int | None
    end_ms: int | None
    spoken: str | None = None

    @property
    def said(self) -> str:
        """What the listener should hear."""
        return self.text if self.spoken is None else self.spoken


@dataclass(frozen=True)
class Edition:
    """An edition as the check reads it; `link`, when set, is the page or file a time in the
    programme links into (else each chapter's audio files are linked, as for phone);
    `scripted`: the sentences are the spoken script (else what the edition shows)."""

    manifest: manifest_io.Manifest
    chapters: tuple[ChapterAudio, ...]
    sentences: tuple[Sentence, ...]
    link: str | None
    scripted: bool = False

    @property
    def folder(self) -> Path:
        return self.manifest.folder

    def link_to(self, ms: int) -> str:
        """A relative link that plays the edition from `ms`: the player page or MP3 with
        `#t=SECONDS`, or the phone message file that holds that moment, with its own time."""
        if self.link is not None:
            return f"{self.link}#t={ms / 1000:.1f}"
        chapter = next(
            (c for c in reversed(self.chapters) if c.mark_ms <= ms and c.audio), self.chapters[0]
        )
        offset = ms - chapter.mark_ms
        for span in chapter.audio:
            length = span.duration_ms
            if length is None:
                length = wav_duration_ms(span.path)
            if offset < length or span is chapter.audio[-1]:
                relative = span.path.relative_to(self.folder).as_posix()
                return f"{relative}#t={max(offset, 0) / 1000:.1f}"
            offset -= length
        return self.manifest.files["phone"]


def read_edition(folder: Path) -> Edition:
    """Read the edition in `folder`; EditionUnreadable or ManifestError when it is amiss."""
    folder = Path(folder)
    path = folder / manifest_io.FILENAME
    if not path.is_file():
        raise EditionUnreadable(f"{folder}: no {manifest_io.FILENAME}; is this an edition folder?")
    manifest = manifest_io.load(path)
    if "mp3" in manifest.files:
        return _mp3_edition(manifest)
    if "phone" in manifest.files:
        return _phone_edition(manifest)
    raise EditionUnreadable(f"{folder}: the manifest lists no MP3 and no phone messages")


def _existing(manifest: manifest_io.Manifest, name: str) -> Path:
    path = manifest.path_of(name)
    if not path.is_file():
        raise EditionUnreadable(f"{path}: listed in the manifest but missing")
    return path


def _mp3_edition(manifest: manifest_io.Manifest) -> Edition:
    mp3 = _existing(manifest, "mp3")
    marks = chapter_marks(mp3) or [(c.title, c.start_ms, c.end_ms) for c in manifest.chapters]
    if not marks:
        raise EditionUnreadable(f"{mp3}: no chapters in the MP3 or the manifest")
    chapters = tuple(
        ChapterAudio(title, start, end, (AudioSpan(mp3, start, end - start),))
        for title, start, end in marks
    )
    link = manifest.files.get("player") or manifest.files["mp3"]
    scripted = spoken_sentences(manifest, timed=True)
    if scripted is not None:
        return Edition(manifest, chapters, scripted, link, scripted=True)
    if "vtt" not in manifest.files:
        raise EditionUnreadable(f"{manifest.folder}: the manifest lists no captions (.vtt)")
    cues = read_vtt(_existing(manifest, "vtt"))
    sentences = _join_sentences(cues, [t for t, _, _ in marks])
    if not any(s.is_heading for s in sentences):  # headings not spoken (--no-announce)
        starts = [start for _, start, _ in marks]
        sentences = [  # caption sentences are all timed
            s
            if s.start_ms is None
            else replace(s, chapter=max(bisect_right(starts, s.start_ms) - 1, 0))
            for s in sentences
        ]
    return Edition(manifest, chapters, tuple(sentences), link)


def spoken_sentences(manifest: manifest_io.Manifest, timed: bool) -> tuple[Sentence, ...] | None:
    """The edition's spoken script as sentences (timed in the programme when `timed`), or
    None for an edition written without one."""
    if "script" not in manifest.files:
        return None
    try:
        cues = load_spoken_script(_existing(manifest, "script"))
    except SpokenScriptError as error:
        raise EditionUnreadable(str(error)) from None
    return tuple(
        Sentence(cue.display, cue.chapter, cue.kind in ("title", "heading"),
                 cue.start_ms if timed else None, cue.end_ms if timed else None, cue.spoken)
        for cue in cues
    )  # fmt: skip


def chapter_marks(mp3: Path) -> list[tuple[str, int, int]]:
    """The MP3's chapters as a player reads them: (title, start, end) from its CHAP frames."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tags = ID3(mp3)
    except ID3NoHeaderError:
        return []
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    tocs = tags.getall("CTOC")
    order = list(tocs[0].child_element_ids) if tocs else sorted(chaps)
    marks = []
    for element in order:
        chap = chaps.get(element)
        if chap is None:
            continue
        title = chap.sub_frames.get("TIT2")
        marks.append((str(title.text[0]) if title else element, chap.start_time, chap.end_time))
    return sorted(marks, key=lambda mark: mark[1])


def read_vtt(path: Path) -> list[tuple[int, int, str]]:
    """The captions' cues as (start, end, text), text on one line."""
    cues = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start, end = (_vtt_ms(part) for part in lines[timing].split("-->")[:2])
        text = " ".join(lines[timing + 1 :]).strip()
        if text:
            cues.append((start, end, text))
    return cues


def _vtt_ms(stamp: str) -> int:
    match = VTT_TIME.search(stamp)
    if not match:
        raise EditionUnreadable(f"captions: {stamp.strip()!r} is not a WebVTT time")
    if match[1]:
        h, m, s, ms = (int(match[i]) for i in range(1, 5))
    else:
        h, (m, s, ms) = 0, (int(match[i]) for i in range(5, 8))
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def _join_sentences(cues: list[tuple[int, int, str]], titles: list[str]) -> list[Sentence]:
    """Caption cues joined back into sentences (a cue holds at most two short lines); a
    chapter's heading, which has no closing punctuation, is a sentence of its own. Chapters
    are found by their headings in transcript order, not by time: the marks may be wrong,
    which is what a check looks for."""
    sentences: list[Sentence] = []
    pending: list[tuple[int, int, str]] = []
    chapter = 0

    def flush(is_heading: bool = False) -> None:
        if pending:
            text = " ".join(cue[2] for cue in pending)
            sentences.append(Sentence(text, chapter, is_heading, pending[0][0], pending[-1][1]))
            pending.clear()

    for cue in cues:
        title_at = _title_starting(cue[2], titles, chapter, first=not sentences and not pending)
        if title_at is not None:
            flush()
            chapter = title_at
        pending.append(cue)
        if title_at is not None and _words(cue[2]) == _words(titles[title_at]):
            flush(is_heading=True)
        elif pending and _is_heading_run(pending, titles[chapter]):
            flush(is_heading=True)
        elif SENTENCE_END.search(cue[2]):
            flush()
    flush()
    return sentences


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _title_starting(text: str, titles: list[str], chapter: int, first: bool) -> int | None:
    """The chapter whose heading `text` begins: the next chapter's, or the title at the start."""
    candidates = [0] if first else [chapter + 1] if chapter + 1 < len(titles) else []
    for index in candidates:
        words, wanted = _words(text), _words(titles[index])
        if words and wanted[: len(words)] == words[: len(wanted)]:
            return index
    return None


def _is_heading_run(pending: list[tuple[int, int, str]], title: str) -> bool:
    """A heading split over several cues, now complete."""
    return len(pending) > 1 and _words(" ".join(c[2] for c in pending)) == _words(title)


def _phone_edition(manifest: manifest_io.Manifest) -> Edition:
    index_path = _existing(manifest, "phone")
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))  # phone/index.json
    except (OSError, ValueError) as error:
        raise EditionUnreadable(f"{index_path}: cannot be read ({error})") from None
    by_chapter: dict[int, list[AudioSpan]] = {}
    for message in index.get("messages", []):
        files = message.get("files", [])
        pcm = [f for f in files if not f.endswith(".mulaw.wav")]
        wav = next((f for suffix in WAV_SUFFIXES for f in pcm if f.endswith(suffix)), None)
        if wav is None:
            raise EditionUnreadable(
                f"{index_path}: message {message.get('name')} has no .wav or .wav16 file "
                "(build the phone edition with one of those formats to check it)"
            )
        path = manifest.folder / wav
        if not path.is_file():
            raise EditionUnreadable(f"{path}: listed in phone/index.json but missing")
        by_chapter.setdefault(int(message["chapter"]), []).append(AudioSpan(path, 0, None))
    chapters = tuple(
        ChapterAudio(c.title, c.start_ms, c.end_ms, tuple(by_chapter.get(i + 1, ())))
        for i, c in enumerate(manifest.chapters)
    )
    scripted = spoken_sentences(manifest, timed=False)
    if scripted is not None:
        return Edition(manifest, chapters, scripted, None, scripted=True)
    transcript = _existing(manifest, "transcript_md")
    notice = _notice_chapter(manifest)
    sentences = _markdown_sentences(transcript.read_text(encoding="utf-8"), notice)
    return Edition(manifest, chapters, tuple(sentences), None)


def _notice_chapter(manifest: manifest_io.Manifest) -> int | None:
    """The synthetic-voice notice's chapter (narrate.disclosure), whose title is not spoken."""
    if manifest.disclosure is None or not manifest.chapters:
        return None
    return 0 if manifest.disclosure.position == "start" else len(manifest.chapters) - 1


def _markdown_sentences(text: str, unspoken_title: int | None = None) -> list[Sentence]:
    """The sentences of narrate's Markdown transcript, headings included (but the title of
    chapter `unspoken_title`, which is shown and not said), untimed."""
    sentences: list[Sentence] = []
    chapter = -1
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        heading = PHONE_HEADING.match(block)
        if heading:
            chapter += 1
            if chapter != unspoken_title:
                sentences.append(Sentence(heading[1], chapter, True, None, None))
        elif block and not re.fullmatch(r"\[[\d:]+\]", block):
            for sentence in split_sentences(block):
                sentences.append(Sentence(sentence, max(chapter, 0), False, None, None))
    return sentences
