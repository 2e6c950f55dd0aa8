"""Benchmark narrate's gTTS engine against gtts-cli on the same article and the same "Google".

Starts the local stand-in of Google's endpoint (tests/gtts_server.py) with a realistic round
trip per request, then times `gtts-cli -f ARTICLE -o out.mp3` (sequential, no chapters)
against `narrate build --engine gtts --no-cache` (default --jobs), three runs each, and prints
the median wall times, their ratio and the requests each made.

    python scripts/bench_gtts.py [--article FILE] [--latency-ms 300] [--runs 3]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gtts_server import GoogleStandIn  # noqa: E402  (the repo root must be on the path)


def run(cmd: list[str], env: dict[str, str], google: GoogleStandIn) -> tuple[float, int]:
    """Wall seconds and requests made by one run of `cmd`."""
    before = google.count
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start, google.count - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--article", type=Path, default=ROOT / "examples/ketamine-infusion-vs-kap.txt"
    )
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    gtts_cli = str(Path(sys.executable).with_name("gtts-cli"))
    results: dict[str, list[tuple[float, int]]] = {"gtts-cli": [], "narrate": []}
    with (
        tempfile.TemporaryDirectory() as tmp,
        GoogleStandIn(latency_s=args.latency_ms / 1000) as google,
    ):
        env = google.env({**os.environ, "NARRATE_CACHE_DIR": str(Path(tmp) / "cache")})
        commands = {
            "gtts-cli": [gtts_cli, "-f", str(args.article), "-o", str(Path(tmp) / "out.mp3")],
            "narrate": [
                sys.executable,
                "-m",
                "narrate",
                "build",
                str(args.article),
                "--engine",
                "gtts",
                "--no-cache",
                "--quiet",
                "-o",
                str(Path(tmp) / "out"),
            ],
        }
        for _ in range(args.runs):
            for name, cmd in commands.items():
                results[name].append(run(cmd, env, google))
    medians = {name: statistics.median(w for w, _ in runs) for name, runs in results.items()}
    print(f"latency per request: {args.latency_ms} ms; {args.runs} runs each")
    for name, runs in results.items():
        print(
            f"{name:9} median {medians[name]:6.2f} s  requests {runs[0][1]:4d}  "
            f"runs {', '.join(f'{w:.2f}' for w, _ in runs)}"
        )
    print(f"narrate is {medians['gtts-cli'] / medians['narrate']:.1f}x faster than gtts-cli")


if __name__ == "__main__":
    main()
