"""When each stage of one `narrate build` starts and ends, in seconds from the start of the
process: where the wall time goes after the last sentence is spoken.

Builds the example article (or ARTICLE) with Piper from a fresh cache, in this process, with
the stages of narrate/pipeline.py and the mastering's gain trials, render and playback check
wrapped in timers, and prints one line per call, `--runs` times.

    python scripts/profile_build_stages.py [--runs 3] [--workers 2] [ARTICLE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = time.perf_counter()
TIMED = {
    "narrate.pipeline": ("synthesize_and_assemble", "master_programme", "write_files",
                         "check_playback", "publish"),
    "narrate.master": ("_trials", "_render"),
}  # fmt: skip
spans: list[tuple[str, float, float]] = []


def timing(module, name: str) -> None:
    """Replace `module.name` with a wrapper that records when each call starts and ends."""
    real = getattr(module, name)

    def timed(*args, **kwargs):
        begun = time.perf_counter() - START
        try:
            return real(*args, **kwargs)
        finally:
            spans.append((name, begun, time.perf_counter() - START))

    setattr(module, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sample = ROOT / "examples/ketamine-infusion-vs-kap.txt"
    parser.add_argument("article", nargs="?", type=Path, default=sample)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import importlib

    import narrate

    for module, names in TIMED.items():
        for name in names:
            timing(importlib.import_module(module), name)
    imported = time.perf_counter() - START
    print(f"imports done at {imported:.2f} s; load average {os.getloadavg()[0]:.1f}")
    for run in range(args.runs):
        spans.clear()
        with tempfile.TemporaryDirectory() as tmp:
            began = time.perf_counter() - START
            options = narrate.BuildOptions(
                engine=narrate.EngineChoice("piper"), out_dir=Path(tmp) / "out",
                cache_dir=Path(tmp) / "cache", workers=args.workers,
            )  # fmt: skip
            narrate.build([args.article], options)
            ended = time.perf_counter() - START
        print(f"run {run + 1}: the build took {ended - began:.2f} s")
        for name, start, end in sorted(spans, key=lambda span: span[1]):
            print(f"  {name:24} {start - began:6.2f} -> {end - began:6.2f} s ({end - start:.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
