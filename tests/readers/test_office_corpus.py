"""The Word, OpenDocument and EPUB corpus (tests/fixtures/documents/office/corpus/, made by
scripts/make_office_documents.py): every document's title, headings and levels as an editor
expects, nothing that must never be said spoken, the benchmark's targets held per format
(scored as scripts/bench_office_documents.py scores), and the reading choices a user makes on
the command line (--tables, --notes) run as they run them."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

import pytest

from narrate.readers import read_article
from narrate.readers.document_options import DocumentOptions
from tests.readers.office_documents import OFFICE, narrate

CORPUS = OFFICE / "corpus"
DOCUMENTS = sorted(path.with_suffix("").name for path in CORPUS.glob("*.json"))
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_office_documents.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_office_documents", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def wanted(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


@cache
def reading(name: str):
    return read_article(CORPUS / name)


def test_the_corpus_holds_thirty_documents_or_more_of_each_kind_made_two_ways():
    assert len(DOCUMENTS) >= 30
    for suffix in ("docx", "odt", "epub"):
        assert len([name for name in DOCUMENTS if name.endswith(suffix)]) >= 10
    assert [name for name in DOCUMENTS if ".libreoffice." in name]
    assert [name for name in DOCUMENTS if ".handmade." in name]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_title_and_headings_with_their_levels_are_what_an_editor_expects(name):
    article, expected = reading(name), wanted(name)
    assert article.title == expected["title"]
    assert [[s.level, s.title] for s in article.sections if s.title] == expected["headings"]
    said = [article.title, *(s.title or "" for s in article.sections)]
    said += [block.text for section in article.sections for block in section.blocks]
    for text in expected["never"]:
        assert not [line for line in said if text in line], text


def test_every_format_holds_the_targets_words_f1_headings_and_titles():
    bench = _bench()
    by_format: dict[str, list[dict]] = {}
    for name in DOCUMENTS:
        got = bench.score(bench.narrate_reading(CORPUS / name), wanted(name))
        by_format.setdefault(name.rsplit(".", 1)[-1], []).append(got)
    for suffix, rows in by_format.items():
        mean = sum(row["words_f1"] for row in rows) / len(rows)
        assert mean >= 0.99, (suffix, mean)
        assert sum(row["heading_found"] for row in rows) == sum(r["heading_wanted"] for r in rows)
        assert sum(row["heading_found"] for row in rows) == sum(r["heading_said"] for r in rows)
        assert sum(row["title_right"] for row in rows) / len(rows) >= 0.95, suffix
        assert not sum(row["never_spoken"] for row in rows), suffix


def test_the_benchmark_scorer_rewards_the_expected_text_and_punishes_another():
    bench = _bench()
    expected = wanted("clinic-antibiotics.pandoc.docx")
    right = {"title": expected["title"], "headings": [h for _, h in expected["headings"]],
             "text": "\n".join(expected["said"])}  # fmt: skip
    assert bench.score(right, expected)["words_f1"] == 1.0
    wrong = {**right, "text": "\n".join(reversed(expected["said"])), "title": "Document1"}
    assert bench.score(wrong, expected)["words_f1"] < 0.9
    assert not bench.score(wrong, expected)["title_right"]


def test_sections_json_gives_the_handouts_chapters_and_its_table_read_with_headers():
    result = narrate("sections", str(CORPUS / "clinic-antibiotics.libreoffice.docx"), "--json")
    assert result.returncode == 0, result.stderr.decode()
    article = json.loads(result.stdout)
    assert [[c["level"], c["heading"]] for c in article["chapters"] if c["heading"]] == [
        [1, "How to take them"], [2, "If you miss a dose"], [1, "Side effects"],
        [1, "Finishing the course"],
    ]  # fmt: skip
    texts = [b["text"] for c in article["chapters"] for b in c["blocks"]]
    assert "Drug: Amoxicillin. Dose: 500 mg. When: Three times a day." in texts
    assert "Drug. Dose. When." not in texts and not [t for t in texts if t.startswith("Drug,")]


def test_tables_skip_announces_the_table_and_reads_none_of_it():
    result = narrate("script", str(CORPUS / "clinic-antibiotics.pandoc.odt"), "--tables", "skip")
    assert result.returncode == 0, result.stderr.decode()
    script = result.stdout.decode()
    assert "Table skipped: three rows." in script  # as spoken: numbers in words
    assert "Amoxicillin" not in script and "500 mg" not in script
    assert "Take each dose with a glass of water" in script  # the rest is read


def test_notes_skip_leaves_a_books_notes_out_and_end_reads_them_after_their_chapter():
    book = str(CORPUS / "winter-ferry.handmade.epub")
    skipped = narrate("script", book, "--notes", "skip")
    assert skipped.returncode == 0, skipped.stderr.decode()
    script = skipped.stdout.decode()
    assert "The ferry had not sailed for nine days" in script
    assert "longest closure" not in script and "Notes." not in script
    read = narrate("script", book).stdout.decode().splitlines()
    harbour = read.index("The Frozen Harbour")
    assert read[harbour + 1 : harbour + 7] == [
        "The ferry had not sailed for nine days.", "Ice held the harbour from wall to wall.",
        "Notes.", "Note one.", "The longest closure on record.", "Before dawn",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["clinic-antibiotics.pandoc.docx", "clinic-antibiotics.libreoffice.odt"]
)
def test_the_reading_choices_reach_word_and_opendocument(name):
    skip = DocumentOptions(tables="skip", notes="skip")
    texts = [b.text for s in read_article(CORPUS / name, document=skip).sections for b in s.blocks]
    assert "Table skipped: 3 rows." in texts
    assert not [t for t in texts if "Amoxicillin" in t or t == "Notes." or "eight hours" in t]
