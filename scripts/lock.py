"""Write constraints.txt: the exact versions of every dependency of narrate and its extras.

The README's install, scripts/demo and scripts/test pass it to pip (`-c constraints.txt`), so pip
picks every version at once; resolving the extras afresh makes pip backtrack for minutes (boto3
against aiobotocore's botocore pin, huggingface-hub). By default the versions pinned now are kept
where they still fit and only what changed in pyproject.toml is resolved; `--fresh` resolves
everything anew (minutes), to move to newer versions. Then run scripts/test.

    python scripts/lock.py [--fresh]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints.txt"
EXTRAS = "test,bench"  # every extra: test brings check, serve and cluster
HEADER = """\
# Exact versions of narrate's dependencies (all extras), resolved by scripts/lock.py on Linux,
# CPython 3.11. The README's install, scripts/demo and scripts/test give it to pip with
# `-c constraints.txt` so pip picks at once instead of backtracking for minutes.
"""


def resolve(fresh: bool) -> dict[str, str]:
    """Name -> version of everything pip would install for narrate with EXTRAS, narrate aside."""
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
               "--report", "-", "-e", f"{ROOT}[{EXTRAS}]"]  # fmt: skip
    if LOCK.exists() and not fresh:
        command += ["-c", str(LOCK)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"pip could not resolve narrate[{EXTRAS}]:\n{done.stderr.strip()}")
    report = json.loads(done.stdout)
    pins = {item["metadata"]["name"]: item["metadata"]["version"] for item in report["install"]}
    pins.pop("narrate-audio", None)
    return pins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="resolve anew, ignoring the pins")
    pins = resolve(parser.parse_args().fresh)
    lines = [f"{name}=={pins[name]}" for name in sorted(pins, key=str.lower)]
    LOCK.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{LOCK.name}: {len(lines)} pins")


if __name__ == "__main__":
    main()
