"""What typesetting glues in a specification's PDF (the shared-mime-info spec, by LaTeX), as the
voice is given it: citation keys glued to words, a reference's term glued to its definition in
another font, a list of contributors' names, the author on the title page. The fixture is made
by scripts/make_documents.py (make_glued_spec), with its expected JSON beside it."""

from __future__ import annotations

import json
from pathlib import Path

from narrate.readers.pdf_text import GLUED_CITATION
from tests.helpers import narrate_process

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "spec-glued.pdf"


def test_the_glued_spec_is_spoken_word_by_word_and_names_one_by_one():
    expected = json.loads(SPEC.with_suffix(".json").read_text(encoding="utf-8"))
    run = narrate_process("sections", str(SPEC), "--json")
    assert run.returncode == 0, run.stderr
    article = json.loads(run.stdout)
    assert article["title"] == expected["title"]
    assert article["author"] == expected["author"]  # the title page's name, for the tags
    said = [block["text"] for chapter in article["chapters"] for block in chapter["blocks"]]
    assert said == expected["said"]
    script = narrate_process("script", str(SPEC))
    assert script.returncode == 0, script.stderr
    lines = script.stdout.splitlines()
    assert "[" not in script.stdout and "GNOMEThe" not in script.stdout
    assert lines[lines.index("two. Contributors") + 1 : lines.index("References")] == [
        "Thomas Leonard", "David Faure", "Alex Larsson",
    ]  # fmt: skip


def test_only_a_key_glued_to_a_word_is_a_citation_mark():
    def cleaned(text: str) -> str:
        return GLUED_CITATION.sub("", text)

    assert cleaned("described in RFC 2119[RFC-2119].") == "described in RFC 2119."
    assert cleaned("used by GNOME[GNOME], KDE[KDE] and ROX[ROX]") == "used by GNOME, KDE and ROX"
    for kept in ["a single package [SharedMIME].", "[deprecated for globs2]", "array[index] = 1",
                 "the [Note] box", "x[A B] y"]:  # fmt: skip
        assert cleaned(kept) == kept
