"""Mastering: intro and outro around the speech, then one gain, a phase rotator and a limiter.

Loudness is measured the EBU R128 way (ffmpeg's `ebur128` filter) over the whole programme,
intro and outro included, and corrected by a single linear gain, so chapters keep their
relative levels; a phase rotator lowers the voice's peaks without changing its spectrum, and
a limiter running at 4x the mastering rate then holds the true peak below the ceiling. ffmpeg
does all the work file to file, so memory stays flat however long the programme is, and the
pass that renders the master also encodes the edition's audio files (each encoder in its own
thread), so the programme is rendered once.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from narrate import levelling, loudness
from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import Output, ffmpeg_exe, run
from narrate.master_memo import MasteringRecord, MasterMemo, programme_key
from narrate.model import AudioNeed, Chapter, Loudness, Mastered, TimedCue, Timeline
from narrate.storage import Store
from narrate.wav import wav_duration_ms

log = logging.getLogger(__name__)

OVERSAMPLE = 4  # the limiter runs at 4x the rate, so it catches peaks between samples
# The limiter's ceiling under the true-peak limit: a 64 kbit/s MP3 (LAME) or AAC peaks over the
# master it encodes by 0.2-1.0 dB, and now and then by up to 2 dB, erratically (a ceiling 0.2 dB
# lower can give an MP3 that peaks higher; docs/benchmarks.md, "What mastering does"). The
# encoded audio is decoded in the render's own pass (ffmpeg's loopback decoders) and a render
# whose encoded audio peaks over the limit less EXCERPT_GUARD_DB is made again with the ceiling
# lowered by the excess. A smaller margin would limit less (DNSMOS +0.02 to +0.05 at 1 dB) but
# made half the example's builds render again (0.7 s each).
CODEC_MARGIN_DB = 2.0
# A stretch of the master encoded on its own (a chapter file, a DAISY section, an EPUB
# chapter's audio) peaks up to 0.8 dB over the same stretch of the whole programme's MP3 (other
# frame boundaries, other quantisation; scripts/bench_excerpt_peaks.py). Each such file reads
# its own peak back and is encoded again a little quieter when over (writers/peaks.py); the
# whole leaves this much under the limit so that few of them need to.
EXCERPT_GUARD_DB = 0.4
PEAK_STEP_DB = 0.1  # a lowered ceiling goes this much further than the excess it corrects
MAX_PEAK_CORRECTIONS = 3
MEMO_VERSION = 5  # change when measuring, fitting or rendering changes: kept entries go stale
# A 64 kbit/s MP3 reads 0.4-0.5 LU under the master it encodes (LAME drops quiet high bands;
# docs/benchmarks.md): a programme encoded to MP3 is fitted this much louder, so the MP3 a
# listener's meter reads lands near the target, not at its lower edge.
MP3_LOUDNESS_LOSS_LU = 0.3
MeasuredFrom = Literal["live", "file", "memo"]  # where the loudness came from (Mastered)


@dataclass(frozen=True)
class MasteringSettings:
    """How a programme is mastered: the loudness target, the true-peak limit, the rate (speech
    alone keeps its own rate if lower), the sounds around it, and where the mastering of each
    programme is kept for rebuilds (see master_memo; None: nothing kept)."""

    target_lufs: float
    true_peak_dbtp: float
    sample_rate: int = 44100
    intro: Path | None = None
    outro: Path | None = None
    memo: Path | None = None
    memo_remote: Store | None = None  # a shared memo at a URL; `memo` then mirrors it


def master(
    timeline: Timeline,
    settings: MasteringSettings,
    work: Path,
    needs: Mapping[str, AudioNeed] | None = None,
    *,
    wav_for_writers: bool = True,
    live_scan: loudness.LiveScan | None = None,
) -> Mastered:
    """The programme mastered into `work/mastered.wav`, and the audio each writer `needs`
    (by writer format) encoded in the same pass into `work`.

    Returns the Mastered timeline, every cue and chapter moved later by the intro's decoded
    length (the first chapter still starts at 0, so the intro belongs to it, and the outro to
    the last), and the measurements for the manifest. The limiter's ceiling sits
    CODEC_MARGIN_DB below the true-peak limit; the encoded audio is decoded in the same pass
    and, when its true peak is over the limit less EXCERPT_GUARD_DB, rendered again with the
    ceiling lowered; a programme encoded to MP3 is fitted MP3_LOUDNESS_LOSS_LU over the target,
    for the loudness the encoder takes away.
    A rebuild of a programme the memo kept skips measuring, and with `wav_for_writers=False` (no
    writer reads the WAV) skips rendering too: the encoded audio is copied from the memo, no
    WAV is written and the timeline's `audio_path` is None (`Mastered.rendered` is False).
    `live_scan`: the programme's live scan, used instead of scanning the file when there is no
    intro or outro.
    """
    needs = needs or {}
    outputs = {name: Output(work / f"{name}.{need.format}", need.ffmpeg_options, need.sample_rate)
               for name, need in needs.items()}  # fmt: skip
    dest = work / "mastered.wav"
    rate = (
        settings.sample_rate
        if settings.intro or settings.outro
        else min(timeline.sample_rate, settings.sample_rate)
    )
    ceiling = settings.true_peak_dbtp - CODEC_MARGIN_DB
    fitted_lufs = settings.target_lufs + (
        MP3_LOUDNESS_LOSS_LU if any(need.format == "mp3" for need in needs.values()) else 0.0
    )
    programme = timeline.audio_path
    if programme is None:
        raise ValueError("the timeline has no programme WAV to master")
    with _framed(programme, settings, work, rate) as (inputs, intro_ms, outro_ms):
        memo = _memo(settings.memo, inputs, rate, fitted_lufs, ceiling, outputs.values())
        if memo and settings.memo_remote:
            memo.remote = settings.memo_remote
        live = live_scan if live_scan and len(inputs) == 1 else None
        record, rendered, measured_from = _mastering(
            inputs,
            programme,
            fitted_lufs,
            _Peaks(ceiling, settings.true_peak_dbtp - EXCERPT_GUARD_DB),
            rate,
            dest,
            tuple(outputs.values()),
            memo,
            wav_for_writers=wav_for_writers,
            live_scan=live,
        )
    after, duration_ms = record.rendered_as()
    shifted = shift(timeline, intro_ms, duration_ms, dest if rendered else None, rate)
    report = {
        "standard": "EBU R128",
        "target_lufs": settings.target_lufs,
        "true_peak_limit_dbtp": settings.true_peak_dbtp,
        "limiter_ceiling_dbtp": round(
            ceiling if record.ceiling_dbtp is None else record.ceiling_dbtp, 2
        ),
        "gain_db": round(record.gain_db, 2),
        "input": loudness.as_json(record.before, peak="sample_peak_dbfs"),
        "output": loudness.as_json(after, peak="true_peak_dbtp"),
        "encoded_true_peak_dbtp": record.encoded_peak_dbtp,
        "intro_ms": intro_ms,
        "outro_ms": outro_ms,
    }
    log.debug("mastered %s: %s", dest, report)
    encoded = {name: output.path for name, output in outputs.items()}
    return Mastered(shifted, report, encoded, rendered, measured_from)


@contextmanager
def _framed(
    programme: Path, settings: MasteringSettings, work: Path, rate: int
) -> Iterator[tuple[list[Path], int, int]]:
    """The inputs to master: the intro and outro decoded beside the programme (removed after),
    with their lengths in ms."""
    intro_wav = outro_wav = None
    try:
        intro_wav = _decode_to_wav(settings.intro, work / "intro.wav", rate)
        outro_wav = _decode_to_wav(settings.outro, work / "outro.wav", rate)
        inputs = [p for p in (intro_wav, programme, outro_wav) if p]
        yield (
            inputs,
            wav_duration_ms(intro_wav) if intro_wav else 0,
            wav_duration_ms(outro_wav) if outro_wav else 0,
        )
    finally:
        for part in (intro_wav, outro_wav):
            if part:
                part.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Peaks:
    """Where the limiter starts (`ceiling`) and how high the encoded audio may peak (`encoded`),
    in dBTP."""

    ceiling: float
    encoded: float


@dataclass(frozen=True)
class _Rendered:
    """What one render measured: the master, and the true peak of each output it encoded (in
    their order; -inf for silence)."""

    master: Loudness
    encoded_peaks: tuple[float, ...]

    @property
    def encoded_peak_dbtp(self) -> float | None:
        """The highest true peak of the encoded audio (None: nothing encoded, or silence)."""
        heard = [peak for peak in self.encoded_peaks if math.isfinite(peak)]
        return round(max(heard), 2) if heard else None

    def over(self, limit_dbtp: float) -> float:
        """How far the encoded audio peaks over `limit_dbtp` (0 when it does not)."""
        peak = self.encoded_peak_dbtp
        return max(peak - limit_dbtp, 0.0) if peak is not None else 0.0


def _mastering(
    inputs: list[Path],
    programme: Path,
    target_lufs: float,
    peaks: _Peaks,
    rate: int,
    dest: Path,
    outputs: Sequence[Output],
    memo: MasterMemo | None,
    *,
    wav_for_writers: bool,
    live_scan: loudness.LiveScan | None,
) -> tuple[MasteringRecord, bool, MeasuredFrom]:
    """Scan, fit and render `inputs` to `dest` and `outputs`, or take from `memo` what an
    earlier build of the same programme kept: the gain and ceiling, or (`wav_for_writers`
    False) everything. Returns what was measured, whether `dest` was rendered, and where the
    programme's loudness came from ("live", "file" or "memo")."""
    record = memo.recall() if memo else None
    kept_peak = record.encoded_peak_dbtp if record else None
    under = kept_peak is None or kept_peak <= peaks.encoded  # else rendered and corrected
    reusable = record is not None and record.rendered and not wav_for_writers and under
    if memo and record and reusable and memo.restore(outputs, record):
        return record, False, "memo"
    joined = _join(inputs, rate)
    measured_from: MeasuredFrom = "memo"
    if record is None:
        before = live_scan.result(rate) if live_scan else None
        measured_from = "live"
        if before is None:
            scan = [*_input_args(inputs), "-filter_complex", joined + loudness.SAMPLE_PEAK_METER]
            before = loudness.measure_run([*scan, "-f", "null", "-"], programme.name)
            measured_from = "file"
        gain, ceiling, rendered = _peak_checked_render(
            inputs, joined, before, target_lufs, peaks, rate, dest, outputs
        )
        record = MasteringRecord(before, gain, ceiling_dbtp=ceiling)
    else:
        ceiling = record.ceiling_dbtp if record.ceiling_dbtp is not None else peaks.ceiling
        rendered = _render(inputs, joined, record.gain_db, ceiling, rate, dest, outputs)
        over = rendered.over(peaks.encoded)
        if over:  # outputs the kept decision was not made for (another format) peak over
            lower = replace(peaks, ceiling=ceiling - over - PEAK_STEP_DB)
            gain, ceiling, rendered = _peak_checked_render(
                inputs, joined, record.before, target_lufs, lower, rate, dest, outputs
            )
            record = replace(record, gain_db=gain, ceiling_dbtp=ceiling)
    record = replace(
        record,
        after=rendered.master,
        duration_ms=wav_duration_ms(dest),
        encoded_peak_dbtp=rendered.encoded_peak_dbtp,
    )
    if memo:
        memo.remember(record, outputs)
    return record, True, measured_from


