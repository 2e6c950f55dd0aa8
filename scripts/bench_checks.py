"""What verified storage costs a build: the sample's cached rebuild with and without the
playback check (the MP3 decoded whole before publishing), and the clip checks (each clip's
BLAKE2b against its sidecar) against a bare existence test, side by side in one process.

Builds the sample once with Piper (deterministic) into a temporary folder, then alternates
the variants `--runs` times and prints medians.

    python scripts/bench_checks.py [--article examples/ketamine-infusion-vs-kap.txt] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrate import pipeline as build_module  # noqa: E402
from narrate.cache import ClipCache  # noqa: E402
from narrate.engines import EngineOptions  # noqa: E402
from narrate.engines.choose import choose_engine  # noqa: E402
from narrate.pipeline import BuildSettings, build_edition, plan  # noqa: E402
from narrate.profiles import PROFILES  # noqa: E402


def rebuild(article: Path, options: BuildSettings, engine) -> float:
    start = time.perf_counter()
    build_edition(*plan(article, options), engine, options)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sample = ROOT / "examples/ketamine-infusion-vs-kap.txt"
    parser.add_argument("--article", type=Path, default=sample)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        options = BuildSettings(profile=PROFILES["podcast"], out_dir=Path(work) / "out",
                               cache_dir=Path(work) / "cache")  # fmt: skip
        engine, _ = choose_engine("piper", EngineOptions(), {"deterministic": True})
        first = rebuild(args.article, options, engine)
        checked, unchecked, hashed, listed = [], [], [], []
        check = build_module.check_playback
        clips = list(ClipCache(options.cache_dir).clips())
        for _ in range(args.runs):
            build_module.check_playback = check
            checked.append(rebuild(args.article, options, engine))
            build_module.check_playback = lambda *a: None
            unchecked.append(rebuild(args.article, options, engine))
            start = time.perf_counter()
            cache = ClipCache(options.cache_dir)
            assert all(cache.get(path.stem) for path in clips)
            hashed.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert all(path.is_file() for path in clips)
            listed.append(time.perf_counter() - start)
        build_module.check_playback = check
    med = statistics.median
    print(f"first build (Piper): {first:.2f} s; {len(clips)} clips")
    print(f"cached rebuild, checked: {med(checked):.3f} s; without the playback check: "
          f"{med(unchecked):.3f} s ({min(checked):.3f}-{max(checked):.3f} / "
          f"{min(unchecked):.3f}-{max(unchecked):.3f})")  # fmt: skip
    print(f"clip checks: {med(hashed) * 1000:.1f} ms for all clips; existence only: "
          f"{med(listed) * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
