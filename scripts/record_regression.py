"""Record (or check) what the deterministic Piper build of each example article produces.

    python scripts/record_regression.py            # write tests/fixtures/regression/*.json
    python scripts/record_regression.py --check    # rebuild and compare with those fixtures
    python scripts/record_regression.py --check --disclosure none   # built without the notice

Each fixture holds an edition's chapters, caption cue timings, loudness figures, and a SHA-256
of every audio file's decoded PCM samples (decoded with narrate's ffmpeg), so a change to the
code's shape that changes what a listener hears shows up as a failing comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "regression"
AUDIO_SUFFIXES = (".mp3", ".m4b")

# (article, profile): every example as a podcast, one as the accessible edition.
CASES: tuple[tuple[str, str], ...] = (
    ("clinic-hours.md", "podcast"),
    ("first-visit.txt", "podcast"),
    ("ketamine-infusion-vs-kap.txt", "podcast"),
    ("medication-safety.html", "podcast"),
    ("first-visit.txt", "accessible"),
)


def fixture_path(article: str, profile: str) -> Path:
    """Where the fixture for `article` built with `profile` lives."""
    return FIXTURES / f"{Path(article).stem}.{profile}.json"


def build(article: str, profile: str, out: Path, cache: Path, *more: str) -> Path:
    """Build `article` with the CLI, `--engine piper --deterministic` (and `more` options);
    return the edition."""
    env = {**os.environ, "NARRATE_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "narrate", "build", str(EXAMPLES / article),
           "--engine", "piper", "--deterministic", "--profile", profile, "-o", str(out), *more]
    subprocess.run(cmd, check=True, env=env, capture_output=True, cwd=ROOT)
    (edition,) = [p for p in out.iterdir() if p.is_dir()]
    return edition


def pcm_sha256(audio: Path) -> str:
    """SHA-256 of the audio's samples as decoded by narrate's ffmpeg (s16le, native rate)."""
    from narrate.ffmpeg import run

    pcm = run(["-i", str(audio), "-map", "0:a", "-f", "s16le", "-acodec", "pcm_s16le", "-"])
    return hashlib.sha256(pcm).hexdigest()


def vtt_cues(vtt: Path) -> list[list[str]]:
    """The caption cues as [start, end, text] from the WebVTT file."""
    cues = []
    for block in vtt.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = block.strip().splitlines()
        if lines and " --> " in lines[0]:
            start, end = lines[0].split(" --> ")
            cues.append([start, end, " ".join(lines[1:])])
    return cues


def record(edition: Path) -> dict:
    """What a listener would check of one edition folder, as a small JSON-able dict."""
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    audio = sorted(p for p in edition.rglob("*") if p.suffix in AUDIO_SUFFIXES)
    vtt = sorted(edition.glob("*.vtt"))
    return {
        "title": manifest["title"],
        "profile": manifest["profile"],
        "duration_ms": manifest["duration_ms"],
        "chapters": manifest["chapters"],
        "loudness": manifest.get("loudness"),
        "files": sorted(p.relative_to(edition).as_posix() for p in edition.rglob("*")
                        if p.is_file()),
        "cues": vtt_cues(vtt[0]) if vtt else [],
        "audio_pcm_sha256": {p.relative_to(edition).as_posix(): pcm_sha256(p) for p in audio},
    }


def build_and_record(article: str, profile: str, *more: str, cache: Path | None = None) -> dict:
    """Build `article` in a fresh folder, with a fresh clip cache unless given `cache` (the
    tests share one), and record the edition."""
    with tempfile.TemporaryDirectory() as tmp:
        edition = build(article, profile, Path(tmp) / "out", cache or Path(tmp) / "cache", *more)
        return record(edition)


def main(argv: list[str]) -> int:
    """Write the fixtures, or with --check compare a fresh build against them."""
    check = "--check" in argv
    more = argv[argv.index("--disclosure") : argv.index("--disclosure") + 2] if (
        "--disclosure" in argv) else []
    if more and not check:
        raise SystemExit("--disclosure only with --check: the fixtures record the default")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    failed = 0
    for article, profile in CASES:
        got = build_and_record(article, profile, *more)
        path = fixture_path(article, profile)
        if check:
            same = json.loads(path.read_text(encoding="utf-8")) == got
            failed += not same
            print(f"{'same' if same else 'DIFFERENT'}: {path.name}")
        else:
            path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
