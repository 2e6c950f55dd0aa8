"""Each chapter heard while the rest is spoken: a quick MP3 of every top-level chapter, written
as soon as its last clip is stitched, in `.<edition folder>.preview/` beside the edition.

Previews are not an edition. Each is levelled by one gain predicted from the loudness of the
chapters before it (the first by its own), not mastered, and encoded by ffmpeg on a thread of
its own, so synthesis never waits for it. `index.json` and `index.m3u` list the chapters done
so far, each written whole. The folder is hidden (nothing lists it as an edition) and goes when
the build ends, however it ends but a kill: the next build in that output folder removes a
killed build's previews (its `owner` file names the build's process, as staging's folder names
do). Chapters are cut where the edition's chapter files are (assemble.lead_in).
"""

from __future__ import annotations

import json
import logging
import math
import os
import queue
import shutil
import subprocess
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from narrate import staging
from narrate.assemble import CHAPTER_LEAD_MS
from narrate.errors import NarrateError
from narrate.fs import atomic_write_text
from narrate.loudness import LOUDNESS_METER, SILENT_LUFS, summary
from narrate.model import Chapter, Script, TimedCue, Timeline
from narrate.slug import slugify
from narrate.wav import frames_ms

log = logging.getLogger(__name__)

SUFFIX = ".preview"
INDEX = "index.json"  # {"title", "chapters": N, "done": [Preview's fields, ...]}
PLAYLIST = "index.m3u"
OWNER = "owner"  # the build's staging.owner_tag()
# a quick listen, not the edition: 48 kbit/s, lame's faster search (-q 7)
ENCODE = ("-c:a", "libmp3lame", "-b:a", "48k", "-compression_level", "7", "-f", "mp3")
MAX_GAIN_DB = 20.0  # as voice_gain: a near-silent chapter is not raised into its noise


def folder_for(out_dir: Path, edition_folder: str) -> Path:
    """Where the previews of the edition folder `edition_folder` in `out_dir` go."""
    return out_dir / f".{edition_folder}{SUFFIX}"


def remove_dead(out_dir: Path) -> list[Path]:
    """Remove the preview folders in `out_dir` whose build is gone (killed); their paths."""
    removed: list[Path] = []
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(SUFFIX) and entry.is_dir()):
            continue
        try:
            owner = (entry / OWNER).read_text(encoding="ascii", errors="replace")
        except OSError:
            owner = ""
        if not staging.owner_alive(owner):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def top_chapter_of(script: Script) -> list[int]:
    """For each of the script's chapters, the index of the top-level chapter it is in (the
    chapter files' rule: writers.outline.chapter_parents)."""
    from narrate.writers.outline import chapter_parents

    untimed = Timeline(tuple(TimedCue(cue, 0, 0) for cue in script.cues),
                       tuple(Chapter(c.title, c.level, 0, 0) for c in script.chapters),
                       0, None, 0)  # fmt: skip
    tops: list[int] = []
    for parent in chapter_parents(untimed):
        tops.append(tops[parent] if parent is not None else (tops[-1] + 1 if tops else 0))
    return tops


def start(
    out_dir: Path, edition_folder: str, script: Script, target_lufs: float
) -> ChapterPreviews | None:
    """Previews of `script`'s top-level chapters beside the edition folder, or None when it has
    one (the edition itself comes as soon) or another running build has that folder."""
    tops = top_chapter_of(script)
    if len(set(tops)) < 2:
        return None
    final = folder_for(out_dir, edition_folder)
    made = staging.make_staging(out_dir, final.name)  # seen whole, with its owner, or not at all
    try:
        (made / OWNER).write_text(staging.owner_tag(), encoding="ascii")
        os.rename(made, final)
    except OSError as error:
        shutil.rmtree(made, ignore_errors=True)
        log.info("no chapter previews: %s is in use (%s)", final, error.strerror)
        return None
    return ChapterPreviews(final, script, tops, target_lufs)


