"""The PDF corpus (tests/fixtures/documents/pdf/, made by scripts/make_document_corpus.py:
pages saved from Chromium with its header and footer, LibreOffice exports tagged and not, a
medication table, a leaflet with a picture, a scanned letter), each with what a careful
editor expects: narrate finds its title and headings, speaks no page furniture, and over the
corpus reaches the targets of scripts/bench_documents.py (words F1 and heading recall). Tables,
notes and pictures' alternative text are checked as a user would: `narrate sections x.pdf
--json` and `narrate script x.pdf --tables skip`."""

from __future__ import annotations

import json
import re
import shutil
import sys
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from narrate.model import Article
from narrate.readers import read_article
from narrate.readers.document_options import DocumentOptions
from narrate.readers.pdf_tags import MAX_VISITS, page_tags
from tests.helpers import narrate_process as _narrate
from tests.helpers import needs, pdf_of_objects

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "documents" / "pdf"
sys.path.insert(0, str(ROOT / "scripts"))
from bench_extraction import score  # noqa: E402  (the benchmark's own scoring)

RECORDS = sorted(CORPUS.glob("*.json"))
WORDS_F1 = 0.97
HEADING_RECALL = 0.95
TITLES = 0.95
OCR_F1 = 0.93
tesseract = needs(bool(shutil.which("tesseract")), "tesseract", "apt-get install tesseract-ocr")


