"""The issue's acceptance: `narrate build examples/ketamine-infusion-vs-kap.txt --profile
accessible` with the offline Piper voice writes an EPUB that Debian's epubcheck accepts with no
errors and no warnings, its narrator the Piper voice and its notice spoken last."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from narrate.cli import main
from tests.conftest import speaking
from tests.epub_tools import Book, run_epubcheck

EXAMPLE = Path(__file__).parents[1] / "examples" / "ketamine-infusion-vs-kap.txt"


def test_the_example_book_passes_epubcheck(tmp_path, monkeypatch, piper_clips):
    out = tmp_path / "out"
    monkeypatch.setenv("NARRATE_CACHE_DIR", str(piper_clips))  # the run's Piper clips
    with speaking(piper_clips, EXAMPLE):
        result = CliRunner(mix_stderr=False).invoke(
            main, ["build", str(EXAMPLE), "--profile", "accessible", "--engine", "piper",
                   "--deterministic", "-q", "-o", str(out)],  # fmt: skip
        )
    assert result.exit_code == 0, result.stderr
    (manifest_path,) = out.glob("*/manifest.json")
    manifest = json.loads(manifest_path.read_text())
    book_path = manifest_path.parent / manifest["files"]["epub"]
    report = run_epubcheck(book_path, tmp_path / "report.json")
    problems = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]
                if m["severity"] in ("FATAL", "ERROR", "WARNING")]  # fmt: skip
    assert problems == []
    book = Book(book_path)
    (narrator,) = book.metas("media:narrator")
    assert narrator.startswith("piper (") and manifest["engine"]["voice"] in narrator
    assert manifest["disclosure"]["position"] == "end"
    last = book.xml(book.href(book.spine()[-1]))
    assert manifest["disclosure"]["text"] in "".join(last.itertext())
