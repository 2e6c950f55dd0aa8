"""Compare language detectors on short clinic texts: accuracy, import time, size on disk.

    python scripts/bench_language.py [--path DIR]

Reads tests/fixtures/languages/clinic_sentences.tsv (one short clinic text per line in en, es,
fr, de, pt, it, vi) and, for each detector installed (py3langid, langdetect,
lingua-language-detector), reports how many it names right, how long its import and first
answer take in a fresh interpreter, and how much it takes on disk. `--path` adds a folder to the
path (detectors installed with `pip install --target` for the comparison only). The figures in
docs/languages.md come from this script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "languages" / "clinic_sentences.tsv"

# Each detector: the distribution to size, and a program that prints a JSON list of answers
# for the texts on stdin (one per line), after timing its own import and set-up.
DETECTORS = {
    "py3langid": (
        "py3langid",
        """
import py3langid
detect = lambda t: py3langid.classify(t)[0]
""",
    ),
    "langdetect": (
        "langdetect",
        """
from langdetect import DetectorFactory, detect as _detect
DetectorFactory.seed = 0
detect = lambda t: _detect(t)
""",
    ),
    "lingua": (
        "lingua",
        """
from lingua import LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
def detect(t):
    found = _d.detect_language_of(t)
    return found.iso_code_639_1.name.lower() if found else ""
""",
    ),
}

PROGRAM = """
import json, sys, time
start = time.perf_counter()
{setup}
texts = sys.stdin.read().splitlines()
detect(texts[0])
ready = time.perf_counter() - start
answers = [detect(t) for t in texts]
each = (time.perf_counter() - start - ready) / len(texts)
print(json.dumps({{"ready_s": ready, "each_ms": each * 1000, "answers": answers}}))
"""


def fixtures() -> list[tuple[str, str]]:
    """(language, text) pairs from the fixture file."""
    rows = []
    for line in FIXTURES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            language, text = line.split("\t", 1)
            rows.append((language, text))
    return rows


def size_mb(package: str, path: list[str]) -> float:
    """Megabytes on disk of an importable package's folder."""
    found = subprocess.run(
        [sys.executable, "-c", f"import {package}, os; print(os.path.dirname({package}.__file__))"],
        capture_output=True,
        text=True,
        env=_env(path),
        check=True,
    ).stdout.strip()
    total = sum(f.stat().st_size for f in Path(found).rglob("*") if f.is_file())
    return total / 2**20


def _env(path: list[str]) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([*path, env.get("PYTHONPATH", "")])
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", action="append", default=[], help="a folder to add to the path")
    args = parser.parse_args()
    rows = fixtures()
    stdin = "\n".join(text for _, text in rows)
    languages = sorted({language for language, _ in rows})
    print(
        f"{len(rows)} texts, {len(languages)} languages ({' '.join(languages)}),"
        f" {sum(len(t) for _, t in rows) // len(rows)} characters on average"
    )
    print(
        f"{'detector':<12} {'right':>9} {'ready (s)':>10} {'each (ms)':>10} {'disk (MB)':>10}"
        "  wrong answers by language"
    )
    for name, (package, setup) in DETECTORS.items():
        run = subprocess.run(
            [sys.executable, "-c", PROGRAM.format(setup=setup)],
            input=stdin,
            capture_output=True,
            text=True,
            env=_env(args.path),
        )
        if run.returncode:
            print(f"{name:<12} not installed ({run.stderr.strip().splitlines()[-1]})")
            continue
        result = json.loads(run.stdout)
        wrong: dict[str, int] = {}
        for (language, _), answer in zip(rows, result["answers"], strict=True):
            if answer != language:
                wrong[language] = wrong.get(language, 0) + 1
        right = len(rows) - sum(wrong.values())
        print(
            f"{name:<12} {right:>4}/{len(rows):<4} {result['ready_s']:>10.2f}"
            f" {result['each_ms']:>10.2f} {size_mb(package, args.path):>10.1f}  {wrong or '-'}"
        )


if __name__ == "__main__":
    main()
