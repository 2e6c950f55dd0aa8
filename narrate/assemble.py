"""Stitch clips into one programme with pydub: trim, pause, time every cue and chapter.

Clips are written to the programme WAV one at a time, as synthesis delivers them, so memory
holds one clip, never the whole programme.
"""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

from narrate._pydub import AudioSegment, detect_leading_silence, read_wav
from narrate.model import Chapter, Clip, Script, TimedCue, Timeline
from narrate.wav import frames_ms, mono16_writer, wav_rate

SILENCE_DBFS = -50.0
DEFAULT_RATE = 22050  # an empty programme's rate
CHAPTER_LEAD_MS = 400  # a chapter mark leads its heading's first sound by a breath
EDGE_MS = 5  # of the quiet before and after each clip's sound, kept and faded (see edged)


def _sound_span(audio: AudioSegment, threshold_dbfs: float) -> tuple[int, int] | None:
    """Where the sound louder than `threshold_dbfs` starts and ends, in ms (None: none)."""
    start = detect_leading_silence(audio, silence_threshold=threshold_dbfs, chunk_size=5)
    end = detect_leading_silence(audio.reverse(), silence_threshold=threshold_dbfs, chunk_size=5)
    return (start, len(audio) - end) if start < len(audio) - end else None


def edged(audio: AudioSegment, edge_ms: int = EDGE_MS) -> tuple[AudioSegment, int]:
    """The clip's sound (what is louder than SILENCE_DBFS) with `edge_ms` of what was before
    and after it in the clip (silence where there is less), faded in and out, and the frames
    in each edge; empty, with no edges, when nothing is that loud.

    A cut where the sound begins steps out of digital silence: a click at every sentence
    once mastering lifts it. Faded in from the quiet before it, the sound starts as the voice
    started it (DNSMOS OVRL +0.04 on the examples' podcast editions: docs/benchmarks.md).
    """
    rate, width = audio.frame_rate, audio.sample_width * audio.channels
    span = _sound_span(audio, SILENCE_DBFS)
    if span is None:
        return audio[:0], 0
    edge = round(edge_ms * rate / 1000)
    first, last = round(span[0] * rate / 1000), round(span[1] * rate / 1000)
    before = audio.get_sample_slice(max(0, first - edge), first)
    after = audio.get_sample_slice(last, min(int(audio.frame_count()), last + edge))
    before = _like(audio, bytes(width * (edge - int(before.frame_count()))) + before.raw_data)
    after = _like(audio, after.raw_data + bytes(width * (edge - int(after.frame_count()))))
    sound = audio.get_sample_slice(first, last)
    return before.fade_in(edge_ms) + sound + after.fade_out(edge_ms), edge


def _like(audio: AudioSegment, pcm: bytes) -> AudioSegment:
    """`pcm` as audio of `audio`'s rate, width and channels."""
    return AudioSegment(data=pcm, sample_width=audio.sample_width, frame_rate=audio.frame_rate,
                        channels=audio.channels)  # fmt: skip


def assemble(script: Script, clips: Iterable[Clip], dest: Path) -> Timeline:
    """Write the programme to `dest` (mono 16-bit WAV) and return its exact timeline."""
    with Stitcher(script, dest) as programme:
        for clip in clips:
            programme.add(clip)
        return programme.finish()