def _peak_checked_render(
    inputs: list[Path],
    joined: str,
    before: Loudness,
    target_lufs: float,
    peaks: _Peaks,
    rate: int,
    dest: Path,
    outputs: Sequence[Output],
) -> tuple[float, float, _Rendered]:
    """Fit and render at `peaks.ceiling`; while the encoded audio peaks over `peaks.encoded`,
    lower the ceiling by the excess (and PEAK_STEP_DB) and fit and render again, at most
    MAX_PEAK_CORRECTIONS times. Returns the gain, the ceiling and what the kept render
    measured."""
    ceiling = peaks.ceiling
    gain, rendered = _fitted_render(inputs, joined, before, target_lufs, ceiling, rate, dest,
                                    outputs)  # fmt: skip
    for _ in range(MAX_PEAK_CORRECTIONS):
        over = rendered.over(peaks.encoded)
        if not over:
            break
        log.debug("the encoded audio peaks %.2f dB over %.1f dBTP: limiting %.2f dB lower",
                  over, peaks.encoded, over + PEAK_STEP_DB)  # fmt: skip
        ceiling -= over + PEAK_STEP_DB
        gain, rendered = _fitted_render(inputs, joined, before, target_lufs, ceiling, rate, dest,
                                        outputs)  # fmt: skip
    if rendered.over(peaks.encoded):
        log.warning("%s: the encoded audio still peaks at %s dBTP, over %.1f dBTP, after %d "
                    "lower ceilings", ", ".join(o.path.name for o in outputs),
                    rendered.encoded_peak_dbtp, peaks.encoded, MAX_PEAK_CORRECTIONS)  # fmt: skip
    return gain, ceiling, rendered


