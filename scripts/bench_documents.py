"""Documents read by narrate and by the tools a user would try instead, on the fixtures under
tests/fixtures/documents/ (made by scripts/make_documents.py, each with its expected JSON).

    python scripts/bench_documents.py              # narrate and pdftotext (poppler-utils)
    python scripts/bench_documents.py --pages 300  # a long PDF: narrate's time and memory

Per document and in total: words F1 (4-token shingles, scored as in bench_extraction.py) of
everything spoken (title, headings, text) against the expected title, headings and
paragraphs; headings found as chapters (precision and recall, by text); the title right; and
how many pieces of page furniture (running titles, dates, addresses, page numbers) are spoken.
pdftotext gives plain text: no chapters and no title, so those columns are "-" for it. "ms" is
narrate's CPU time reading the file in this process, and pdftotext's wall time including the
start of its process: a rough guide, not a comparison of speed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extraction import score  # noqa: E402  (one scoring for every benchmark)

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


def narrate_reading(path: Path) -> Reading:
    sys.path.insert(0, str(ROOT))
    from narrate.readers import read_article

    started = time.process_time()
    article = read_article(path)
    cpu = time.process_time() - started
    headings = [section.title for section in article.sections if section.title]
    spoken = [article.title, *headings]
    spoken += [block.text for section in article.sections for block in section.blocks]
    return Reading("\n".join(spoken), headings, article.title, cpu)


def pdftotext_reading(path: Path) -> Reading:
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
    return "\n".join([record["title"], *headings, *record["paragraphs"]]), headings


def measure(name: str, tool: str, reading: Reading, record: dict) -> Row:
    truth, headings = expected_of(record)
    scored = score(reading.spoken, truth)
    f1 = 2 * scored.precision * scored.recall / (scored.precision + scored.recall or 1)
    precision = recall = None
    if reading.headings is not None:
        found = [" ".join(h.lower().split()) for h in reading.headings]
        wanted = [" ".join(h.lower().split()) for h in headings]
        right = sum(1 for h in found if h in wanted)
        precision = right / len(found) if found else 1.0
        recall = sum(1 for h in wanted if h in found) / len(wanted) if wanted else 1.0
    title = None if reading.title is None else reading.title == record["title"]
    furniture = sum(reading.spoken.count(piece) for piece in record["furniture"])
    return Row(name, tool, f1, precision, recall, title, furniture, reading.cpu_s * 1000)


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
    tools: dict[str, Callable[[Path], Reading]] = {"narrate": narrate_reading}
    if shutil.which("pdftotext"):
        tools["pdftotext"] = pdftotext_reading
    else:
        print("pdftotext not found (apt-get install poppler-utils): narrate only\n")
    rows: list[Row] = []
    for record_path in sorted(DOCUMENTS.glob("*.json")):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if "paragraphs" not in record:
            continue  # a file that must be refused, tested in tests/readers/test_pdf.py
        pdf = record_path.with_suffix(".pdf")
        for tool, read in tools.items():
            rows.append(measure(pdf.stem, tool, read(pdf), record))
    print("| document | tool | words F1 | heading precision | heading recall | title right "
          "| furniture spoken | ms |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.document} | {row.tool} | {row.f1:.3f} | {_cell(row.heading_precision)} "
              f"| {_cell(row.heading_recall)} | {_cell(row.title_right)} | {row.furniture} "
              f"| {row.cpu_ms:.0f} |")  # fmt: skip
    print()
    for tool in tools:
        mine = [row for row in rows if row.tool == tool]
        f1 = sum(row.f1 for row in mine) / len(mine)
        furniture = sum(row.furniture for row in mine)
        line = (
            f"{tool}: {len(mine)} documents, mean words F1 {f1:.3f}, furniture spoken {furniture}"
        )
        if mine[0].heading_recall is not None:
            recall = sum(row.heading_recall or 0 for row in mine) / len(mine)
            precision = sum(row.heading_precision or 0 for row in mine) / len(mine)
            titles = sum(1 for row in mine if row.title_right)
            line += (f", heading precision {precision:.3f} recall {recall:.3f}, "
                     f"titles right {titles}/{len(mine)}")  # fmt: skip
        print(line)


if __name__ == "__main__":
    main()
