"""Time the mastering render (gain, 4x true-peak limiter, meters, MP3) against cheaper variants.

Builds the sample with piper, decodes its MP3 back to a 22.05 kHz programme, then runs the
render's ffmpeg pass as narrate does and as each variant would (LAME -q 5 and -q 7, soxr
resampling, the true peak read at 4x instead of 8x), alternating, `--runs` times, and prints
the median wall time of each. The evidence behind "Measured and not done" in the README.

    python scripts/bench_render.py [--runs 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from narrate.ffmpeg import ffmpeg_exe, run
from narrate.loudness import LOUDNESS_METER, PEAK_METER
from narrate.master import OVERSAMPLE, _join, _limiter
from narrate.writers.mp3 import mp3_options

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples/ketamine-infusion-vs-kap.txt"
RATE = 22050
GAIN_DB, CEILING_DBTP = 8.39, -3.5  # what mastering chose for the sample


def render_args(programme: Path, out: Path, *, soxr: bool, meter_rate: int, mp3: list[str]):
    """The render's ffmpeg arguments (as narrate.master._render builds them), varied."""
    chain = f"{_limiter(GAIN_DB, CEILING_DBTP, RATE * OVERSAMPLE)},aresample={RATE}"
    if soxr:
        chain = chain.replace(
            f"aresample={RATE * OVERSAMPLE}", f"aresample={RATE * OVERSAMPLE}:resampler=soxr"
        )
        chain = chain.replace(f"aresample={RATE}", f"aresample={RATE}:resampler=soxr")
    meters = (
        f"[loud][peak];[loud]{LOUDNESS_METER},anullsink;"
        f"[peak]aresample={meter_rate},{PEAK_METER},anullsink"
    )
    graph = _join([programme], RATE) + chain + f",asplit=4[m0][m1]{meters}"
    wav = ["-map", "[m0]", "-c:a", "pcm_s16le", "-f", "wav", "-y", str(out / "master.wav")]
    quiet = ["-hide_banner", "-nostats", "-loglevel", "error"]
    return [ffmpeg_exe(), *quiet, "-i", str(programme), "-filter_complex", graph, *wav,
            "-map", "[m1]", *mp3, "-y", str(out / "master.mp3")]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    lame = list(mp3_options("64k", 44100))
    variants = {
        "as narrate renders": dict(soxr=False, meter_rate=RATE * 8, mp3=lame),
        "LAME -q 5": dict(soxr=False, meter_rate=RATE * 8, mp3=[*lame, "-compression_level", "5"]),
        "LAME -q 7": dict(soxr=False, meter_rate=RATE * 8, mp3=[*lame, "-compression_level", "7"]),
        "soxr, -q 5, peak at 4x": dict(
            soxr=True,
            meter_rate=RATE * 4,
            mp3=[*lame, "-resampler", "soxr", "-compression_level", "5"],
        ),
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = {**os.environ, "NARRATE_CACHE_DIR": str(out / "cache")}
        build = [sys.executable, "-m", "narrate.cli", "build", str(SAMPLE), "-o", str(out / "ed"),
                 "--engine", "piper", "--deterministic", "--quiet"]  # fmt: skip
        subprocess.run(build, env=env, check=True, capture_output=True)
        programme = out / "programme.wav"
        mp3 = next((out / "ed").glob("*/*.mp3"))
        run(
            [
                "-i",
                str(mp3),
                "-ac",
                "1",
                "-ar",
                str(RATE),
                "-c:a",
                "pcm_s16le",
                "-y",
                str(programme),
            ]
        )
        walls: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, variant in variants.items():
                start = time.perf_counter()
                subprocess.run(render_args(programme, out, **variant), check=True)
                walls[name].append(time.perf_counter() - start)
    for name, times in walls.items():
        print(f"{name:26}{statistics.median(times):6.2f} s  ({min(times):.2f}-{max(times):.2f})")


if __name__ == "__main__":
    main()
