"""Telephone audio: band-limit, level and encode one message the way a phone system plays it.

Narrowband is ITU-T P.310's 300-3400 Hz at 8 kHz (RFC 7874's 2nd-order 300 Hz high-pass, then a
steep linear-phase FIR at the top edge); wideband (G.722 calls) is 50-7000 Hz at 16 kHz. A
message is compressed gently at a fixed speech level, brought to the target loudness by a
measured gain and held under the true-peak ceiling by a limiter at 4x the rate, so G.711 never
clips: the gain is fitted, and the limiter is, as mastering's (narrate.levelling). ffmpeg does
the work file to file: memory stays flat however long the message is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from narrate import levelling
from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import run_for_log
from narrate.loudness import LOUDNESS_METER, PEAK_METER, SILENT_LUFS, peak_level, summary

SPEECH_LEVEL_LUFS = -26.0  # where the compressor sees the voice, whatever the input level
COMPRESSOR = "acompressor=threshold=0.0398:ratio=2:attack=10:release=150:knee=4"  # -28 dBFS
FIR_DELAY_S = 0.02  # FIR half-length: a ~100 Hz transition band at the top edge
TOP_MARGIN_HZ = 50  # the FIR's edge sits this far inside the band, so its skirt stays in it
OVERSAMPLE = 4  # the limiter runs at 4x the rate, so it catches peaks between samples
CEILING_MARGIN_DB = 0.5  # resampling back down and G.711 quantisation overshoot a little
SILENCE_DB = -50.0  # what counts as silence when pauses are measured


@dataclass(frozen=True)
class Band:
    """A telephone audio band and the sample rate it is carried at."""

    low_hz: int
    high_hz: int
    rate: int


NARROWBAND = Band(300, 3400, 8000)  # G.711, ITU-T P.310
WIDEBAND = Band(50, 7000, 16000)  # G.722, ITU-T P.341


@dataclass(frozen=True)
class PhoneFormat:
    """One file format a phone system reads: suffix, band, ffmpeg codec and muxer.

    `asterisk` is False for a format Asterisk cannot open under its suffix: such files must stay
    out of a music-on-hold folder, which plays every base name it finds.
    """

    name: str
    suffix: str
    band: Band
    codec: str
    muxer: str
    asterisk: bool = True


FORMATS: dict[str, PhoneFormat] = {
    f.name: f
    for f in (
        PhoneFormat("wav", ".wav", NARROWBAND, "pcm_s16le", "wav"),
        PhoneFormat("ulaw", ".ulaw", NARROWBAND, "pcm_mulaw", "mulaw"),
        PhoneFormat("alaw", ".alaw", NARROWBAND, "pcm_alaw", "alaw"),
        PhoneFormat("sln", ".sln", NARROWBAND, "pcm_s16le", "s16le"),
        PhoneFormat("mulaw-wav", ".mulaw.wav", NARROWBAND, "pcm_mulaw", "wav", asterisk=False),
        PhoneFormat("sln16", ".sln16", WIDEBAND, "pcm_s16le", "s16le"),
        PhoneFormat("wav16", ".wav16", WIDEBAND, "pcm_s16le", "wav"),
    )
}


@dataclass(frozen=True)
class Levels:
    """Where a message must sit: integrated loudness, true-peak ceiling, music below the voice."""

    target_lufs: float
    true_peak_dbtp: float
    duck_db: float = 18.0


@dataclass(frozen=True)
class Measured:
    """What ffmpeg measured on a rendered file: EBU R128 loudness, true peak, pauses."""

    loudness_lufs: float
    true_peak_dbtp: float
    silences: tuple[tuple[float, float], ...] = ()  # (start_s, end_s), -50 dBFS for >= 0.2 s


def band_filter(band: Band) -> str:
    """The filters that band-limit audio already at `band.rate` to `band`."""
    top = band.high_hz - TOP_MARGIN_HZ
    return (
        f"highpass=f={band.low_hz}:poles=2,"
        f"firequalizer=gain='if(lt(f,{top}),0,-100)':delay={FIR_DELAY_S}"
        ":zero_phase=on:wfunc=blackman"
    )


def prepare_voice(source: Path, dest: Path, band: Band, length_s: float) -> Measured:
    """`source` (`length_s` long) band-limited and gently compressed, to `dest` at `band.rate`.

    The voice is first brought to SPEECH_LEVEL_LUFS, so the compressor's fixed threshold sits
    at the same place in every message: loud syllables come down, quiet words stay.
    """
    length = round(length_s * band.rate)
    # zero_phase FIRs flush their tail: trim back to the input's length
    limited = f"aresample={band.rate},{band_filter(band)},atrim=end_sample={length}"
    before = _run_measured(
        ["-i", str(source), "-af", f"{limited},{LOUDNESS_METER}", "-f", "null", "-"]
    )
    pre = _gain_to(SPEECH_LEVEL_LUFS, before)
    chain = f"{limited},volume={pre:.3f}dB,{COMPRESSOR},{LOUDNESS_METER}"
    return _run_measured(["-i", str(source), "-af", chain, *_F32, "-y", str(dest)])


def prepare_music(source: Path, dest: Path, band: Band) -> Measured:
    """A music bed decoded to mono at `band.rate` and band-limited like the voice, to `dest`."""
    chain = (
        f"aresample={band.rate},aformat=channel_layouts=mono,{band_filter(band)},{LOUDNESS_METER}"
    )
    try:
        return _run_measured(["-i", str(source), "-vn", "-af", chain, *_F32, "-y", str(dest)])
    except OutputError as e:
        raise OutputError(
            f"cannot use {source} as music: {e}; give a file ffmpeg can decode (WAV, MP3...)"
        ) from e


def master(
    voice: tuple[Path, Measured],
    dest: Path,
    band: Band,
    levels: Levels,
    *,
    gap_ms: int = 0,
    music: tuple[Path, Measured] | None = None,
) -> Measured:
    """Level a prepared voice (and loop a prepared music bed under it) into a 16-bit WAV.

    The voice gets one gain to `levels.target_lufs` (levelling.fit_gain: each trial is a
    render, measured); the music sits `levels.duck_db` below the voice's target, moved with
    the voice's gain, and plays on through the `gap_ms` of silence added at the end.
    """
    path, measured = voice
    bed_offset = None  # the music's gain minus the voice's
    if music and music[1].loudness_lufs > SILENT_LUFS:
        bed_gain = _gain_to(levels.target_lufs - levels.duck_db, music[1])
        bed_offset = bed_gain - _gain_to(levels.target_lufs, measured)
    renders: dict[float, tuple[Path, Measured]] = {}

    def render(gain: float) -> Measured:
        trial = dest.with_name(f"{dest.stem}.trial{len(renders)}{dest.suffix}")
        bed = (music[0], gain + bed_offset) if music and bed_offset is not None else None
        renders[gain] = trial, _render(path, trial, band, gain, levels.true_peak_dbtp, gap_ms, bed)
        return renders[gain][1]

    try:
        gain = levelling.fit_gain(
            measured.loudness_lufs,
            measured.true_peak_dbtp,
            levels.target_lufs,
            levels.true_peak_dbtp - CEILING_MARGIN_DB,
            lambda gains: [render(g).loudness_lufs for g in gains],
        )
        if gain not in renders:  # silence: no trial was needed
            render(gain)
        chosen, result = renders[gain]
        chosen.replace(dest)
    finally:
        for trial, _ in renders.values():
            trial.unlink(missing_ok=True)
    return result


def encode(master_wav: Path, outputs: list[tuple[PhoneFormat, Path]]) -> None:
    """Write a mastered message in every format of `outputs` in one ffmpeg run.

    Raw formats get no header, WAVs no metadata chunks: phone systems read them byte for byte.
    """
    args = ["-i", str(master_wav)]
    for fmt, dest in outputs:
        args += [*_BITEXACT, "-c:a", fmt.codec, "-f", fmt.muxer, "-y", str(dest)]
    _run_for_log(args)


_F32 = ["-c:a", "pcm_f32le", "-f", "wav"]
_BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]


def _gain_to(target_lufs: float, measured: Measured) -> float:
    return 0.0 if measured.loudness_lufs <= SILENT_LUFS else target_lufs - measured.loudness_lufs


def _render(
    voice: Path,
    dest: Path,
    band: Band,
    gain_db: float,
    true_peak_dbtp: float,
    gap_ms: int,
    bed: tuple[Path, float] | None,
) -> Measured:
    """One gain, the gap, the music bed, then the oversampled limiter; measure what was written.

    The true peak is the sample peak at OVERSAMPLE times the rate (as ITU-R BS.1770 defines
    it), measured on a branch: ebur128's own true-peak meter costs more than the rest together.
    """
    rate, up = band.rate, band.rate * OVERSAMPLE
    # No phase rotator on the phone: with it, `narrate check`'s recogniser lost a passage of
    # first-visit's 8 kHz edition (58% of its words heard, 90% needed; tests/check), which
    # the podcast editions did not show; not understood, so phone messages keep the limiter
    # alone, as before.
    limiter = levelling.limiter(true_peak_dbtp - CEILING_MARGIN_DB, up, rotate=False)
    finish = (
        f"{limiter},"
        f"aresample={rate},{LOUDNESS_METER},silencedetect=n={SILENCE_DB}dB:d=0.2,asplit[out][tp];"
        f"[tp]aresample={up},{PEAK_METER},anullsink"
    )
    graph = f"[0:a]apad=pad_dur={gap_ms / 1000:.3f},volume={gain_db:.3f}dB"
    inputs = ["-i", str(voice)]
    if bed:
        inputs += ["-stream_loop", "-1", "-i", str(bed[0])]
        graph += (
            f"[v];[1:a]volume={bed[1]:.3f}dB[m];"
            "[v][m]amix=inputs=2:duration=first:dropout_transition=0:normalize=0"
        )
    args = [*inputs, "-filter_complex", f"{graph},{finish}", "-map", "[out]", *_BITEXACT,
            "-c:a", "pcm_s16le", "-f", "wav", "-y", str(dest)]  # fmt: skip
    return _run_measured(args)


def _run_measured(args: list[str]) -> Measured:
    """Run ffmpeg with ebur128 (and silencedetect, astats) in its graph; parse what they logged."""
    log = _run_for_log(args)
    measured = summary(log, "a phone message", peak=False)
    peak = peak_level(log)
    starts = [float(s) for s in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(s) for s in re.findall(r"silence_end: (-?[\d.]+)", log)]
    return Measured(
        max(measured.integrated_lufs, SILENT_LUFS),
        float("nan") if peak is None else peak,
        tuple(zip(starts, ends, strict=False)),
    )


def pauses(measured: Measured, duration_s: float) -> tuple[float, float, float]:
    """Silence at the start, the longest inside and at the end (s) of a file `duration_s` long.

    Only silences of 0.2 s or more are detected; shorter ones count as none.
    """
    lead = next((end for start, end in measured.silences if start <= 1e-3), 0.0)
    tail = next((e - s for s, e in measured.silences if e >= duration_s - 2e-3 and s > 1e-3), 0.0)
    inner = [e - s for s, e in measured.silences if s > 1e-3 and e < duration_s - 2e-3]
    return lead, max(inner, default=0.0), tail


def _run_for_log(args: list[str]) -> str:
    """ffmpeg's log for `args`; an OutputError naming the phone message when it fails."""
    try:
        return run_for_log(args)
    except NarrateError as error:
        raise OutputError(f"cannot write a phone message: {error}") from None
