"""A Spanish clinic page built end to end with Google's voice, as users run it (a subprocess,
through the local stand-in of Google's endpoint): Spanish detected from the text, read by the
Spanish rules, spoken in Spanish, with nothing English in what is said."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gtts_server import GoogleStandIn
from tests.helpers import narrate_process

PAGE = Path(__file__).parent / "fixtures" / "articles" / "clinica-es.html"
# What narrate adds in English, and English readings of what the page says.
ENGLISH = ("Step", "Number", "Section", "About this audio", "This audio", "synthetic voice",
           "milligram", "dollar", "March", "nine one one", "Doctor", "o'clock")  # fmt: skip


@pytest.mark.slow
def test_a_spanish_page_is_spoken_in_spanish_with_nothing_english(tmp_path):
    out = tmp_path / "out"
    with GoogleStandIn() as google:
        env = google.env({**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")})
        run = subprocess.run(
            [sys.executable, "-m", "narrate", "build", str(PAGE), "--engine", "gtts",
             "--announce-numbers", "-o", str(out)],
            env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        requests = google.requests
    assert run.returncode == 0, run.stderr
    assert requests and {r.lang for r in requests} == {"es"}
    said = " ".join(r.text for r in requests)
    assert "Este audio fue leído por una voz sintética." in said
    assert "Paso uno:" in said and "Sección uno de dos:" in said
    assert "tres de marzo de dos mil veintiséis a las ocho y treinta" in said
    assert "veinte dólares estadounidenses" in said and "nueve uno uno" in said
    assert not [word for word in ENGLISH if word in said]
    manifest = json.loads(next(out.glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["language"] == "es"


def test_the_script_of_a_spanish_page_is_spanish():
    run = narrate_process("script", str(PAGE), "--announce-numbers")
    assert run.returncode == 0, run.stderr
    assert "Paso dos: Tome una tableta de cinco miligramos con agua." in run.stdout
    assert "Sección dos de dos: Si tiene preguntas" in run.stdout
    assert not [word for word in ENGLISH if word in run.stdout]


def test_lang_wins_over_the_text(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Tome 1 tableta a las 8:30 con agua y comida.\n", encoding="utf-8")
    spanish = narrate_process("script", str(note))
    english = narrate_process("script", str(note), "--lang", "en")
    assert "Tome una tableta a las ocho y treinta" in spanish.stdout, spanish.stderr
    assert "Tome one tableta a las eight thirty" in english.stdout, english.stderr

