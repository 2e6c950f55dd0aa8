"""One gain and a true-peak limiter: how mastering and the phone messages reach their loudness.

`fit_gain` finds the single gain that brings a limited programme to its target from a few
measured trials; `limiter` is the phase rotator and look-ahead limiter both run after that
gain. Shared, so the podcast master and a phone message are levelled by the same rule with the
same tolerance.
"""

from __future__ import annotations

from collections.abc import Callable

from narrate.loudness import SILENT_LUFS

RELEASE_MS = 20  # short: a longer hold costs loudness and makes the encoders overshoot more
TOLERANCE_LU = 0.2  # further trials correct the gain when the limiter took loudness away
MAX_CORRECTIONS = 3
# The share of the peaks' overshoot the limiter takes away behind the phase rotator: 0.27-0.31
# on the four examples' podcast and accessible masters (without the rotator it was 0.43-0.63,
# so a correction trial ran after nearly every first pair)
LIMITER_LOSS_GUESS = 0.29
GUESS_FROM_DB = 0.5  # the guessed trial runs beside the plain one when peaks overshoot by this
# A broadcast phase rotator: six second-order all-pass filters at 300 Hz. A synthetic voice's
# glottal pulses are lopsided spikes (Piper's crest factor is about 20 dB); turning their phases
# spreads each over a few milliseconds, so the same loudness has lower peaks and the limiter
# takes 1.5-2 dB less, with the spectrum unchanged (DNSMOS beside the fair reference: -0.12 ->
# -0.04 on the example; docs/benchmarks.md "Mastering and quality"). Chosen by the limiting it
# saves on all four examples (scripts/bench_mastering_variants.py).
PHASE_ROTATOR = ",".join(["allpass=f=300:t=q:w=0.5"] * 6)
FIT = (TOLERANCE_LU, MAX_CORRECTIONS, LIMITER_LOSS_GUESS, GUESS_FROM_DB)  # for cache keys

Trials = Callable[[list[float]], list[float]]  # gains (dB) -> the loudness each gives (LUFS)


def limiter(ceiling_dbtp: float, rate: int | None = None, *, rotate: bool = True) -> str:
    """An ffmpeg chain holding peaks under `ceiling_dbtp`: the phase rotator at the signal's
    own rate (unless not `rotate`), then a look-ahead limiter at `rate` (oversampled, to catch
    the peaks between samples; None: the signal's rate); `latency=true` keeps every sound in
    place."""
    limit = max(10 ** (ceiling_dbtp / 20), 0.0625)
    resample = f"aresample={rate}," if rate else ""
    return (
        f"{PHASE_ROTATOR + ',' if rotate else ''}{resample}"
        f"alimiter=limit={limit:.6f}:level=false:latency=true:attack=1:release={RELEASE_MS}"
    )


def likely_gain(
    loudness_lufs: float, peak_dbtp: float, target_lufs: float, ceiling_dbtp: float
) -> float:
    """The gain most likely to bring the limited programme to `target_lufs`, before any
    trial: the plain difference, and when the peaks will reach the limiter, that plus the
    share of their overshoot the limiter is guessed to take away (0 for silence)."""
    if loudness_lufs <= SILENT_LUFS:
        return 0.0
    plain = target_lufs - loudness_lufs
    overshoot = peak_dbtp + plain - ceiling_dbtp
    return plain + LIMITER_LOSS_GUESS * overshoot if overshoot > GUESS_FROM_DB else plain


def fit_gain(
    loudness_lufs: float, peak_dbtp: float, target_lufs: float, ceiling_dbtp: float, trials: Trials
) -> float:
    """The gain that brings the limited programme (measured at `loudness_lufs`, its peaks at
    `peak_dbtp`, NaN if unknown) to `target_lufs`; 0 for silence, without a trial.

    First the plain difference and, when the peaks will reach the limiter, beside it the
    likely gain (`likely_gain`); then the secant through the last two trials from the best
    one until within TOLERANCE_LU.
    """
    if loudness_lufs <= SILENT_LUFS:
        return 0.0
    plain = target_lufs - loudness_lufs
    likely = likely_gain(loudness_lufs, peak_dbtp, target_lufs, ceiling_dbtp)
    gains = [plain, likely] if likely != plain else [plain]
    points = list(zip(gains, trials(gains), strict=True))
    for _ in range(MAX_CORRECTIONS):
        gain, reached = min(points, key=lambda point: abs(target_lufs - point[1]))
        if abs(target_lufs - reached) <= TOLERANCE_LU:
            break
        (g1, r1), (g2, r2) = points[-2:] if len(points) > 1 else ((0.0, 0.0), (1.0, 1.0))
        slope = min(max((r2 - r1) / (g2 - g1), 0.2), 1.5) if g2 != g1 else 1.0
        step = (target_lufs - reached) / slope
        points.append((gain + step, trials([gain + step])[0]))
    return min(points, key=lambda point: abs(target_lufs - point[1]))[0]
