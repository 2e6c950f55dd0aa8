"""One gain and a true-peak limiter: how mastering and the phone messages reach their loudness.

`fit_gain` finds the single gain that brings a limited programme to its target from a few
measured trials; `limiter` is the look-ahead limiter both run after that gain. Shared, so the
podcast master and a phone message are levelled by the same rule with the same tolerance.
"""

from __future__ import annotations

from collections.abc import Callable

from narrate.loudness import SILENT_LUFS

RELEASE_MS = 20  # short: a longer hold costs loudness and makes the encoders overshoot more
TOLERANCE_LU = 0.2  # further trials correct the gain when the limiter took loudness away
MAX_CORRECTIONS = 3
LIMITER_LOSS_GUESS = 0.45  # share of the peaks' overshoot the limiter is guessed to take away
GUESS_FROM_DB = 0.5  # the guessed trial runs beside the plain one when peaks overshoot by this
FIT = (TOLERANCE_LU, MAX_CORRECTIONS, LIMITER_LOSS_GUESS, GUESS_FROM_DB)  # for cache keys

Trials = Callable[[list[float]], list[float]]  # gains (dB) -> the loudness each gives (LUFS)


def limiter(ceiling_dbtp: float) -> str:
    """An ffmpeg look-ahead limiter holding peaks under `ceiling_dbtp`; `latency=true` keeps
    every sound in place. Run it oversampled to catch the peaks between samples."""
    limit = max(10 ** (ceiling_dbtp / 20), 0.0625)
    return f"alimiter=limit={limit:.6f}:level=false:latency=true:attack=1:release={RELEASE_MS}"


def fit_gain(
    loudness_lufs: float, peak_dbtp: float, target_lufs: float, ceiling_dbtp: float, trials: Trials
) -> float:
    """The gain that brings the limited programme (measured at `loudness_lufs`, its peaks at
    `peak_dbtp`, NaN if unknown) to `target_lufs`; 0 for silence, without a trial.

    First the plain difference and, when the peaks will reach the limiter, beside it a guess of
    the loudness the limiter takes away; then the secant through the last two trials from the
    best one until within TOLERANCE_LU.
    """
    if loudness_lufs <= SILENT_LUFS:
        return 0.0
    plain = target_lufs - loudness_lufs
    overshoot = peak_dbtp + plain - ceiling_dbtp
    guess = plain + LIMITER_LOSS_GUESS * overshoot
    gains = [plain, guess] if overshoot > GUESS_FROM_DB else [plain]
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
