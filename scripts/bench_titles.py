"""Titles measured on the shared article-extraction benchmark's pages, against labels written
by reading each page (tests/fixtures/titles/labels.json), side by side with the peers.

python scripts/bench_titles.py                 # the 120 tuning pages, narrate and its peers
python scripts/bench_titles.py --held-out      # also the 61 pages kept out of tuning
python scripts/bench_titles.py --misses        # list narrate's misses on the tuning pages

The pages are split once, by the SHA-256 of their key: the first 120 in that order tune, the
other 61 are held out (look at them only to report). A title matches its label when both are
the same after Unicode normalisation (NFKC), case folding, straight quotes and dashes, spaces
collapsed and a final full stop dropped.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
LABELS = ROOT / "tests" / "fixtures" / "titles" / "labels.json"
TUNE = 120
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def split(keys: list[str]) -> tuple[list[str], list[str]]:
    """The tuning keys and the held-out keys: the first TUNE by SHA-256 of the key, the rest."""
    ordered = sorted(keys, key=lambda key: hashlib.sha256(key.encode()).hexdigest())
    return sorted(ordered[:TUNE]), sorted(ordered[TUNE:])


def same_title(found: str, label: str) -> bool:
    return _plain(found) == _plain(label)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip()


def narrate_title(page: str) -> str:
    from narrate.readers.extract import page_tree
    from narrate.readers.titles import page_title

    tree = page_tree(page)
    return page_title(tree) if tree is not None else ""


def trafilatura_title(page: str) -> str:
    from trafilatura import extract_metadata

    found = extract_metadata(page)
    return (found.title or "") if found is not None else ""


def readability_title(page: str) -> str:
    from readability import Document

    try:
        return Document(page).short_title() or ""
    except Exception:  # noqa: BLE001 - a peer failing on a page scores a miss
        return ""


TITLERS: dict[str, Callable[[str], str]] = {
    "narrate": narrate_title,
    "trafilatura": trafilatura_title,
    "readability-lxml": readability_title,
}


def page_html(corpus: Path, key: str) -> str:
    from narrate.readers.decode import decode

    return decode(gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes()), key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--held-out", action="store_true", help="also score the held-out pages")
    parser.add_argument("--misses", action="store_true", help="list narrate's tuning misses")
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").exists():
        print(f"bench_titles: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    tune, held = split(sorted(labels))
    sets = [("tuning", tune)] + ([("held out", held)] if args.held_out else [])
    pages = {key: page_html(args.corpus, key) for _, keys in sets for key in keys}
    print(
        "| extractor | " + " | ".join(f"{name} ({len(keys)} pages)" for name, keys in sets) + " |"
    )
    print("| --- |" + " --- |" * len(sets))
    misses: list[str] = []
    for name, titler in TITLERS.items():
        cells = []
        for set_name, keys in sets:
            found = {key: titler(pages[key]) for key in keys}
            right = [key for key in keys if same_title(found[key], labels[key]["title"])]
            cells.append(f"{len(right) / len(keys):.3f} ({len(right)})")
            if name == "narrate" and set_name == "tuning":
                misses = [
                    f"{key[:12]}: {found[key]!r}\n    label {labels[key]['title']!r}"
                    for key in keys
                    if key not in right
                ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.misses:
        print("\n".join(["", "narrate's misses on the tuning pages:", *misses]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
