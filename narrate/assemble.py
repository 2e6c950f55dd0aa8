"""Stitch clips into one programme with pydub: trim, pause, time every cue and chapter.

Chapters are written to the programme WAV one at a time, so memory holds one chapter's
audio, never the whole programme's.
"""

from __future__ import annotations

import wave
from pathlib import Path

from pydub import AudioSegment
from pydub.silence import detect_leading_silence

from narrate.model import Chapter, Clip, Script, TimedCue, Timeline

SILENCE_DBFS = -50.0


def trim(audio: AudioSegment, threshold_dbfs: float = SILENCE_DBFS) -> AudioSegment:
    """`audio` without leading and trailing silence (quieter than `threshold_dbfs`)."""
    start = detect_leading_silence(audio, silence_threshold=threshold_dbfs, chunk_size=5)
    end = detect_leading_silence(audio.reverse(), silence_threshold=threshold_dbfs, chunk_size=5)
    if start >= len(audio) - end:
        return audio[:0]
    return audio[start : len(audio) - end]


def assemble(script: Script, clips: tuple[Clip, ...], dest: Path) -> Timeline:
    """Write the programme to `dest` (mono 16-bit WAV) and return its exact timeline.

    Each clip is trimmed so the pause after it is exactly the cue's `pause_after_ms`.
    Times come from sample counts: a cue starts at its first sound, a chapter at its
    first cue (the first chapter at 0), and ends where the next chapter starts. Clips are
    written as they are loaded, so memory holds one clip, never the programme.
    """
    rate = _programme_rate(clips)
    timed: list[TimedCue] = []
    frames = 0
    with wave.open(str(dest), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for cue, clip in zip(script.cues, clips, strict=True):
            audio = _load(clip.path, rate)
            pause = AudioSegment.silent(cue.pause_after_ms, frame_rate=rate)
            out.writeframes(audio.raw_data)
            out.writeframes(pause.raw_data)
            start, frames = frames, frames + int(audio.frame_count())
            timed.append(TimedCue(cue, _ms(start, rate), _ms(frames, rate)))
            frames += int(pause.frame_count())
    duration = _ms(frames, rate)
    return Timeline(tuple(timed), _chapters(script, timed, duration), duration, dest, rate)


def _chapters(script: Script, timed: list[TimedCue], duration: int) -> tuple[Chapter, ...]:
    """Each chapter from its first cue's start (0 for the first) to the next one's start."""
    starts = [0]
    for index in range(1, len(script.chapters)):
        starts.append(next(t.start_ms for t in timed if t.cue.chapter == index))
    ends = [*starts[1:], duration]
    return tuple(
        Chapter(spec.title, spec.level, start, end)
        for spec, start, end in zip(script.chapters, starts, ends, strict=True)
    )


def _load(path: Path, rate: int) -> AudioSegment:
    audio = trim(AudioSegment.from_wav(path))
    return audio if audio.frame_rate == rate else audio.set_frame_rate(rate)


def _programme_rate(clips: tuple[Clip, ...]) -> int:
    """The sample rate of the first clip: one edition has one engine, so one rate."""
    if not clips:
        return 22050
    with wave.open(str(clips[0].path), "rb") as wav:
        return wav.getframerate()


def wav_duration_ms(path: Path) -> int:
    """Exact length of a WAV file in ms, from its header."""
    with wave.open(str(path), "rb") as wav:
        return _ms(wav.getnframes(), wav.getframerate())


def _ms(frames: int, rate: int) -> int:
    return round(frames * 1000 / rate)
