"""Main-content extraction measured on the shared article-extraction benchmark, side by side.

python scripts/bench_extraction.py                 # narrate, trafilatura, readability-lxml
python scripts/bench_extraction.py --worst 10      # also list the pages narrate does worst on
python scripts/bench_extraction.py --limit 20      # the first 20 pages only (a quick look)
python scripts/bench_extraction.py --rules         # how much narrate's choice rule matters

Scoring follows the corpus README (the benchmark's own method): per page, both texts are split
into `\\w+` tokens and 4-token shingles, counted as multisets; true positives, false positives
and false negatives are normalised to sum to 1 for the page; precision and recall are averaged
over pages and F1 is computed from the two averages. narrate is scored on the text it would
speak as written: the display text of its sections, headings included (not the title).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
TOKEN = re.compile(r"\w+")
SHINGLE = 4
LOW_RECALL = 0.5


@dataclass(frozen=True)
class Page:
    key: str
    html: str
    truth: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The text's overlapping 4-token shingles as a multiset (fewer tokens: one shingle)."""
    tokens = TOKEN.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def score(extracted: str, truth: str) -> Score:
    """Precision and recall of one page, from shingle counts normalised to sum to 1."""
    got, want = shingles(extracted), shingles(truth)
    tp = sum((got & want).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return Score(1.0, 1.0)
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Score(precision, recall)


def load_pages(corpus: Path = CORPUS, limit: int | None = None, every: int = 1) -> list[Page]:
    """The corpus pages (the first `limit`, every `every`-th of them, sorted by key) with their
    ground truth, decoded as narrate decodes a file."""
    from narrate.readers.decode import decode

    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit:every]:
        data = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, decode(data, key), truth[key]["articleBody"]))
    return pages


def narrate_text(html: str) -> str:
    """What narrate would speak, as written: the section headings and blocks of the article
    `read_article` makes of the page saved as an .html file (the title is not counted)."""
    from narrate.errors import ArticleError
    from narrate.readers import read_article

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(html, encoding="utf-8")
        try:
            article = read_article(path)
        except ArticleError:  # no speakable article found: nothing would be spoken
            return ""
    lines: list[str] = []
    for section in article.sections:
        if section.title:
            lines.append(section.title)
        lines.extend(block.text for block in section.blocks)
    return "\n".join(lines)


def trafilatura_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def readability_text(html: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "narrate": narrate_text,
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
}


def run(extract: Callable[[str], str], pages: Iterable[Page]) -> dict[str, Score]:
    """Each page's score; an extractor that raises scores 0 on that page (and says so)."""
    scores = {}
    for page in pages:
        try:
            text = extract(page.html)
        except Exception as error:  # a peer's crash is a result to report, not a stop
            print(f"  {page.key[:12]}: {type(error).__name__}: {error}", file=sys.stderr)
            text = ""
        scores[page.key] = score(text, page.truth)
    return scores


def summary(scores: dict[str, Score]) -> tuple[float, float, float, int]:
    """Mean precision, mean recall, F1 of the two means, pages under the low-recall mark."""
    precision = sum(s.precision for s in scores.values()) / len(scores)
    recall = sum(s.recall for s in scores.values()) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    low = sum(1 for s in scores.values() if s.recall < LOW_RECALL)
    return precision, recall, f1, low


def rule_sensitivity(pages: list[Page]) -> None:
    """The extractor-choice stage alone (before narrate drops the title's h1 and furniture):
    each extractor as narrate reads it, the rule as it is, and each threshold moved each way."""
    from dataclasses import replace

    from narrate.readers.extract import RULE, choose, page_tree, readings, text_of

    texts = {}
    for page in pages:
        tree = page_tree(page.html)
        first, second, _ = readings(tree) if tree is not None else ([], [], None)
        texts[page.key] = (text_of(first), text_of(second))

    def row(label: str, pick: Callable[[str, str], str]) -> None:
        scores = {page.key: score(pick(*texts[page.key]), page.truth) for page in pages}
        precision, recall, f1, low = summary(scores)
        print(f"| {label} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {low} |")

    print("\n| choice stage | precision | recall | F1 | pages under 0.5 recall |")
    print("| --- | --- | --- | --- | --- |")
    row("trafilatura's reading alone", lambda first, second: first)
    row("readability's reading alone", lambda first, second: second)
    row(
        "the rule as narrate runs it",
        lambda first, second: second if choose(first, second)[0] else first,
    )
    for name, values in {
        "short_share": (0.4, 0.6, 0.7),
        "inside_share": (0.8, 0.95),
        "unrelated_share": (0.1, 0.3),
        "unrelated_ratio": (2.0, 5.0),
    }.items():
        for value in values:
            rule = replace(RULE, **{name: value})
            row(
                f"{name} = {value}",
                lambda first, second, rule=rule: (
                    second if choose(first, second, rule)[0] else first
                ),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by key)")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append")
    parser.add_argument("--worst", type=int, default=0, help="list narrate's N worst pages")
    parser.add_argument(
        "--rules", action="store_true", help="also score the choice rule's variants"
    )
    args = parser.parse_args()
    pages = load_pages(args.corpus, args.limit)
    print(f"{len(pages)} pages from {args.corpus.name}\n")
    print("| extractor | precision | recall | F1 | pages under 0.5 recall | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    results = {}
    for name in args.only or EXTRACTORS:
        started = time.perf_counter()
        results[name] = run(EXTRACTORS[name], pages)
        seconds = time.perf_counter() - started
        precision, recall, f1, low = summary(results[name])
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {low} | {seconds:.1f} |")
    if args.worst and "narrate" in results:
        print("\nnarrate's worst pages (key, precision, recall):")
        ranked = sorted(
            results["narrate"].items(), key=lambda kv: min(kv[1].precision, kv[1].recall)
        )
        for key, s in ranked[: args.worst]:
            print(f"  {key[:16]}  {s.precision:.3f}  {s.recall:.3f}")
    if args.rules:
        rule_sensitivity(pages)


if __name__ == "__main__":
    main()
