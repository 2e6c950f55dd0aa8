"""What each part of mastering costs the voice: a raw voice WAV rendered to -16 LUFS by
narrate's chain and by variants of it, each scored by DNSMOS beside the fair reference.

Each variant is one ffmpeg chain after a gain; the gain is fitted the way narrate fits it
(narrate.levelling.fit_gain, trials of the same chain) so every variant reaches the same
loudness. Printed per variant: the gain, DNSMOS OVRL and SIG (scripts/bench_quality.py's
scorer), the integrated loudness and true peak ebur128 reads, `fair` (the raw voice turned by
one float gain to that loudness, nothing limited) and `-fair` (what the variant costs beside
it). The raw WAV is the piper CLI's, e.g. from `scripts/bench_quality.py --keep DIR`
(`DIR/<example>/raw.wav`). Needs the bench extra.

    python scripts/bench_mastering_variants.py RAW.wav [VARIANT ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_quality  # noqa: E402  (the DNSMOS scorer and the fair reference)

from narrate import levelling, loudness  # noqa: E402
from narrate.ffmpeg import ffmpeg_exe  # noqa: E402

TARGET_LUFS = -16.0
MP3 = ["-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "64k"]  # narrate's podcast MP3
WAV = ["-c:a", "pcm_s16le"]
SOXR = ":resampler=soxr"


def limited(ceiling_dbtp: float, resampler: str = "", limiter: str | None = None) -> str:
    """narrate's phase rotator and limiter at 4x the 22.05 kHz rate (or `limiter` alone at that
    rate), back to 22.05 kHz."""
    if limiter:
        return f"aresample=88200{resampler},{limiter},aresample=22050{resampler}"
    chain = levelling.limiter(ceiling_dbtp, 88200).replace(
        "aresample=88200", "aresample=88200" + resampler
    )
    return f"{chain},aresample=22050{resampler}"


PLAIN = f"alimiter=limit={10 ** (-3.5 / 20):.5f}:level=false:latency=true:attack=1:release=20"
SLOW = f"alimiter=limit={10 ** (-3.5 / 20):.5f}:level=false:latency=true:attack=5:release=50"
COMPRESSOR = "acompressor=threshold=0.3:ratio=2:attack=5:release=60:knee=4:makeup=1"
# name: (the chain after the gain, the output options)
VARIANTS: dict[str, tuple[str, list[str]]] = {
    "narrate.mp3": (limited(-3.5), MP3),  # as narrate renders the podcast edition
    "narrate.wav": (limited(-3.5), WAV),  # the same master before the encoder
    "no-rotator.mp3": (limited(-3.5, limiter=PLAIN), MP3),  # the limiter alone, as before
    "rotator-only.wav": (levelling.PHASE_ROTATOR, WAV),  # the phase turn, nothing limited
    "22khz.mp3": (limited(-3.5), ["-c:a", "libmp3lame", "-b:a", "64k"]),  # no 44.1 kHz
    "soxr.mp3": (limited(-3.5, SOXR) + f",aresample=44100{SOXR}", MP3[2:]),  # soxr resampling
    "ceiling-2.5.mp3": (limited(-2.5), MP3),  # a 1 dB codec margin instead of 2
    "ceiling-2.0.mp3": (limited(-2.0), MP3),  # a 0.5 dB codec margin
    "slow-limiter.mp3": (limited(-3.5, limiter=SLOW), MP3),  # 5 ms attack, 50 ms release
    "compressor.mp3": (f"{COMPRESSOR},{limited(-3.5)}", MP3),  # 2:1 soft knee before it
}


def ffmpeg(args: list[str]) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def render(raw: Path, chain: str, options: list[str], dest: Path, work: Path) -> float:
    """`raw` through volume + `chain` into `dest` at TARGET_LUFS; returns the fitted gain."""

    def chained(gain_db: float) -> str:
        return f"volume={gain_db:.3f}dB,{chain}"

    def trials(gains: list[float]) -> list[float]:
        reached = []
        for gain in gains:
            trial = work / "trial.wav"
            ffmpeg(["-i", str(raw), "-af", chained(gain), "-c:a", "pcm_f32le", str(trial)])
            reached.append(loudness.measure(trial).integrated_lufs)
        return reached

    before = loudness.measure(raw)
    fit: Callable[..., float] = levelling.fit_gain
    gain = fit(before.integrated_lufs, before.true_peak_dbtp, TARGET_LUFS, -3.5, trials)
    ffmpeg(["-i", str(raw), "-af", chained(gain), *options, str(dest)])
    return gain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="the raw voice, a WAV")
    parser.add_argument("variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    raw_audio = bench_quality.load(args.raw)
    raw_lufs, _ = bench_quality.level_of(args.raw)
    print(f"{args.raw}: raw voice at {raw_lufs:.1f} LUFS, OVRL "
          f"{bench_quality.dnsmos(raw_audio.clip(-1, 1))[0]:.3f}")  # fmt: skip
    print(f"{'':18}{'gain':>6}{'OVRL':>7}{'SIG':>7}{'LUFS':>7}{'dBTP':>6}{'fair':>7}{'-fair':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in args.variants:
            chain, options = VARIANTS[name]
            dest = work / name
            gain = render(args.raw, chain, options, dest, work)
            audio = bench_quality.load(dest)
            lufs, peak = bench_quality.level_of(dest)
            ovrl, sig, _ = bench_quality.dnsmos(audio.clip(-1, 1))
            fair = bench_quality.dnsmos(bench_quality.gained(raw_audio, raw_lufs, lufs))[0]
            print(f"{name:18}{gain:+6.2f}{ovrl:7.3f}{sig:7.3f}{lufs:7.1f}{peak:6.1f}"
                  f"{fair:7.3f}{ovrl - fair:+8.3f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
