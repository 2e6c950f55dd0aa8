"""Where mastering's time goes: the CPU and wall time of the render as narrate runs it, of the
same render with one part left out, and of the parts alone (a gain trial, the MP3 encoder).

CPU time (user + system of the ffmpeg process, from RUSAGE_CHILDREN) says what each part costs
even on a busy machine, where wall times swing. The programme is the sample article's, spoken
by Piper (`--deterministic`) and decoded back to 22.05 kHz mono, or `--programme WAV`.

    python scripts/profile_mastering.py [--runs 5] [--programme programme.wav]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from narrate.ffmpeg import Output, ffmpeg_exe, run
from narrate.loudness import LOUDNESS_METER, PEAK_METER, SAMPLE_PEAK_METER
from narrate.master import OVERSAMPLE, _join, _limiter
from narrate.writers.mp3 import mp3_options

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples/ketamine-infusion-vs-kap.txt"
RATE = 22050
GAIN_DB, CEILING_DBTP = 8.39, -3.5  # what mastering chose for the sample
QUIET = ["-hide_banner", "-nostats", "-loglevel", "error"]


MP3 = list(mp3_options("64k", 44100))  # narrate's MP3 options at the sample's bitrate


def render(programme: Path, out: Path, *, mp3: list[str] | None = MP3,
           peak_rate: int | None = RATE * 8, oversample: int = OVERSAMPLE,
           soxr: bool = False, read_back: bool = True) -> list[str]:  # fmt: skip
    """The render's ffmpeg command (as narrate.master._render builds it), varied: other MP3
    options or no MP3 (None), the true peak read at another rate or not at all (None), the
    limiter at another oversampling, soxr resampling, the MP3 not decoded in the pass to read
    its true peak (`read_back` False). scripts/bench_render.py uses it too."""
    chain = f"{_limiter(GAIN_DB, CEILING_DBTP, RATE * oversample)},aresample={RATE}"
    if soxr:
        for rate in {RATE * oversample, RATE}:
            chain = chain.replace(f"aresample={rate}", f"aresample={rate}:resampler=soxr")
    meters = f"[loud]{LOUDNESS_METER},anullsink"
    outputs = 2 + (mp3 is not None) + (peak_rate is not None)
    labels = "[m0][m1]" if mp3 is not None else "[m0]"
    if peak_rate is not None:
        meters = f"[loud][peak];{meters};[peak]aresample={peak_rate},{PEAK_METER},anullsink"
    else:
        meters = f"[loud];{meters}"
    graph = _join([programme], RATE) + chain + f",asplit={outputs}{labels}{meters}"
    wav = ["-map", "[m0]", "-c:a", "pcm_s16le", "-f", "wav", "-y", str(out / "master.wav")]
    args = [ffmpeg_exe(), *QUIET, "-i", str(programme), "-filter_complex", graph, *wav]
    if mp3 is not None:
        args += ["-map", "[m1]", *mp3, "-y", str(out / "master.mp3")]
        if read_back:
            args += read_back([Output(out / "master.mp3", tuple(mp3), 44100)], first=1, rate=RATE)
    return args


def variants(programme: Path, out: Path) -> dict[str, list[str]]:
    trial = (_join([programme], RATE) + f"{_limiter(GAIN_DB, CEILING_DBTP, RATE)},"
             f"{LOUDNESS_METER}")  # fmt: skip
    encode = [ffmpeg_exe(), *QUIET, "-i", str(programme)]
    return {
        "render as narrate runs it": render(programme, out),
        "  without the MP3": render(programme, out, mp3=None),
        "  without reading the MP3's true peak back": render(programme, out, read_back=False),
        "  without the 8x peak meter": render(programme, out, peak_rate=None),
        "  limiter not oversampled": render(programme, out, oversample=1),
        "one gain trial (of 1-2)": [*encode, "-filter_complex", trial, "-f", "null", "-"],
        "loudness scan (live, in narrate)": [*encode, "-af", SAMPLE_PEAK_METER, "-f", "null", "-"],
        "MP3 alone, 44.1 kHz (narrate's)": [*encode, *MP3, "-y",
                                            str(out / "alone.mp3")],
        "MP3 alone, 22.05 kHz (a plain ffmpeg -b:a 64k)": [*encode, "-c:a", "libmp3lame",
                                                          "-b:a", "64k", "-y", str(out / "a.mp3")],
    }  # fmt: skip


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sample_programme(out: Path) -> Path:
    """The sample spoken by Piper, decoded back to a 22.05 kHz mono programme."""
    env = {**os.environ, "NARRATE_CACHE_DIR": str(out / "cache")}
    build = [sys.executable, "-m", "narrate", "build", str(SAMPLE), "-o", str(out / "ed"),
             "--engine", "piper", "--deterministic", "-q"]  # fmt: skip
    subprocess.run(build, env=env, check=True, capture_output=True)
    programme = out / "programme.wav"
    mp3 = next((out / "ed").glob("*/*.mp3"))
    run(["-i", str(mp3), "-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le", "-y", str(programme)])
    return programme


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--programme", type=Path, help="a 22.05 kHz mono WAV to master")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        programme = args.programme or sample_programme(out)
        commands = variants(programme, out)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                results[name].append(timed(cmd))
    print(f"{args.runs} runs each, medians; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'':48}{'CPU s':>7}{'wall s':>8}")
    for name, runs in results.items():
        cpu = statistics.median(c for _, c in runs)
        wall = statistics.median(w for w, _ in runs)
        print(f"{name:48}{cpu:7.2f}{wall:8.2f}")


if __name__ == "__main__":
    main()
