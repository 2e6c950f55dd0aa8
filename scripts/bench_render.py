"""Time the mastering render (gain, 4x true-peak limiter, meters, MP3) against cheaper variants.

Builds the sample with piper, decodes its MP3 back to a 22.05 kHz programme, then runs the
render's ffmpeg pass as narrate does and as each variant would (LAME -q 5 and -q 7, soxr
resampling, the true peak read at 4x instead of 8x), alternating, `--runs` times, and prints
the median wall time of each. The evidence behind "Measured and not done" in docs/benchmarks.md.

    python scripts/bench_render.py [--runs 8]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from profile_mastering import MP3, RATE, render, sample_programme  # this folder's


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    variants = {
        "as narrate renders": {},
        "LAME -q 5": dict(mp3=[*MP3, "-compression_level", "5"]),
        "LAME -q 7": dict(mp3=[*MP3, "-compression_level", "7"]),
        "soxr, -q 5, peak at 4x": dict(
            soxr=True,
            peak_rate=RATE * 4,
            mp3=[*MP3, "-resampler", "soxr", "-compression_level", "5"],
        ),
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        programme = sample_programme(out)
        walls: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, variant in variants.items():
                start = time.perf_counter()
                subprocess.run(render(programme, out, **variant), check=True)
                walls[name].append(time.perf_counter() - start)
    for name, times in walls.items():
        print(f"{name:26}{statistics.median(times):6.2f} s  ({min(times):.2f}-{max(times):.2f})")


if __name__ == "__main__":
    main()
