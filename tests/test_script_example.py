"""The library from a plain script: the README's Python example saved as a file and run with
`python example.py` (no `if __name__ == "__main__":`), and a script with an engine of its
own, which speaks in the script's process with one line saying so."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from narrate.writers.playback import decoded_ms

ROOT = Path(__file__).resolve().parents[1]


def readme_python_blocks(section: str) -> list[str]:
    """The ```python blocks of one README section (a `## ` heading), in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## )", readme, re.S | re.M)
    assert found, f"the README lost its section {section!r}"
    return re.findall(r"```python\n(.*?)```", found.group(1), re.S)


def _run_script(folder: Path, code: str) -> subprocess.CompletedProcess:
    script = folder / "example.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run([sys.executable, "example.py"], cwd=folder, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


@pytest.mark.slow
def test_the_readme_example_runs_as_a_script(tmp_path):
    blocks = readme_python_blocks("Using narrate from Python")
    assert blocks, "no Python example in the README"
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    result = _run_script(tmp_path, "\n".join(blocks))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "unexpectedly" not in result.stderr
    mp3 = tmp_path / result.stdout.split()[0]
    assert mp3.suffix == ".mp3" and mp3.is_relative_to(tmp_path / "editions")
    milliseconds = int(result.stdout.split()[1])
    assert abs(decoded_ms(mp3) - milliseconds) <= 100


OWN_ENGINE = textwrap.dedent('''
    import narrate
    from narrate._pydub import AudioSegment  # pydub, as narrate's engines use it
    from narrate.engines.base import Engine, Voice, register
    from narrate.model import EngineInfo


    @register
    class Hum(Engine):
        """A hum as long as the text: this script's own engine, CPU-bound like Piper."""

        name = "hum"
        cpu_bound = True

        def info(self):
            return EngineInfo("hum", "1", "hum", self.options.language)

        def synthesize(self, text):
            hum = bytes([0, 16, 0, 240]) * (11 * len(text) * 20)  # a buzz, 20 ms a character
            return AudioSegment(hum, sample_width=2, frame_rate=22050, channels=1)

        @classmethod
        def voices(cls):
            return [Voice("hum", "hum", "any")]


    options = narrate.BuildOptions(out_dir="editions", workers=2,
                                   engine=narrate.EngineChoice("hum"))
    for edition in narrate.build(["article.txt"], options):
        print(edition.main_file, edition.timeline.duration_ms, edition.report.workers)
''')


def test_a_script_with_its_own_engine_speaks_in_its_own_process(tmp_path):
    (tmp_path / "article.txt").write_text("Hummed\n\nOne sentence. Two sentences here.\n",
                                          encoding="utf-8")  # fmt: skip
    result = _run_script(tmp_path, OWN_ENGINE)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "engine 'hum' is defined in the script being run (example.py), which a worker process "
        "cannot import: it speaks in this process, not in 2 workers\n"
    )
    path, milliseconds, workers = result.stdout.split(maxsplit=2)
    assert workers.strip() == "()"  # no worker process spoke
    assert abs(decoded_ms(tmp_path / path) - int(milliseconds)) <= 100


def test_an_engine_class_made_in_a_function_speaks_in_this_process_with_a_warning(caplog):
    from narrate.engine_pool import pool_for
    from narrate.engines.base import EngineOptions
    from tests.tone_engine import PooledToneEngine

    def made_here():
        class Local(PooledToneEngine):
            name = "tone-local"

        return Local

    with caplog.at_level("WARNING", logger="narrate"):
        assert pool_for(made_here()(EngineOptions()), 2) is None
    assert [r.getMessage() for r in caplog.records] == [
        "engine 'tone-local' is defined in a function (test_an_engine_class_made_in_a_function_"
        "speaks_in_this_process_with_a_warning.<locals>.made_here.<locals>.Local), which a "
        "worker process cannot import: it speaks in this process, not in 2 workers"
    ]
    assert pool_for(PooledToneEngine(EngineOptions()), 2) is not None  # importable: processes