def _fitted_render(
    inputs: list[Path],
    joined: str,
    before: Loudness,
    target_lufs: float,
    ceiling: float,
    rate: int,
    dest: Path,
    outputs: Sequence[Output],
) -> tuple[float, _Rendered]:
    """Render at the likely gain (levelling.likely_gain) and keep it when it reached the
    target within levelling.TOLERANCE_LU, as it does for Piper's voices: no trial runs. Else
    fit the gain with trials (the render standing for the likely gain's) and render again.
    Returns the gain and what the kept render measured."""
    likely = levelling.likely_gain(before.integrated_lufs, before.true_peak_dbtp, target_lufs,
                                   ceiling)  # fmt: skip
    rendered = _render(inputs, joined, likely, ceiling, rate, dest, outputs)
    reached = rendered.master.integrated_lufs
    silent = before.integrated_lufs <= loudness.SILENT_LUFS
    if silent or abs(reached - target_lufs) <= levelling.TOLERANCE_LU:
        return likely, rendered

    def trials(gains: list[float]) -> list[float]:
        todo = [gain for gain in gains if gain != likely]
        measured = _trials(inputs, joined, todo, ceiling, rate) if todo else []
        found = dict(zip(todo, measured, strict=True))
        found[likely] = reached
        return [found[gain] for gain in gains]

    gain = levelling.fit_gain(before.integrated_lufs, before.true_peak_dbtp, target_lufs,
                              ceiling, trials)  # fmt: skip
    if gain != likely:
        rendered = _render(inputs, joined, gain, ceiling, rate, dest, outputs)
    return gain, rendered


