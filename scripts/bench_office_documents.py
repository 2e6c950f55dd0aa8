"""How well and how fast narrate reads Word, OpenDocument and EPUB files, beside pandoc.

    python scripts/bench_office_documents.py              # the fixtures, narrate vs pandoc
    python scripts/bench_office_documents.py --pages 300  # and a 300-page book in each format

For each fixture of tests/fixtures/documents/office/ (made by make_office_documents.py, each
with the JSON of what a careful editor expects): words F1 (letters-only words as multisets,
against the title, headings and paragraphs expected), headings found (precision and recall, by
text), the title right, and how many texts that must never be spoken were (headers, footers,
comments, deletions, cover, copyright page, printed contents). pandoc's reading is its plain
text (`-t plain`), its headings and title from `-t json`. With --pages, a long book is made by
pandoc from generated Markdown, and narrate reads it in a fresh process: seconds and the
largest resident memory. Needs pandoc (apt-get install pandoc).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICE = ROOT / "tests" / "fixtures" / "documents" / "office"
WORD = re.compile(r"[^\W\d_]+")
WORDS_PER_PAGE = 450


def words(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in WORD.findall(text))


def f1(found: Counter[str], wanted: Counter[str]) -> float:
    shared = (found & wanted).total()
    if not shared:
        return 0.0
    precision, recall = shared / found.total(), shared / wanted.total()
    return 2 * precision * recall / (precision + recall)


def narrate_reading(path: Path) -> dict:
    """Title, headings and everything said, as narrate reads the file."""
    sys.path.insert(0, str(ROOT))
    from narrate.readers import read_article

    article = read_article(path)
    headings = [s.title for s in article.sections if s.title]
    said = [article.title, *headings]
    said += [block.text for section in article.sections for block in section.blocks]
    return {"title": article.title, "headings": headings, "text": "\n".join(said)}


def pandoc_reading(path: Path) -> dict:
    """Title, headings and plain text, as pandoc reads the file."""
    plain = _pandoc(path, "-t", "plain", "--wrap=none")
    tree = json.loads(_pandoc(path, "-t", "json"))
    headings = [_inline_text(header["c"][2]) for header in _headers(tree["blocks"])]
    title_meta = tree.get("meta", {}).get("title", {})
    title = _inline_text(title_meta.get("c", [])) if title_meta else ""
    return {"title": title, "headings": headings, "text": f"{title}\n{plain}"}


def _pandoc(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pandoc", str(path), *options], capture_output=True, text=True, check=True
    ).stdout


def _headers(node: object) -> list[dict]:
    """Every Header block in pandoc's tree, however deep (EPUB chapters come in Divs)."""
    if isinstance(node, dict):
        if node.get("t") == "Header":
            return [node]
        return _headers(node.get("c"))
    if isinstance(node, list):
        return [header for child in node for header in _headers(child)]
    return []


def _inline_text(inlines: list) -> str:
    parts = []
    for inline in inlines:
        if inline["t"] == "Str":
            parts.append(inline["c"])
        elif inline["t"] in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif inline["t"] in ("Span", "Link", "Quoted", "Cite", "Image"):
            parts.append(_inline_text(inline["c"][1]))  # [attributes or kind, inlines, ...]
        elif inline["t"] in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout"):
            parts.append(_inline_text(inline["c"]))
    return "".join(parts).strip()


def score(reading: dict, expected: dict) -> dict:
    wanted_text = "\n".join([expected["title"], *(h for _, h in expected["headings"]),
                             *expected["paragraphs"]])  # fmt: skip
    wanted = {_norm(h) for _, h in expected["headings"]}
    found = {_norm(h) for h in reading["headings"]} - {_norm(expected["title"])}
    return {
        "words_f1": round(f1(words(reading["text"]), words(wanted_text)), 3),
        "heading_precision": round(len(found & wanted) / len(found), 3) if found else 0.0,
        "heading_recall": round(len(found & wanted) / len(wanted), 3) if wanted else 1.0,
        "title_right": _norm(reading["title"]) == _norm(expected["title"]),
        "never_spoken": sum(1 for text in expected["never"] if text in reading["text"]),
    }


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def fixtures_table() -> None:
    print("| document | reader | words F1 | headings P | headings R | title | never said |")
    print("|---|---|---|---|---|---|---|")
    for expected_path in sorted(OFFICE.glob("*.json")):
        path = expected_path.with_suffix("")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        for reader, read in (("narrate", narrate_reading), ("pandoc", pandoc_reading)):
            got = score(read(path), expected)
            print(f"| {path.name} | {reader} | {got['words_f1']} | {got['heading_precision']} | "
                  f"{got['heading_recall']} | {'yes' if got['title_right'] else 'no'} | "
                  f"{got['never_spoken']} |")  # fmt: skip


def long_book(pages: int) -> str:
    """Markdown for a book of about `pages` pages: parts, chapters, sections, notes, tables."""
    rng = random.Random(27)
    vocabulary = (
        "keeper stairs lamp harbour island storm boat water morning evening light father "
        "daughter wind west grey quiet fishing return letter winter"
    ).split()
    lines = ["---", "title: A Long Book", "author: A. Writer", "---", ""]
    note = 0
    for page in range(pages):
        if page % 50 == 0:
            lines += [f"# Part {page // 50 + 1}", ""]
        if page % 5 == 0:
            lines += [f"## Chapter {page // 5 + 1}", ""]
        if page % 5 == 2:
            lines += [f"### Section {page}", ""]
        for _ in range(3):
            paragraph = " ".join(rng.choice(vocabulary) for _ in range(WORDS_PER_PAGE // 3)) + "."
            note += 1
            lines += [f"{paragraph}[^n{note}]", "", f"[^n{note}]: A note on page {page + 1}.", ""]
        if page % 10 == 9:
            lines += ["| Day | Steps |", "|---|---|", "| Monday | 212 |", "| Tuesday | 214 |", ""]
    return "\n".join(lines)


MEASURE = """
import resource, sys, time
sys.path.insert(0, {root!r})
from narrate.readers import read_article
start = time.perf_counter()
article = read_article({path!r}, max_chars=10**8)
seconds = time.perf_counter() - start
blocks = sum(len(s.blocks) for s in article.sections)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{seconds:.2f}} {{peak:.0f}} {{len(article.sections)}} {{blocks}}")
"""


def long_table(pages: int) -> None:
    print(
        f"\nA {pages}-page book (about {pages * WORDS_PER_PAGE:,} words), read in a fresh process:"
    )
    print("| format | file | seconds | peak memory (MiB) | sections | blocks |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "book.md"
        source.write_text(long_book(pages), encoding="utf-8")
        for suffix in ("docx", "odt", "epub"):
            target = Path(scratch) / f"book.{suffix}"
            subprocess.run(["pandoc", str(source), "-o", str(target)], check=True)
            code = MEASURE.format(root=str(ROOT), path=str(target))
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.split()  # fmt: skip
            size = target.stat().st_size / 2**20
            print(f"| {suffix} | {size:.1f} MB | {out[0]} | {out[1]} | {out[2]} | {out[3]} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="also time a book this long")
    options = parser.parse_args()
    fixtures_table()
    if options.pages:
        long_table(options.pages)


if __name__ == "__main__":
    main()
