"""Mastering: intro and outro around the speech, then one gain and a true-peak limiter.

Loudness is measured the EBU R128 way (ffmpeg's `ebur128` filter) over the whole programme,
intro and outro included, and corrected by a single linear gain, so chapters keep their
relative levels; a limiter running at 4x the sample rate then holds the true peak below the
ceiling. ffmpeg does all the work file to file, so memory stays flat however long the
programme is.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from narrate.assemble import wav_duration_ms
from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import run, run_for_log
from narrate.model import Chapter, TimedCue, Timeline

log = logging.getLogger(__name__)

OVERSAMPLE = 4  # the limiter runs at 4x the rate, so it catches peaks between samples
CODEC_MARGIN_DB = 2.0  # 64 kbit/s MP3 and AAC overshoot the master's peaks by up to ~1.6 dB
RELEASE_MS = 20  # short: a longer hold costs loudness and makes the encoders overshoot more
TOLERANCE_LU = 0.2  # further passes correct the gain when the limiter took loudness away
MAX_CORRECTIONS = 3
SILENT_LUFS = -70.0  # ebur128's floor: nothing to measure, so no gain
EBUR128 = "ebur128=peak=true:framelog=quiet"  # logs a summary: I, LRA and true peak


@dataclass(frozen=True)
class Loudness:
    """EBU R128 measurements of a programme: integrated (LUFS), range (LU), true peak (dBTP)."""

    integrated_lufs: float
    lra_lu: float
    true_peak_dbtp: float


def measure(path: Path) -> Loudness:
    """The integrated loudness, loudness range and true peak of any file ffmpeg reads."""
    return _measure_run(["-i", str(path), "-af", EBUR128, "-f", "null", "-"], path)


def master(
    timeline: Timeline,
    *,
    target_lufs: float,
    true_peak_dbtp: float,
    dest: Path,
    intro: Path | None = None,
    outro: Path | None = None,
    sample_rate: int = 44100,
) -> tuple[Timeline, dict[str, Any]]:
    """Write the mastered programme to `dest` (mono 16-bit WAV at `sample_rate`).

    Returns its timeline, every cue and chapter moved later by the intro's decoded length (the
    first chapter still starts at 0, so the intro belongs to it, and the outro to the last),
    and the measurements for the manifest. The limiter's ceiling sits CODEC_MARGIN_DB below
    `true_peak_dbtp`, so the encoded MP3 or M4B stays under it too.
    """
    intro_wav = outro_wav = None
    try:
        intro_wav = _decode_to_wav(intro, dest.with_name(f".{dest.name}.intro.wav"), sample_rate)
        outro_wav = _decode_to_wav(outro, dest.with_name(f".{dest.name}.outro.wav"), sample_rate)
        inputs = [p for p in (intro_wav, timeline.audio_path, outro_wav) if p]
        joined = _join(inputs, sample_rate)
        scan = [*_input_args(inputs), "-filter_complex", joined + EBUR128, "-f", "null", "-"]
        before = _measure_run(scan, timeline.audio_path)
        ceiling = true_peak_dbtp - CODEC_MARGIN_DB
        gain = _fit_gain(
            before, target_lufs, lambda g: _trial(inputs, joined, g, ceiling, sample_rate)
        )
        after = _render(inputs, joined, gain, ceiling, sample_rate, dest)
        intro_ms = wav_duration_ms(intro_wav) if intro_wav else 0
        outro_ms = wav_duration_ms(outro_wav) if outro_wav else 0
    finally:
        for part in (intro_wav, outro_wav):
            if part:
                part.unlink(missing_ok=True)
    mastered = shift(timeline, intro_ms, wav_duration_ms(dest), dest, sample_rate)
    report = {
        "standard": "EBU R128",
        "target_lufs": target_lufs,
        "true_peak_limit_dbtp": true_peak_dbtp,
        "limiter_ceiling_dbtp": round(ceiling, 2),
        "gain_db": round(gain, 2),
        "input": _as_json(before),
        "output": _as_json(after),
        "intro_ms": intro_ms,
        "outro_ms": outro_ms,
    }
    log.debug("mastered %s: %s", dest, report)
    return mastered, report


def shift(
    timeline: Timeline, offset_ms: int, duration_ms: int, audio_path: Path, sample_rate: int
) -> Timeline:
    """The timeline with every cue and chapter `offset_ms` later; the first chapter keeps 0.

    The last chapter runs to the new end, so an outro belongs to it.
    """
    cues = tuple(
        TimedCue(t.cue, t.start_ms + offset_ms, t.end_ms + offset_ms) for t in timeline.cues
    )
    starts = [c.start_ms + offset_ms if i else 0 for i, c in enumerate(timeline.chapters)]
    ends = [*starts[1:], duration_ms][: len(starts)]
    chapters = tuple(
        Chapter(c.title, c.level, start, end)
        for c, start, end in zip(timeline.chapters, starts, ends, strict=True)
    )
    return replace(
        timeline,
        cues=cues,
        chapters=chapters,
        duration_ms=duration_ms,
        audio_path=audio_path,
        sample_rate=sample_rate,
    )


def _fit_gain(before: Loudness, target_lufs: float, trial: Callable[[float], float]) -> float:
    """The gain that brings the limited programme to `target_lufs`.

    First the plain difference; when the limiter takes loudness away, the secant through the
    trials so far (the first assuming 1 LU per dB) corrects it.
    """
    if before.integrated_lufs <= SILENT_LUFS:
        return 0.0
    gain = target_lufs - before.integrated_lufs
    reached, slope = trial(gain), 1.0
    for _ in range(MAX_CORRECTIONS):
        error = target_lufs - reached
        if abs(error) <= TOLERANCE_LU:
            break
        step = error / slope
        gain, previous = gain + step, reached
        reached = trial(gain)
        slope = max((reached - previous) / step, 0.2)
    return gain


def _limiter(gain_db: float, ceiling_dbtp: float, rate: int) -> str:
    """One gain, then a look-ahead limiter at `rate`; `latency=true` keeps every sound in place."""
    limit = max(10 ** (ceiling_dbtp / 20), 0.0625)
    return (
        f"volume={gain_db:.3f}dB,aresample={rate},"
        f"alimiter=limit={limit:.6f}:level=false:latency=true:attack=1:release={RELEASE_MS}"
    )


def _trial(
    inputs: list[Path], joined: str, gain_db: float, ceiling_dbtp: float, rate: int
) -> float:
    """The integrated loudness `gain_db` would give, limited at the programme's own rate.

    Oversampling changes where peaks are caught, not the loudness, so trials skip it.
    """
    chain = f"{_limiter(gain_db, ceiling_dbtp, rate)},ebur128=framelog=quiet"
    args = [*_input_args(inputs), "-filter_complex", joined + chain, "-f", "null", "-"]
    return _measure_run(args, inputs[0], peak=False).integrated_lufs


def _input_args(inputs: list[Path]) -> list[str]:
    return [arg for path in inputs for arg in ("-i", str(path))]


def _join(inputs: list[Path], sample_rate: int) -> str:
    """A filter graph prefix: every input at the programme's rate, mono, one after another."""
    fmt = f"aresample={sample_rate},aformat=sample_fmts=flt:channel_layouts=mono"
    chains = "".join(f"[{i}:a]{fmt}[p{i}];" for i in range(len(inputs)))
    pads = "".join(f"[p{i}]" for i in range(len(inputs)))
    return f"{chains}{pads}concat=n={len(inputs)}:v=0:a=1,"


