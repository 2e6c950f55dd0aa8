"""Documents read by narrate and by the tools a user would try instead, on the PDF fixtures
under tests/fixtures/documents/ and its pdf/ corpus (made by scripts/make_documents.py and
scripts/make_document_corpus.py, each with its expected JSON); then the Word, OpenDocument and
EPUB corpus, per format, as scripts/bench_office_documents.py scores it (peers: pandoc,
markitdown), so one command gives every format.

    pip install -e '.[bench]'                      # markitdown, pymupdf4llm (AGPL: bench only)
    python scripts/bench_documents.py              # narrate and every peer installed
    python scripts/bench_documents.py --summary    # the totals only, per kind of PDF
    python scripts/bench_documents.py --pages 300  # a long PDF: narrate's time and memory

Peers: pdftotext (poppler-utils: plain text, no chapters, no title), markitdown and
pymupdf4llm (Markdown: its "#" lines are its chapters, the first its title). A scanned PDF
(its JSON says "ocr") is read by narrate with --ocr; the peers get no OCR.

Per document and in total: words F1 (4-token shingles, scored as in bench_extraction.py) of
everything spoken (title, headings, text) against the expected title, headings and
paragraphs; headings found as chapters (precision and recall, by text); the title right; and
how many pieces of page furniture (running titles, dates, addresses, page numbers) are spoken.
pdftotext gives plain text: no chapters and no title, so those columns are "-" for it. "ms" is
narrate's CPU time reading the file in this process, and pdftotext's wall time including the
start of its process: a rough guide, not a comparison of speed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_extraction import score  # noqa: E402  (one scoring for every benchmark)

from narrate.model import Block  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"


@dataclass(frozen=True)
class Reading:
    """What a tool makes of a document: everything it would speak, its chapters and title."""

    spoken: str
    headings: list[str] | None  # None: the tool finds no chapters
    title: str | None
    cpu_s: float


@dataclass(frozen=True)
class Row:
    document: str
    tool: str
    f1: float
    heading_precision: float | None
    heading_recall: float | None
    title_right: bool | None
    furniture: int
    cpu_ms: float


def narrate_reading(path: Path, ocr: bool = False) -> Reading:
    sys.path.insert(0, str(ROOT))
    from narrate.readers import read_article
    from narrate.readers.document_options import DocumentOptions

    started = time.process_time()
    article = read_article(path, document=DocumentOptions(ocr=ocr))
    cpu = time.process_time() - started
    headings = [section.title for section in article.sections if section.title]
    spoken = [article.title]  # in the order it is read: each heading, then its text
    for section in article.sections:
        spoken += [section.title] if section.title else []
        spoken += [said(block) for block in section.blocks]
    return Reading("\n".join(spoken), headings, article.title, cpu)


def said(block: Block) -> str:
    """A block as spoken: a numbered item with its number ("2. Notice your breath")."""
    return f"{block.place}. {block.text}" if block.place is not None else block.text


def markdown_reading(markdown: str, cpu: float) -> Reading:
    """A Markdown text as a reader would hear it: its "#" lines are its chapters."""
    headings = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            headings.append(line.lstrip("#").strip().strip("*_ ").strip())
    title = headings[0] if headings else ""
    spoken = re.sub(r"[*_#|`>]+", " ", markdown)
    return Reading(spoken, headings[1:] if headings else [], title, cpu)


def markitdown_reading(path: Path, ocr: bool = False) -> Reading:
    from markitdown import MarkItDown

    started = time.process_time()
    markdown = MarkItDown().convert(str(path)).text_content
    return markdown_reading(markdown, time.process_time() - started)


def pymupdf4llm_reading(path: Path, ocr: bool = False) -> Reading:
    import pymupdf4llm

    started = time.process_time()
    markdown = pymupdf4llm.to_markdown(str(path), show_progress=False)
    return markdown_reading(markdown, time.process_time() - started)


def pdftotext_reading(path: Path, ocr: bool = False) -> Reading:
    started = time.perf_counter()
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True)  # fmt: skip
    return Reading(done.stdout.decode("utf-8"), None, None, time.perf_counter() - started)


def expected_of(record: dict) -> tuple[str, list[str]]:
    """The expected spoken text and chapter headings (a first heading that is the title is
    the title, not a chapter)."""
    headings = [text for _, text in record["headings"]]
    if headings and headings[0] == record["title"]:
        headings = headings[1:]
    text = list(record["text"])  # headings and paragraphs in reading order
    if not text or text[0] != record["title"]:
        text.insert(0, record["title"])
    text += [f"Note: {note}" for note in record.get("notes", [])]
    return "\n".join(text), headings


def measure(name: str, tool: str, reading: Reading, record: dict) -> Row:
    truth, headings = expected_of(record)
    scored = score(reading.spoken, truth)
    f1 = 2 * scored.precision * scored.recall / (scored.precision + scored.recall or 1)
    precision = recall = None
    if reading.headings is not None:
        found = [" ".join(h.lower().split()) for h in reading.headings]
        wanted = [" ".join(h.lower().split()) for h in headings]
        right = sum(1 for h in found if h in wanted)
        precision = right / len(found) if found else None  # none found: no precision
        recall = sum(1 for h in wanted if h in found) / len(wanted) if wanted else 1.0
    title = None if reading.title is None else reading.title == record["title"]
    furniture = sum(_furniture(reading.spoken, piece) for piece in record["furniture"])
    return Row(name, tool, f1, precision, recall, title, furniture, reading.cpu_s * 1000)


def _furniture(spoken: str, piece: str) -> int:
    """How often a piece of furniture is spoken: "1/" is a page count ("1/3"), not "1/2 cup"."""
    if piece.endswith("/"):
        return len(re.findall(rf"(?<![\d/]){re.escape(piece)}\d+\b", spoken))
    return spoken.count(piece)


def kind_of(record: dict, path: Path) -> str:
    """The kind of PDF, as the summary groups them: how it was made."""
    if record.get("ocr"):
        return "scanned (--ocr)"
    made_by = str(record.get("made_by", "reportlab"))
    return "drawn (reportlab)" if made_by == "reportlab" else made_by


def _cell(value: float | bool | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.3f}"


def long_document(pages: int) -> None:
    """Make a PDF of about `pages` pages (the report, over and over) and read it: CPU time and
    the peak memory of this process."""
    import resource
    import tempfile

    import make_documents as make

    make._register_fonts()
    chapters = max(1, pages)  # the report fills about a page
    content = []
    for number in range(1, chapters + 1):
        content += [(kind if kind != "h1" else "h2", text) for kind, text in make.REPORT]
        content[-len(make.REPORT)] = ("h1", f"Chapter {number}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.pdf"
        layout = make.Layout(columns=((72, make.A4[0] - 144),))
        made = make.draw(path, content, layout, title="A long report",
                         furniture=make.report_furniture, outline=1)  # fmt: skip
        size = path.stat().st_size
        reading = narrate_reading(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{made['pages']} pages, {size:,} bytes: read in {reading.cpu_s:.1f} s CPU "
        f"({reading.cpu_s / made['pages'] * 1000:.0f} ms a page), "
        f"{len(reading.spoken.split()):,} words; peak memory of this process, making the PDF "
        f"included: {peak:.0f} MiB"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--pages":
        long_document(int(sys.argv[2]))
        return
    summary_only = "--summary" in sys.argv
    tools: dict[str, Callable[..., Reading]] = {"narrate": narrate_reading}
    if shutil.which("pdftotext"):
        tools["pdftotext"] = pdftotext_reading
    else:
        print("pdftotext not found (apt-get install poppler-utils)\n")
    for name, read in (("markitdown", markitdown_reading), ("pymupdf4llm", pymupdf4llm_reading)):
        if importlib.util.find_spec(name):
            tools[name] = read
        else:
            print(f"{name} not installed (pip install -e '.[bench]'): left out\n")
    rows: list[tuple[str, Row]] = []
    records = sorted(DOCUMENTS.glob("*.json")) + sorted((DOCUMENTS / "pdf").glob("*.json"))
    for record_path in records:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if "paragraphs" not in record:
            continue  # a file that must be refused, tested in tests/readers/test_pdf.py
        pdf = record_path.with_suffix(".pdf")
        for tool, read in tools.items():
            reading = read(pdf, ocr=bool(record.get("ocr")))
            rows.append((kind_of(record, pdf), measure(pdf.stem, tool, reading, record)))
    if not summary_only:
        print("| document | tool | words F1 | heading precision | heading recall | title right "
              "| furniture spoken | ms |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|")
        for _, row in rows:
            print(f"| {row.document} | {row.tool} | {row.f1:.3f} "
                  f"| {_cell(row.heading_precision)} | {_cell(row.heading_recall)} "
                  f"| {_cell(row.title_right)} | {row.furniture} | {row.cpu_ms:.0f} |")  # fmt: skip
        print()
    print("| PDFs | tool | documents | words F1 | heading precision | heading recall "
          "| titles right | furniture spoken |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    kinds = sorted({kind for kind, _ in rows})
    for kind in [*kinds, "all but scanned"]:
        for tool in tools:
            mine = [row for k, row in rows if row.tool == tool and _in(k, kind)]
            if mine:
                print(_summary(kind, tool, mine))
    print("\nWord, OpenDocument and EPUB (scripts/bench_office_documents.py):\n")
    _office_bench().corpus_table(not summary_only)


def _office_bench():  # noqa: ANN202 (a script loaded as a module)
    """scripts/bench_office_documents.py, loaded from beside this script."""
    path = Path(__file__).resolve().with_name("bench_office_documents.py")
    spec = importlib.util.spec_from_file_location("bench_office_documents", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in(kind: str, group: str) -> bool:
    return kind == group or group == "all but scanned" and not kind.startswith("scan")


def _summary(kind: str, tool: str, rows: list[Row]) -> str:
    def mean(values: list[float]) -> str:
        return f"{sum(values) / len(values):.3f}" if values else "-"

    precision = [row.heading_precision for row in rows if row.heading_precision is not None]
    recall = [row.heading_recall for row in rows if row.heading_recall is not None]
    titles = [row.title_right for row in rows if row.title_right is not None]
    right = f"{sum(titles)}/{len(titles)}" if titles else "-"
    return (f"| {kind} | {tool} | {len(rows)} | {mean([row.f1 for row in rows])} "
            f"| {mean(precision)} | {mean(recall)} | {right} "
            f"| {sum(row.furniture for row in rows)} |")  # fmt: skip


if __name__ == "__main__":
    main()
