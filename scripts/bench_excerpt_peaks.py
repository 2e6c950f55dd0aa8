"""How much higher a stretch of a master peaks when it is encoded on its own (a chapter file, a
DAISY section, an EPUB chapter's audio) than the same stretch of the whole programme's MP3:
the room narrate.master.EXCERPT_GUARD_DB leaves under the true-peak limit.

Each raw voice WAV (e.g. `scripts/bench_quality.py --keep DIR`'s `DIR/<example>/sample1/raw.wav`)
is mastered by narrate's chain (gain, phase rotator, 4x limiter at the ceiling narrate uses) to
a 44.1 kHz master, encoded whole as the edition's MP3, and cut into stretches of `--every`
seconds, each encoded alone with the same options; the true peak (4x, as mastering reads it)
of each stretch's own MP3 is compared with the whole MP3's over the same stretch.

    python scripts/bench_excerpt_peaks.py RAW.wav [RAW.wav ...] [--every 13.7]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from narrate import levelling
from narrate.ffmpeg import ffmpeg_exe
from narrate.master import CODEC_MARGIN_DB
from narrate.writers.mp3 import mp3_options

RATE, UP = 44100, 176400  # the edition's rate, and 4x for the true peak
MP3 = list(mp3_options("64k", RATE))


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def samples(path: Path) -> np.ndarray:
    """The audio at 4x the edition's rate, as float."""
    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(UP),
           "-"]  # fmt: skip
    return np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, np.float32)


def db(audio: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(audio).max() + 1e-12))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="+", type=Path)
    parser.add_argument("--every", type=float, default=13.7, help="seconds per stretch")
    parser.add_argument("--gain", type=float, default=6.5, help="dB before the limiter")
    args = parser.parse_args()
    ceiling = -1.5 - CODEC_MARGIN_DB
    print(f"ceiling {ceiling} dBTP; stretches of {args.every} s; 64 kbit/s MP3 at {RATE} Hz")
    print("| voice | master | whole MP3 | stretches | stretch over the whole's same stretch, "
          "max / mean | stretch over the whole MP3's peak, max |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for raw in args.raw:
            master, whole, part = work / "master.wav", work / "whole.mp3", work / "part.mp3"
            chain = f"aresample={RATE},volume={args.gain}dB,{levelling.limiter(ceiling, UP)}"
            ffmpeg("-i", str(raw), "-af", f"{chain},aresample={RATE}", "-c:a", "pcm_s16le",
                   str(master))  # fmt: skip
            ffmpeg("-i", str(master), *MP3, str(whole))
            mastered, encoded = samples(master), samples(whole)
            seconds = len(mastered) / UP
            over_same, over_whole, start = [], [], 0.0
            while start + 1 < seconds:
                end = min(start + args.every, seconds)
                ffmpeg("-ss", f"{start:.3f}", "-to", f"{end:.3f}", "-i", str(master), *MP3,
                       str(part))  # fmt: skip
                alone = db(samples(part))
                over_same.append(alone - db(encoded[int(start * UP) : int(end * UP)]))
                over_whole.append(alone - db(encoded))
                start = end
            print(f"| {raw.parent.name}/{raw.name} | {db(mastered):.2f} | {db(encoded):.2f} | "
                  f"{len(over_same)} | {max(over_same):+.2f} / {np.mean(over_same):+.2f} | "
                  f"{max(over_whole):+.2f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