class Stitcher:
    """Writes the programme WAV clip by clip, in cue order, as the clips come.

    Each clip is trimmed to its sound and faded in and out over the EDGE_MS before and after
    it (`edged`), so the pause from its sound to the next is exactly the cue's
    `pause_after_ms` (a pause shorter than two edges grows to them). Times come from sample
    counts: a cue starts at its first sound; a chapter (the first at
    0) starts `lead_ms` before its first cue, inside the pause before it (see `lead_in`),
    and ends where the next chapter starts. Memory holds
    one clip, never the programme. `on_pcm(rate, pcm)` sees every piece written (e.g. a
    loudness meter that runs while the engine is still speaking); `on_stitched(rate, timed,
    sound, pause)` each cue once it is in (e.g. chapter previews).
    """

    def __init__(
        self,
        script: Script,
        dest: Path,
        on_pcm: Callable[[int, bytes], None] | None = None,
        lead_ms: int = CHAPTER_LEAD_MS,
        on_stitched: Callable[[int, TimedCue, bytes, bytes], None] | None = None,
    ):
        self.script, self.dest, self.on_pcm, self.lead_ms = script, dest, on_pcm, lead_ms
        self.on_stitched = on_stitched
        self._out: wave.Wave_write | None = None
        self._rate = DEFAULT_RATE
        self._open_files = ExitStack()
        self._timed: list[TimedCue] = []
        self._frames = 0

    def add(self, clip: Clip) -> None:
        """Append the next cue's clip and the pause after it."""
        out = self._out if self._out is not None else self._open(wav_rate(clip.path))
        cue = self.script.cues[len(self._timed)]
        audio, edge = _load(clip.path, self._rate)
        full_pause = int(self._rate * (cue.pause_after_ms / 1000.0))  # as pydub counts silence
        pause_frames = max(0, full_pause - 2 * edge)  # the edges sit in it
        pause = bytes(pause_frames * audio.frame_width)
        for piece in (audio.raw_data, pause):
            out.writeframes(piece)
            if self.on_pcm:
                self.on_pcm(self._rate, piece)
        start = self._frames + edge
        self._frames += int(audio.frame_count())
        end = self._frames - edge
        self._timed.append(TimedCue(cue, frames_ms(start, self._rate), frames_ms(end, self._rate)))
        self._frames += pause_frames
        if self.on_stitched:
            self.on_stitched(self._rate, self._timed[-1], audio.raw_data, pause)

    def finish(self) -> Timeline:
        """Close the WAV (every cue must be in) and return the programme's timeline."""
        if len(self._timed) != len(self.script.cues):
            raise ValueError(f"{len(self._timed)} of {len(self.script.cues)} cues stitched")
        if self._out is None:
            self._open(DEFAULT_RATE)
        self.close()
        duration = frames_ms(self._frames, self._rate)
        chapters = _chapters(self.script, self._timed, duration, self.lead_ms)
        return Timeline(tuple(self._timed), chapters, duration, self.dest, self._rate)

    def close(self) -> None:
        self._out = None
        self._open_files.close()

    def __enter__(self) -> Stitcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, rate: int) -> wave.Wave_write:
        """The WAV at the first clip's rate: one edition has one engine, so one rate."""
        self._out = self._open_files.enter_context(mono16_writer(self.dest, rate))
        self._rate = rate
        return self._out


def lead_in(first_sound_ms: int, previous_end_ms: int, lead_ms: int = CHAPTER_LEAD_MS) -> int:
    """Where a chapter starts: `lead_ms` before its first sound, inside the pause before it,
    but never before the end of the sound before it (a short pause gives a shorter lead)."""
    return max(first_sound_ms - lead_ms, previous_end_ms)


def _chapters(
    script: Script, timed: list[TimedCue], duration: int, lead_ms: int
) -> tuple[Chapter, ...]:
    """Each chapter from its lead-in (0 for the first) to the next one's start."""
    starts = [0]
    for index in range(1, len(script.chapters)):
        first = next(n for n, t in enumerate(timed) if t.cue.chapter == index)
        previous_end = timed[first - 1].end_ms if first else 0
        starts.append(lead_in(timed[first].start_ms, previous_end, lead_ms))
    ends = [*starts[1:], duration]
    return tuple(
        Chapter(spec.title, spec.level, start, end)
        for spec, start, end in zip(script.chapters, starts, ends, strict=True)
    )


def _load(path: Path, rate: int) -> tuple[AudioSegment, int]:
    audio = read_wav(path)
    return edged(audio if audio.frame_rate == rate else audio.set_frame_rate(rate))