def _record(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def _names(ocr: bool) -> list[str]:
    return [p.stem for p in RECORDS if bool(_record(p.stem).get("ocr")) == ocr]


@cache
def _read(name: str) -> Article:
    ocr = bool(_record(name).get("ocr"))
    return read_article(CORPUS / f"{name}.pdf", document=DocumentOptions(ocr=ocr))


def _spoken(article: Article) -> str:
    """Everything read, in order: the title, each heading and its text (numbers kept)."""
    said = [article.title]
    for section in article.sections:
        said += [section.title] if section.title else []
        said += [b.text if b.place is None else f"{b.place}. {b.text}" for b in section.blocks]
    return "\n".join(said)


def _truth(record: dict) -> str:
    text = record["text"]
    return "\n".join(text if text[0] == record["title"] else [record["title"], *text])


def _f1(article: Article, record: dict) -> float:
    scored = score(_spoken(article), _truth(record))
    return 2 * scored.precision * scored.recall / (scored.precision + scored.recall or 1)


def _chapters(record: dict) -> list[str]:
    headings = [text for _, text in record["headings"]]
    return headings[1:] if headings and headings[0] == record["title"] else headings


def _furniture_spoken(spoken: str, piece: str) -> bool:
    if piece.endswith("/"):  # "1/3": a page count, not "1/2 cup"
        return re.search(rf"(?<![\d/]){re.escape(piece)}\d+\b", spoken) is not None
    return piece in spoken


def test_the_corpus_is_large_and_small():
    pdfs = list(CORPUS.glob("*.pdf"))
    assert len(pdfs) >= 30
    assert sum(p.stat().st_size for p in pdfs) < 5_000_000
    assert {_record(p.stem).get("made_by") for p in pdfs} >= {
        "chromium", "libreoffice", "libreoffice-tagged", "scan"}  # fmt: skip


@pytest.mark.parametrize("name", _names(ocr=False))
def test_no_page_furniture_is_spoken(name):
    spoken = _spoken(_read(name))
    for piece in _record(name)["furniture"]:
        assert not _furniture_spoken(spoken, piece), piece


@pytest.mark.parametrize("name", _names(ocr=False))
def test_the_headings_are_the_chapters(name):
    found = [s.title for s in _read(name).sections if s.title]
    assert found == _chapters(_record(name))


def test_the_corpus_meets_the_targets():
    names = _names(ocr=False)
    f1 = [_f1(_read(name), _record(name)) for name in names]
    titles = [_read(name).title == _record(name)["title"] for name in names]
    recalls = []
    for name in names:
        wanted = _chapters(_record(name))
        found = {s.title for s in _read(name).sections if s.title}
        recalls.append(sum(h in found for h in wanted) / len(wanted) if wanted else 1.0)
    assert sum(f1) / len(f1) >= WORDS_F1
    assert sum(recalls) / len(recalls) >= HEADING_RECALL
    assert sum(titles) / len(titles) >= TITLES


@tesseract
@pytest.mark.slow
@pytest.mark.parametrize("name", _names(ocr=True))
def test_a_scanned_letter_in_a_real_font_is_read_with_ocr(name):
    article = _read(name)
    assert article.text_from == "ocr"
    assert _f1(article, _record(name)) >= OCR_F1


def _sections(name: str, *options: str) -> dict:
    result = _narrate("sections", str(CORPUS / f"{name}.pdf"), "--json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _texts(article: dict) -> list[str]:
    return [block["text"] for chapter in article["chapters"] for block in chapter["blocks"]]


@pytest.mark.parametrize(
    "name", ["chromium-medication-table", "libreoffice-tagged-medication-table",
             "libreoffice-medication-table"])  # fmt: skip
def test_a_table_is_read_row_by_row_with_its_column_headers(name):
    texts = _texts(_sections(name))
    rows = [text for text in _record(name)["paragraphs"] if text.startswith("Drug: ")]
    assert len(rows) == 3
    for row in rows:
        assert row in texts
    assert not [text for text in texts if text in ("Drug", "Dose", "When")]


@pytest.mark.parametrize(
    "name", ["chromium-medication-table", "libreoffice-tagged-medication-table",
             "libreoffice-medication-table"])  # fmt: skip
def test_tables_skip_announces_the_table_and_reads_none_of_it(name):
    texts = _texts(_sections(name, "--tables", "skip"))
    assert "A table with 3 rows is left out." in texts
    assert not [text for text in texts if "Amoxicillin" in text or "Omeprazole" in text]
    result = _narrate("script", str(CORPUS / f"{name}.pdf"), "--tables", "skip")
    assert result.returncode == 0, result.stderr
    assert "A table with three rows is left out." in result.stdout
    assert "Amoxicillin" not in result.stdout


def test_a_pictures_alternative_text_is_read_where_the_picture_is():
    article = _sections("chromium-inhaler-leaflet")
    texts = _texts(article)
    said = "Image: A person breathing in slowly through an inhaler held upright"
    assert texts.count(said) == 1
    assert texts.index(said) == 1  # after the first paragraph, before the steps


def _tree_bomb(path: Path, children: int) -> None:
    """A tagged one-page PDF whose structure tree has `children` elements under one."""
    kids = b" ".join(b"<< /S /Span /Pg 3 0 R /K 0 >>" for _ in range(children))
    content = b"/P << /MCID 0 >> BDC BT /F1 12 Tf 72 700 Td (Hello tagged world.) Tj ET EMC"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R /MarkInfo << /Marked true >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> /StructParents 0 >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /StructTreeRoot /K 7 0 R /ParentTree << /Nums [0 [7 0 R]] >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /StructElem /S /Document /P 5 0 R /Pg 3 0 R /K [0 %s] >>" % kids,
    ]
    path.write_bytes(pdf_of_objects(objects))


def test_a_structure_tree_bomb_costs_no_more_than_the_visits_allowed(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    _tree_bomb(bomb, 5 * MAX_VISITS)
    document = pdfium.PdfDocument(bomb)
    try:
        assert document.is_tagged()
        tags = page_tags(document[0])
        assert tags.roles  # the tree is walked ...
        assert tags.visits <= MAX_VISITS  # ... as far as the cap, not to its end
    finally:
        document.close()
    result = _narrate("sections", str(bomb), "--json")
    assert result.returncode == 0, result.stderr
    assert "Hello tagged world." in result.stdout


def test_printed_page_names_are_the_page_names_in_sections_and_the_books(tmp_path):
    name = "drawn-page-labels"
    labels = _record(name)["page_labels"]
    blocks = [b for chapter in _sections(name)["chapters"] for b in chapter["blocks"]]
    assert [(b["page"], b["page_label"]) for b in blocks] == list(enumerate(labels, 1))
    from lxml import etree

    from narrate import api
    from tests.epub_tools import NS, Book

    options = api.BuildOptions(profile="accessible", out_dir=tmp_path, date="2026-05-01",
                               engine=api.EngineChoice("tone"), formats=("mp3",))  # fmt: skip
    (edition,) = api.build([CORPUS / f"{name}.pdf"], options)
    book = Book(edition.folder / edition.manifest.files["epub"])
    nav = book.xml(book.root + "nav.xhtml")
    (page_list,) = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    assert [a.text for a in page_list.xpath(".//x:li/x:a", namespaces=NS)] == labels
    (ncc,) = list(edition.folder.rglob("ncc.html"))
    spans = etree.parse(str(ncc)).xpath(
        "//h:span[@class='page-normal']/h:a/text()", namespaces={"h": "http://www.w3.org/1999/xhtml"}
    )
    assert spans == labels