@dataclass(frozen=True)
class Preview:
    """A chapter that can be heard: its number (from 1), title, file in the folder, length."""

    number: int
    title: str
    file: str
    duration_ms: int


@dataclass(frozen=True)
class _Spoken:
    """A chapter's PCM, stitched whole, waiting to be encoded."""

    top: int
    pcm: Path
    rate: int
    frames: int


class _Stopped(Exception):
    """The previews were closed while a chapter was being encoded."""


class ChapterPreviews:
    """Takes each clip as it is stitched (`add`, Stitcher's on_stitched) and writes a chapter's
    preview once its last clip is in; `close` stops the encoding and removes the folder."""

    def __init__(self, folder: Path, script: Script, tops: list[int], target_lufs: float,
                 lead_ms: int = CHAPTER_LEAD_MS) -> None:  # fmt: skip
        self.folder, self.script, self.lead_ms = folder, script, lead_ms
        self.target_lufs = target_lufs
        self._top_of = tops
        count = tops[-1] + 1
        self._titles = [next(c.title for c, t in zip(script.chapters, tops, strict=True) if t == n)
                        for n in range(count)]  # fmt: skip
        width = max(2, len(str(count)))
        self._names = [f"{n + 1:0{width}d}-{slugify(title, fallback='chapter')}.mp3"
                       for n, title in enumerate(self._titles)]  # fmt: skip
        self._stitched = 0  # cues so far
        self._pcm: IO[bytes] | None = None
        self._pcm_path = folder
        self._frames = 0
        self._done: list[Preview] = []
        self._measured: list[tuple[float, int]] = []  # each chapter's LUFS and length (ms)
        self._jobs: queue.SimpleQueue[_Spoken | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._stopped = False
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._encode_all, name="narrate-previews",
                                        daemon=True)  # fmt: skip
        self._thread.start()

    @property
    def done(self) -> list[Preview]:
        """The previews written so far, in order."""
        return list(self._done)

    def add(self, rate: int, timed: TimedCue, sound: bytes, pause: bytes) -> None:
        """The next cue's sound and the pause after it, as stitched into the programme."""
        index, self._stitched = self._stitched, self._stitched + 1
        top = self._top_of[timed.cue.chapter]
        self._write(top, sound)
        after = self.script.cues[index + 1] if index + 1 < len(self.script.cues) else None
        if after is not None and self._top_of[after.chapter] == top:
            self._write(top, pause)
            return
        # the next chapter starts a breath before its first sound, inside this pause
        carry = 0 if after is None else min(len(pause) // 2, round(self.lead_ms * rate / 1000))
        self._write(top, pause[: len(pause) - 2 * carry])
        self._chapter_spoken(top, rate)
        if after is not None:
            self._write(self._top_of[after.chapter], pause[len(pause) - 2 * carry :])

    def close(self) -> None:
        """Stop encoding (a chapter half encoded is dropped) and remove the folder."""
        with self._lock:
            self._stopped = True
            running = self._process
        if running is not None and running.poll() is None:
            running.kill()
        self._jobs.put(None)
        self._thread.join(timeout=30)
        if self._pcm is not None:
            self._pcm.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, top: int, pcm: bytes) -> None:
        if self._pcm is None:
            self._pcm_path = self.folder / f".{top + 1}.pcm"
            self._pcm = open(self._pcm_path, "wb")  # noqa: SIM115 (closed when the chapter ends)
            self._frames = 0
        self._pcm.write(pcm)
        self._frames += len(pcm) // 2

    def _chapter_spoken(self, top: int, rate: int) -> None:
        if self._pcm is None:  # a chapter without a sound: nothing to hear
            return
        self._pcm.close()
        self._pcm = None
        self._jobs.put(_Spoken(top, self._pcm_path, rate, self._frames))

    def _encode_all(self) -> None:
        """The encoding thread: each spoken chapter in turn, until `close`."""
        while (spoken := self._jobs.get()) is not None:
            try:
                self._encode(spoken)
            except _Stopped:
                return
            except (OSError, NarrateError) as error:
                log.warning("no preview of chapter %d: %s", spoken.top + 1, error)
            finally:
                spoken.pcm.unlink(missing_ok=True)

    def _encode(self, spoken: _Spoken) -> None:
        """One chapter's MP3 at the predicted gain, then the index; its loudness is measured in
        the same pass, for the gain of the chapters after it."""
        pcm_in = ["-f", "s16le", "-ar", str(spoken.rate), "-ac", "1", "-i", str(spoken.pcm)]
        first = not self._measured  # nothing to predict from: measured before it is encoded
        if first:
            self._record(self._ffmpeg([*pcm_in, "-af", LOUDNESS_METER, "-f", "null", "-"]), spoken)
        gain = self._gain()
        name = self._names[spoken.top]
        temporary = self.folder / f".{name}.part"
        limit = 10 ** (-1.5 / 20)  # the podcast profile's true-peak ceiling, as sample peak
        chain = f"{LOUDNESS_METER},volume={gain:.2f}dB,alimiter=limit={limit:.3f}:level=false"
        logged = self._ffmpeg([*pcm_in, "-af", chain, *ENCODE, "-metadata",
                               f"title={self._titles[spoken.top]}", str(temporary)])  # fmt: skip
        if not first:
            self._record(logged, spoken)
        os.replace(temporary, self.folder / name)
        title = " ".join(self._titles[spoken.top].split())
        self._done.append(Preview(spoken.top + 1, title, name,
                                  frames_ms(spoken.frames, spoken.rate)))  # fmt: skip
        self._write_index()
        if len(self._done) == 1:
            log.info("chapter %d of %d can be heard now: %s (the others follow in %s)",
                     spoken.top + 1, len(self._names), self.folder / name,
                     self.folder / PLAYLIST)  # fmt: skip

    def _ffmpeg(self, args: list[str]) -> str:
        """ffmpeg's log of a run with `args`; _Stopped when `close` ended it."""
        from narrate.ffmpeg import ffmpeg_exe

        command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
                   "-y", *args]  # fmt: skip
        with self._lock:
            if self._stopped:
                raise _Stopped
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.PIPE)  # fmt: skip
            running = self._process
        _, err = running.communicate()
        logged = err.decode("utf-8", "replace")
        if self._stopped:
            raise _Stopped
        if running.returncode != 0:
            raise NarrateError(f"ffmpeg failed: {(logged.strip().splitlines() or ['?'])[-1]}")
        return logged

    def _record(self, logged: str, spoken: _Spoken) -> None:
        measured = summary(logged, f"chapter {spoken.top + 1}", peak=False).integrated_lufs
        self._measured.append((measured, frames_ms(spoken.frames, spoken.rate)))

    def _gain(self) -> float:
        """The gain (dB) to the target from the loudness of every chapter measured so far,
        weighted by length (0 when they are silent)."""
        heard = [(lufs, ms) for lufs, ms in self._measured if lufs > SILENT_LUFS and ms > 0]
        if not heard:
            return 0.0
        power = sum(ms * 10 ** (lufs / 10) for lufs, ms in heard) / sum(ms for _, ms in heard)
        gain = self.target_lufs - 10 * math.log10(power)
        return max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain))

    def _write_index(self) -> None:
        """index.json and index.m3u of the previews done so far, each written whole."""
        index = {"title": self.script.title, "chapters": len(self._names),
                 "done": [asdict(p) for p in self._done]}  # fmt: skip
        atomic_write_text(self.folder / INDEX, json.dumps(index, ensure_ascii=False, indent=1))
        lines = ["#EXTM3U"]
        for preview in self._done:
            lines += [f"#EXTINF:{round(preview.duration_ms / 1000)},{preview.title}", preview.file]
        atomic_write_text(self.folder / PLAYLIST, "\n".join(lines) + "\n")


def read_index(folder: Path) -> list[Preview]:
    """The previews `folder`'s index lists (none when it has no readable index)."""
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        return [Preview(int(p["number"]), str(p["title"]), str(p["file"]), int(p["duration_ms"]))
                for p in index["done"]]  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return []
