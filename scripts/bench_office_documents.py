"""How well narrate reads Word, OpenDocument and EPUB files, beside pandoc and markitdown.

    python scripts/bench_office_documents.py              # the corpus, per format and reader
    python scripts/bench_office_documents.py --each       # and every document
    python scripts/bench_office_documents.py --pages 300  # and a 300-page book in each format

The corpus is tests/fixtures/documents/office/corpus/ (made by make_office_documents.py with
scripts/office_corpus.py, each document with the JSON of what a careful editor expects). Per
format (DOCX, ODT, EPUB) and reader: words F1 as scripts/bench_extraction.py scores it (4-word
shingles, so order counts) against the title, headings and paragraphs expected, in reading
order; headings found as chapters (precision and recall, by text); the title right; and how
many texts that must never be spoken were (note marks, Markdown escapes, a book's cover,
copyright page and printed contents). pandoc's reading is its plain text (`-t plain`), its
headings and title from `-t json`; markitdown's is its Markdown (headings: its `#` lines; title:
its own, else its first heading; it reads no ODT). With --pages, a long book is made by pandoc
from generated Markdown, and narrate reads it in a fresh process: seconds and the largest
resident memory. Needs pandoc (apt-get install pandoc) and markitdown (the `bench` extra).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICE = ROOT / "tests" / "fixtures" / "documents" / "office"
CORPUS = OFFICE / "corpus"
WORDS_PER_PAGE = 450
FORMATS = ("docx", "odt", "epub")


def _extraction_scorer():
    """scripts/bench_extraction.py's score (shingle precision and recall)."""
    script = ROOT / "scripts" / "bench_extraction.py"
    spec = importlib.util.spec_from_file_location("bench_extraction", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.score


extraction_score = _extraction_scorer()


def narrate_reading(path: Path) -> dict:
    """Title, headings and everything said, as narrate reads the file."""
    sys.path.insert(0, str(ROOT))
    from narrate.readers import read_article

    article = read_article(path)
    headings = [s.title for s in article.sections if s.title]
    said = [article.title]
    for section in article.sections:
        said += [section.title or "", *(block.text for block in section.blocks)]
    return {"title": article.title, "headings": headings, "text": "\n".join(said)}


def markitdown_reading(path: Path) -> dict | None:
    """Title, headings and Markdown, as markitdown reads the file (None: it cannot)."""
    from markitdown import MarkItDown

    try:
        result = MarkItDown().convert(str(path))
    except Exception:  # noqa: BLE001 - a peer that cannot read a format scores nothing
        return None
    markdown = result.text_content
    headings = [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]
    title = result.title or (headings[0] if headings else "")
    return {"title": title, "headings": headings, "text": markdown}


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
    """One reading against what an editor expects (expected["said"]: the text in order)."""
    measured = extraction_score(reading["text"], "\n".join(expected["said"]))
    p, r = measured.precision, measured.recall
    wanted = {_norm(h) for _, h in expected["headings"]}
    found = {_norm(h) for h in reading["headings"]} - {_norm(expected["title"])}
    return {
        "words_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "heading_found": len(found & wanted),
        "heading_said": len(found),
        "heading_wanted": len(wanted),
        "title_right": _norm(reading["title"]) == _norm(expected["title"]),
        "never_spoken": sum(1 for text in expected["never"] if text in reading["text"]),
    }


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


READERS = {"narrate": narrate_reading, "pandoc": pandoc_reading, "markitdown": markitdown_reading}


def corpus_table(each: bool) -> None:
    totals: dict[tuple[str, str], list[dict]] = defaultdict(list)
    if each:
        print("| document | reader | words F1 | headings found/said/wanted | title | never said |")
        print("|---|---|---|---|---|---|")
    for expected_path in sorted(CORPUS.glob("*.json")):
        path = expected_path.with_suffix("")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        for reader, read in READERS.items():
            reading = read(path)
            if reading is None:
                continue
            got = score(reading, expected)
            totals[(path.suffix[1:], reader)].append(got)
            if each:
                headings = f"{got['heading_found']}/{got['heading_said']}/{got['heading_wanted']}"
                title = "yes" if got["title_right"] else "no"
                print(f"| {path.name} | {reader} | {got['words_f1']:.3f} | {headings} | "
                      f"{title} | {got['never_spoken']} |")  # fmt: skip
    print("\n| format | reader | documents | words F1 (mean) | lowest | headings P | headings R |"
          " titles right | never said |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for suffix in FORMATS:
        for reader in READERS:
            rows = totals.get((suffix, reader))
            if not rows:
                print(f"| {suffix.upper()} | {reader} | cannot read it | | | | | | |")
                continue
            f1s = [row["words_f1"] for row in rows]
            found = sum(row["heading_found"] for row in rows)
            said = sum(row["heading_said"] for row in rows)
            wanted = sum(row["heading_wanted"] for row in rows)
            titles = sum(row["title_right"] for row in rows) / len(rows)
            never = sum(row["never_spoken"] for row in rows)
            print(f"| {suffix.upper()} | {reader} | {len(rows)} | {sum(f1s) / len(f1s):.3f} | "
                  f"{min(f1s):.3f} | {found / said if said else 1:.3f} | "
                  f"{found / wanted if wanted else 1:.3f} | {titles:.2f} | {never} |")  # fmt: skip


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
    parser.add_argument("--each", action="store_true", help="a row for every document too")
    options = parser.parse_args()
    corpus_table(options.each)
    if options.pages:
        long_table(options.pages)


if __name__ == "__main__":
    main()
