"""When each stage of one `narrate build` starts and ends, in seconds from the start of the
process: where the wall time goes after the last sentence is spoken.

Builds the example article (or ARTICLE) with Piper from a fresh cache, in this process, with
the stages of narrate/pipeline.py and the mastering's gain trials, render and playback check
wrapped in timers, and prints one line per call, `--runs` times; also when each engine process
was ready (its voice loaded), when the first clip was stitched, and the tail: how long one
engine process had nothing left to speak before the last clip came back. `--late` and
`--cue-order` run as before engine processes started early and before speaking_order, to
compare.

    python scripts/profile_build_stages.py [--runs 3] [--workers 2] [--late] [--cue-order]
        [ARTICLE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = time.perf_counter()
TIMED = {
    "narrate.api": ("prepare",),
    "narrate.engine_pool": ("EnginePool._start",),
    "narrate.pipeline": ("synthesize_and_assemble", "master_programme", "write_files",
                         "check_playback", "publish"),
    "narrate.master": ("_trials", "_render"),
}  # fmt: skip
spans: list[tuple[str, float, float]] = []


def timing(module, name: str) -> None:
    """Replace `module.name` (or `module.Class.method`) with a wrapper that records when each
    call starts and ends."""
    *owner_path, attribute = name.split(".")
    owner = module
    for part in owner_path:
        owner = getattr(owner, part)
    real = getattr(owner, attribute)

    def timed(*args, **kwargs):
        begun = time.perf_counter() - START
        try:
            return real(*args, **kwargs)
        finally:
            spans.append((name, begun, time.perf_counter() - START))

    setattr(owner, attribute, timed)


def marking(module, name: str, label, when) -> None:
    """Record a zero-length span `label(result)` each time `module.name` returns a result for
    which `when(result)` holds: a worker's voice loaded, a clip arrived."""
    real = getattr(module, name)

    def marked(*args, **kwargs):
        result = real(*args, **kwargs)
        if when(result):
            now = time.perf_counter() - START
            spans.append((label(result), now, now))
        return result

    setattr(module, name, marked)


def model_tail(article: Path, workers: int, cpu_s: float = 10.0) -> None:
    """When the last sentence ends and how long the other processes wait for it, with each
    sentence costing its share of `cpu_s` by characters (Piper's time grows with the text)."""
    import heapq

    from narrate import BuildOptions, EngineChoice, api
    from narrate.synth import speaking_order

    prepared = api.prepare([article], BuildOptions(engine=EngineChoice("piper")))
    assert prepared is not None
    todo = {}
    for cue in prepared.planned[0][1].cues:
        todo.setdefault(cue.spoken, cue)  # each text once, where it is first said
    total = sum(map(len, todo))
    for name, order in (("cue order", list(todo)), ("speaking_order", speaking_order(todo))):
        free = [0.0] * workers
        for text in order:
            heapq.heappush(free, heapq.heappop(free) + len(text) * cpu_s / total)
        print(f"{name:15} synthesis ends at {max(free):.2f} s; a process waits "
              f"{max(free) - min(free):.2f} s for the last sentence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sample = ROOT / "examples/ketamine-infusion-vs-kap.txt"
    parser.add_argument("article", nargs="?", type=Path, default=sample)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cue-order", action="store_true",
                        help="speak in cue order (as before speaking_order), for comparison")
    parser.add_argument("--model-tail", action="store_true",
                        help="only print the tail a model gives: each sentence costing its "
                        "characters' share of 10 CPU-s, in cue order and in speaking_order")
    parser.add_argument("--late", action="store_true",
                        help="start the engine processes at the first sentence (as before "
                        "start_early), for comparison")  # fmt: skip
    args = parser.parse_args()
    import importlib

    import narrate

    if args.model_tail:
        return model_tail(args.article, args.workers)

    for module, names in TIMED.items():
        for name in names:
            timing(importlib.import_module(module), name)
    from narrate import engine_pool, synth

    ready = lambda answer: isinstance(answer, tuple) and answer[:1] == ("ready",)  # noqa: E731
    marking(engine_pool.engine_worker, "receive", lambda a: f"worker {a[1]} ready", ready)
    clips = {"n": 0}

    def first_clip(_):
        clips["n"] += 1
        return clips["n"] == 1

    marking(synth, "wav_duration_ms", lambda _: "first clip stitched", first_clip)
    answered: dict[int, float] = {}  # by worker thread: when its last sentence came back
    spoke = lambda answer: isinstance(answer, tuple) and answer[:1] == ("ok",)  # noqa: E731

    def last_answer(answer):
        answered[threading.get_ident()] = time.perf_counter() - START
        return False

    marking(engine_pool.engine_worker, "receive", str, lambda a: spoke(a) and last_answer(a))
    if args.cue_order:
        synth.speaking_order = list
    if args.late:
        engine_pool.start_early = lambda *_: None
    imported = time.perf_counter() - START
    print(f"imports done at {imported:.2f} s; load average {os.getloadavg()[0]:.1f}")
    for run in range(args.runs):
        spans.clear()
        answered.clear()
        clips["n"] = 0
        with tempfile.TemporaryDirectory() as tmp:
            began = time.perf_counter() - START
            options = narrate.BuildOptions(
                engine=narrate.EngineChoice("piper"), out_dir=Path(tmp) / "out",
                cache_dir=Path(tmp) / "cache", workers=args.workers,
            )  # fmt: skip
            narrate.build([args.article], options)
            ended = time.perf_counter() - START
        print(f"run {run + 1}: the build took {ended - began:.2f} s")
        if len(answered) > 1:
            lasts = sorted(answered.values())
            print(f"  tail: a worker idle {lasts[-1] - lasts[0]:.2f} s before the last clip")
        for name, start, end in sorted(spans, key=lambda span: span[1]):
            print(f"  {name:24} {start - began:6.2f} -> {end - began:6.2f} s ({end - start:.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