def shift(
    timeline: Timeline,
    offset_ms: int,
    duration_ms: int,
    audio_path: Path | None,
    sample_rate: int,
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


def _limiter(gain_db: float, ceiling_dbtp: float, rate: int) -> str:
    """One gain, then the shared phase rotator and look-ahead limiter at `rate`."""
    return f"volume={gain_db:.3f}dB,{levelling.limiter(ceiling_dbtp, rate)}"


def _trials(
    inputs: list[Path], joined: str, gains_db: list[float], ceiling_dbtp: float, rate: int
) -> list[float]:
    """The integrated loudness each gain would give, limited at the programme's own rate; the
    trials run side by side, one ffmpeg each.

    Oversampling changes where peaks are caught, not the loudness, so trials skip it.
    """

    def trial(gain_db: float) -> float:
        chain = f"{_limiter(gain_db, ceiling_dbtp, rate)},{loudness.LOUDNESS_METER}"
        args = [*_input_args(inputs), "-filter_complex", joined + chain, "-f", "null", "-"]
        return loudness.measure_run(args, inputs[0].name, peak=False).integrated_lufs

    with ThreadPoolExecutor(max_workers=len(gains_db)) as pool:
        return list(pool.map(trial, gains_db))


def _memo(
    folder: Path | None,
    inputs: list[Path],
    rate: int,
    target_lufs: float,
    ceiling_dbtp: float,
    outputs: Iterable[Output],
) -> MasterMemo | None:
    """The memo of this programme: keyed by the sound of every input, the targets, the
    limiters of the trials and of the render, the fit's settings, the ffmpeg build (its
    path names its version) and the encoded outputs (their peaks decide the ceiling)."""
    if folder is None:
        return None
    limiters = (_limiter(0.0, ceiling_dbtp, rate), _limiter(0.0, ceiling_dbtp, rate * OVERSAMPLE))
    fit = (*levelling.FIT, loudness.TRUE_PEAK_RATE, CODEC_MARGIN_DB, EXCERPT_GUARD_DB, PEAK_STEP_DB)
    encoded = tuple((output.path.name, output.options) for output in outputs)
    settings = (MEMO_VERSION, rate, target_lufs, ceiling_dbtp, limiters, fit, ffmpeg_exe(), encoded)
    return MasterMemo(folder, programme_key(inputs, settings))


def _input_args(inputs: list[Path]) -> list[str]:
    return [arg for path in inputs for arg in ("-i", str(path))]


def _join(inputs: list[Path], sample_rate: int) -> str:
    """A filter graph prefix: every input at the programme's rate, mono, one after another."""
    fmt = f"aresample={sample_rate},aformat=sample_fmts=flt:channel_layouts=mono"
    chains = "".join(f"[{i}:a]{fmt}[p{i}];" for i in range(len(inputs)))
    pads = "".join(f"[p{i}]" for i in range(len(inputs)))
    return f"{chains}{pads}concat=n={len(inputs)}:v=0:a=1,"


def _render(
    inputs: list[Path],
    joined: str,
    gain_db: float,
    ceiling_dbtp: float,
    rate: int,
    dest: Path,
    outputs: Sequence[Output],
) -> _Rendered:
    """Apply the gain and the oversampled limiter, write `dest` and `outputs`, and measure
    what was written: loudness, and the true peak as BS.1770 reads it, the sample peak of the
    signal oversampled to at least loudness.TRUE_PEAK_RATE (ffmpeg's own true-peak meter, at
    192 kHz, and ebur128 run at that rate each cost more than the limiter). Each output is
    decoded again as it is encoded and its true peak read the same way (`loudness.read_back`)."""
    chain = f"{_limiter(gain_db, ceiling_dbtp, rate * OVERSAMPLE)},aresample={rate}"
    labels = "".join(f"[m{i}]" for i in range(1 + len(outputs)))
    meters = (
        f"[loud][peak];[loud]{loudness.LOUDNESS_METER},anullsink;"
        f"[peak]aresample={loudness.meter_rate(rate)},{loudness.named_peak_meter('master')},anullsink"
    )
    split = f",asplit={3 + len(outputs)}{labels}{meters}"
    written = [Output(dest, ("-c:a", "pcm_s16le", "-f", "wav")), *outputs]
    args = [*_input_args(inputs), "-filter_complex", joined + chain + split]
    for i, output in enumerate(written):
        args += ["-map", f"[m{i}]", "-map_metadata", "-1", *output.options, "-y", str(output.path)]
    args += loudness.read_back(outputs, first=1, rate=rate)
    try:
        log_text = loudness.run_logged(args, ", ".join(output.path.name for output in written))
        measured = loudness.summary(log_text, dest.name, peak=False)
        peak = loudness.peak_level(log_text, "master")
        encoded = [loudness.peak_level(log_text, f"encoded{i}") for i in range(len(outputs))]
        unread = [o.path.name for o, p in zip(outputs, encoded, strict=True) if p is None]
        if peak is None or unread:
            subject = ", ".join(unread) if unread else dest.name
            raise OutputError(f"cannot measure {subject}: ffmpeg printed no peak level")
    except OutputError:
        for output in written:  # nothing half-written stays behind
            output.path.unlink(missing_ok=True)
        raise
    log.debug("rendered at %.2f dB under a %.2f dBTP ceiling: master %.2f dBTP, encoded %s",
              gain_db, ceiling_dbtp, peak, encoded)  # fmt: skip
    return _Rendered(
        replace(measured, true_peak_dbtp=round(peak, 1)),  # as ebur128 prints its figures
        tuple(p for p in encoded if p is not None),
    )


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