def _render(
    inputs: list[Path], joined: str, gain_db: float, ceiling_dbtp: float, rate: int, dest: Path
) -> Loudness:
    """Apply the gain and the oversampled limiter, write `dest`, and measure what was written."""
    chain = f"{_limiter(gain_db, ceiling_dbtp, rate * OVERSAMPLE)},aresample={rate},{EBUR128}"
    args = [*_input_args(inputs), "-filter_complex", joined + chain, "-map_metadata", "-1",
            "-c:a", "pcm_s16le", "-f", "wav", "-y", str(dest)]  # fmt: skip
    return _measure_run(args, dest)


def _measure_run(args: list[str], subject: Path, *, peak: bool = True) -> Loudness:
    """Run ffmpeg with an ebur128 filter in its graph and parse the summary it logs."""
    try:
        log_text = run_for_log(args)
    except NarrateError as error:
        raise OutputError(f"cannot measure or master {subject.name}: {error}") from None
    summary = log_text.rpartition("Summary:")[2]
    values = {}
    keys = (("I", "LUFS"), ("LRA", "LU"), ("Peak", "dBFS"))[: 3 if peak else 2]
    for key, unit in keys:
        found = re.search(rf"^\s*{key}:\s+(-?inf|-?[\d.]+) {unit}", summary, re.MULTILINE)
        if not found:
            raise OutputError(f"cannot measure {subject.name}: ffmpeg printed no {key} value")
        values[key] = float(found.group(1))
    return Loudness(values["I"], values["LRA"], values.get("Peak", math.nan))


def _as_json(loudness: Loudness) -> dict[str, float | None]:
    """The measurements for JSON, which has no -inf: silence has no peak (None)."""
    return {k: v if math.isfinite(v) else None for k, v in asdict(loudness).items()}


def _decode_to_wav(source: Path | None, dest: Path, sample_rate: int) -> Path | None:
    """`source` decoded to a mono 16-bit WAV at `sample_rate` (its exact length is then known)."""
    if source is None:
        return None
    try:
        run(["-i", str(source), "-vn", "-map_metadata", "-1", "-ac", "1", "-ar", str(sample_rate),
             "-c:a", "pcm_s16le", "-f", "wav", "-y", str(dest)])  # fmt: skip
    except NarrateError as e:
        dest.unlink(missing_ok=True)
        raise OutputError(
            f"cannot read the sound {source}: {e}; give a file ffmpeg can decode (WAV, MP3...)"
        ) from e
    return dest
