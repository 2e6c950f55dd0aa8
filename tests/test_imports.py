"""What a run loads: the parsers, the online engine, lxml (RSS, DAISY, PLS lexicons, the
accessible edition's HTML) and the encoding detector only when it needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "examples" / "ketamine-infusion-vs-kap.txt"
HEAVY = ("bs4", "markdown_it", "gtts", "requests", "lxml", "charset_normalizer")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_starting_the_cli_loads_no_parser_online_engine_or_xml_library():
    assert _loaded_after("import narrate.cli") == set()


def test_loading_every_command_loads_no_parser_online_engine_or_xml_library():
    """A command's module loads what its options need; its parsers wait for an article."""
    code = (
        "import importlib, narrate.cli\n"
        "for module, _ in narrate.cli.COMMANDS.values(): importlib.import_module(module)"
    )
    assert _loaded_after(code) == set()


def test_a_plain_text_article_is_read_without_the_html_and_markdown_parsers():
    code = f"from narrate.readers import read_article\nread_article({str(SAMPLE)!r})"
    assert _loaded_after(code) == set()


def test_an_html_article_loads_its_parser():
    page = SAMPLE.parent / "medication-safety.html"
    code = f"from narrate.readers import read_article\nread_article({str(page)!r})"
    assert {"bs4", "markdown_it"} <= _loaded_after(code)


def test_the_accessible_writers_load_on_demand():
    code = "from narrate.writers import writer_for\nwriter_for('daisy')"
    assert "lxml" in _loaded_after(code)
