"""narrate's API without Click: options that validate themselves, editions back, and the README's
example run exactly as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import narrate
from narrate.errors import BadOption, OutputError
from tests.helpers import tiny_article_text

ROOT = Path(__file__).parents[1]


def readme_example() -> str:
    """The Python block that follows the api-example marker in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- api-example:[^>]*-->\n```python\n(.*?)```", readme, re.S)
    assert found, "the README lost its API example"
    return found.group(1)


@pytest.mark.slow
def test_the_readme_example_runs_as_written(tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    result = subprocess.run(
        [sys.executable, "-c", readme_example()], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    mp3 = Path(lines[0].split()[0])
    assert (tmp_path / mp3).is_file() and mp3.suffix == ".mp3"
    assert "'Appointments', 'After Hours', 'Holidays'" in lines[1]
    assert lines[2].startswith("Your First Visit to St. Mary's Family Practice")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"formats": ("srt",)}, "--format: 'srt'"),
        ({"profile": "accessible", "formats": ("m4b",)}, "needs mp3"),
        ({"profile": "phone", "formats": ("mp3",)}, "--format: 'mp3'"),
        ({"bitrate": "10k"}, "--bitrate"),
        ({"writer_settings": {"phone": {"hold_intro_text": "Hi."}}}, "--hold-intro does not apply"),
        ({"profile": "phone", "split_chapters": True}, "--split-chapters does not apply"),
        ({"profile": "radio"}, "--profile: 'radio'"),
        ({"locale": "xx-YY-ZZ"}, "--locale"),
        ({"engine": narrate.EngineChoice("nope")}, "--engine: 'nope'"),
    ],
)
def test_options_that_cannot_work_are_refused_by_validate(fields, message):
    with pytest.raises(BadOption, match=re.escape(message)):
        narrate.BuildOptions(**fields).validate()


def test_good_options_validate():
    hold = {"phone": {"hold_intro_text": "Hi."}}
    narrate.BuildOptions(profile="phone", formats=("wav", "ulaw"), writer_settings=hold).validate()
    narrate.BuildOptions(formats=("mp3", "m4b"), bitrate="96k").validate()


def test_build_returns_editions_in_order_without_click(tmp_path, tone_calls):
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text(tiny_article_text().replace("Tiny", "First"), encoding="utf-8")
    second.write_text(tiny_article_text().replace("Tiny", "Second"), encoding="utf-8")
    chosen = []
    options = narrate.BuildOptions(out_dir=tmp_path / "out", engine=narrate.EngineChoice("tone"))
    editions = narrate.build(
        [first, second], options, on_engine=lambda name, why: chosen.append(name)
    )
    assert [e.folder.name for e in editions] == ["first-article", "second-article"]
    assert all(e.main_file.is_file() for e in editions)
    assert chosen == ["tone"]


def test_articles_that_would_share_a_folder_are_refused_before_synthesis(tmp_path, tone_calls):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(tiny_article_text(), encoding="utf-8")
    options = narrate.BuildOptions(out_dir=tmp_path / "out", engine=narrate.EngineChoice("tone"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    with pytest.raises(OutputError, match=f"^{a} and {b} would both go to tiny-article/"):
        narrate.build([a, b], options)
    assert tone_calls == []


def test_a_dry_run_reads_and_scripts_without_an_engine():
    article = narrate.read(ROOT / "examples" / "clinic-hours.md")
    script = narrate.script(ROOT / "examples" / "clinic-hours.md")
    assert article.title == "Clinic Hours and How to Reach Us"
    assert script.cues[0].spoken == article.title


def test_importing_narrate_loads_neither_the_api_nor_pydub():
    probe = "import sys, narrate; print('narrate.api' in sys.modules, 'pydub' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"]
