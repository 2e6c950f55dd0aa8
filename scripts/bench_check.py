"""What `narrate check` costs: real-time factor and peak memory, on an edition of the example
article (Piper, deterministic), side by side with its peer, the whole MP3 heard in one go (as
tests/test_listening.py does). Each way runs in its own process, so each peak is its own.

python scripts/bench_check.py                 # builds the edition in a temporary folder
python scripts/bench_check.py --repeat 10     # the article's body ten times over (a long
                                              # edition; repeated sentences come from the cache)
python scripts/bench_check.py --edition DIR   # an edition already built
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "ketamine-infusion-vs-kap.txt"


def build(out: Path, repeat: int) -> Path:
    article = out / ARTICLE.name
    title, body = ARTICLE.read_text(encoding="utf-8").split("\n", 1)
    article.write_text(title + "\n" + body * repeat, encoding="utf-8")
    env = {**os.environ, "NARRATE_CACHE_DIR": str(out / "cache")}
    subprocess.run(
        [sys.executable, "-m", "narrate", "build", str(article), "-o", str(out / "ed"),
         "--engine", "piper", "--deterministic", "--quiet"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    (folder,) = (out / "ed").iterdir()
    return folder


def one(mode: str, folder: Path) -> dict:
    """Run one way in this process; return its seconds and peak RSS."""
    from narrate.check import check_edition
    from narrate.check.transcribe import Recogniser, decode_span
    from narrate.manifest import load

    started = time.perf_counter()
    recogniser = Recogniser()
    loaded = time.perf_counter()
    manifest = load(folder / "manifest.json")
    if mode == "chapters":
        report = check_edition(folder, recogniser=recogniser)
        words = f"{report.heard_share:.1%} of words heard"
    else:
        samples = decode_span(manifest.path_of("mp3"), 0, None)
        segments, _ = recogniser.model.transcribe(
            samples, language="en", beam_size=1, word_timestamps=True,
            condition_on_previous_text=False,
        )  # fmt: skip
        words = f"{sum(len(s.words) for s in segments)} words"
    done = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mode": mode,
        "audio_s": manifest.duration_ms / 1000,
        "load_s": round(loaded - started, 2),
        "hear_s": round(done - loaded, 2),
        "peak_rss_mb": round(peak_kb / 1024),
        "result": words,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--one", choices=["chapters", "whole"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.edition)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.edition or build(Path(tmp), args.repeat)
        print(f"edition: {folder} on {os.cpu_count()} cores")
        print("| way | audio | model load | hearing | real-time factor | x real time | peak RSS "
              "| heard |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for mode in ("chapters", "whole"):
            out = subprocess.run(
                [sys.executable, __file__, "--one", mode, "--edition", str(folder)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            r = json.loads(out)
            rtf = r["hear_s"] / r["audio_s"]
            print(f"| {mode} | {r['audio_s']:.0f} s | {r['load_s']} s | {r['hear_s']} s | "
                  f"{rtf:.3f} | {1 / rtf:.0f}x | {r['peak_rss_mb']} MB | {r['result']} |")


if __name__ == "__main__":
    main()
