"""The command line loads a command's module only when that command runs: `narrate --help` and
`narrate --version` load none of the pipeline, yet list every command with its own short help.
A new command is one module and one line in narrate.cli.COMMANDS."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from narrate.cli import COMMANDS, main
from tests.plugins import words_command

CLI = Path(__file__).parents[1] / "narrate" / "cli"
# what `narrate --help` must not load: the pipeline's stages, the API over them, the audio
# and voice libraries, the web app, the cluster
PIPELINE = ("narrate.api", "narrate.pipeline", "narrate.synth", "narrate.engines",
            "narrate.readers", "narrate.speech", "narrate.writers", "narrate.master",
            "narrate.assemble", "narrate.cache", "narrate.storage", "narrate.profiles",
            "narrate.check", "narrate.feed", "narrate.serve", "narrate.cluster",
            "narrate.language", "narrate.language_model", "narrate.model", "narrate.planning",
            "pydub", "piper", "onnxruntime", "numpy", "gtts", "requests", "lxml", "bs4",
            "fastapi", "dask", "py3langid", "num2words", "markdown_it")  # fmt: skip
PROBE = """
import sys
from click.testing import CliRunner
from narrate.cli import main
result = CliRunner().invoke(main, {args!r}, prog_name="narrate", terminal_width=100)
print(result.output, end="")
print("LOADED", *sorted(sys.modules), file=sys.stderr)
"""


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """`narrate ARGS` in a fresh process: its output and the modules it had loaded."""
    probe = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                           text=True, check=True, env=env)  # fmt: skip
    return probe.stdout, set(probe.stderr.split("LOADED", 1)[1].split())


def _pipeline(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(f"{p}.") for p in PIPELINE))


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"], []])
def test_the_group_loads_no_pipeline_module(args):
    output, modules = _run(args)
    assert _pipeline(modules) == []
    assert not [m for m in modules if m.startswith("narrate.cli.") and m.rpartition(".")[2]
                in COMMANDS], "no command module is loaded"  # fmt: skip
    assert "narrate.cli" in modules and output


def test_help_lists_every_command_with_its_short_help():
    output, _ = _run(["--help"])
    listed = output.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
    for line in listed:
        name, short = line.split(None, 1)
        assert short.rstrip(".").rstrip() and COMMANDS[name][1].startswith(short.rstrip(". "))


def test_the_lazy_listing_is_the_one_the_commands_themselves_give():
    """Click's own listing, made from the loaded commands, is the one --help shows from the
    table: a command whose docstring changes without its COMMANDS line fails here."""
    ctx = click.Context(main, info_name="narrate")
    for name in COMMANDS:
        main.get_command(ctx, name)  # loads it
    for width in (60, 80, 100, 200):
        lazy, eager = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
        main.format_commands(ctx, lazy)
        click.Group.format_commands(main, ctx, eager)
        assert lazy.getvalue() == eager.getvalue()


def test_a_command_loads_its_module_when_it_runs():
    _, modules = _run(["voices"])
    assert "narrate.cli.voices" in modules and "narrate.engines" in modules
    assert "narrate.cli.build" not in modules and "narrate.pipeline" not in modules


EXAMPLE = Path(__file__).parents[1] / "examples" / "clinic-hours.md"
# what `narrate sections` must not load: only reading and splitting run, no synthesis,
# assembly, mastering, writers, publishing, web app or cluster
NOT_FOR_SECTIONS = ("narrate.pipeline", "narrate.synth", "narrate.engines",
                    "narrate.engine_pool", "narrate.engine_worker", "narrate.cache",
                    "narrate.assemble", "narrate.master", "narrate.loudness",
                    "narrate.levelling", "narrate.writers", "narrate.staging", "narrate.feed",
                    "narrate.check", "narrate.serve", "narrate.cluster", "pydub", "piper",
                    "onnxruntime", "gtts", "fastapi", "dask", "narrate.speech.explain",
                    "difflib")  # fmt: skip
OTHER_LANGUAGES = ("narrate.speech.es.rules", "narrate.speech.es.numbers",
                   "narrate.speech.es.dates", "narrate.speech.european")  # fmt: skip


def _loaded_of(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(f"{n}.") for n in names))


@pytest.fixture(scope="module")
def warm_model(tmp_path_factory):
    """An environment whose cached language model is built (narrate.language_model), as after
    a user's first run."""
    from narrate import language_model
    from narrate.language import CANDIDATES

    env = {**os.environ, language_model.ENV_VAR: str(tmp_path_factory.mktemp("model"))}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(language_model.ENV_VAR, env[language_model.ENV_VAR])
        language_model.detector(CANDIDATES)
    return env


@pytest.mark.parametrize("language", [[], ["--lang", "en"]])
def test_sections_loads_only_reading_and_splitting(language, warm_model):
    output, modules = _run(["sections", str(EXAMPLE), *language], env=warm_model)
    assert output.startswith("Clinic Hours and How to Reach Us") and " cues)" in output
    assert "narrate.readers" in modules and "narrate.speech.script" in modules
    assert _loaded_of(modules, NOT_FOR_SECTIONS) == []
    # the language is detected from the cached model, without numpy or py3langid's loading
    assert _loaded_of(modules, ("numpy", "py3langid")) == []
    assert ("narrate.language_model" in modules) == (not language)
    # an English article compiles the English rules only
    assert "narrate.speech.en.rules" in modules
    assert _loaded_of(modules, OTHER_LANGUAGES) == []
    # a Markdown file with no HTML in it needs neither the web page reader nor BeautifulSoup
    assert _loaded_of(modules, ("narrate.readers.html", "bs4", "soupsieve")) == []


def test_python_m_narrate_help_lists_the_commands():
    for module in ("narrate", "narrate.cli"):
        result = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True,
                                text=True, check=True)  # fmt: skip
        assert all(f"  {name} " in result.stdout for name in COMMANDS), result.stdout


def test_no_cli_module_is_over_250_lines():
    lengths = {path.name: len(path.read_text().splitlines()) for path in CLI.glob("*.py")}
    assert lengths["build.py"] > 100, "the glob found the command modules"
    assert {name: n for name, n in lengths.items() if n > 250} == {}


def test_every_command_is_a_module_named_after_it():
    modules = {path.stem for path in CLI.glob("*.py")}
    assert {module.rpartition(".")[2] for module, _ in COMMANDS.values()} == set(COMMANDS)
    assert set(COMMANDS) <= modules


def test_a_new_command_is_one_module_and_one_line(monkeypatch, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("A Title\n\nOne two three four.\n", encoding="utf-8")
    runner = CliRunner(mix_stderr=False)
    assert "words" not in runner.invoke(main, ["--help"]).stdout
    monkeypatch.setattr(main, "commands", dict(main.commands))  # forget it once loaded
    monkeypatch.setitem(COMMANDS, "words", (words_command.__name__, words_command.SHORT_HELP))
    listed = runner.invoke(main, ["--help"]).stdout
    assert f"  words     {words_command.SHORT_HELP}" in listed
    result = runner.invoke(main, ["words", str(article)])
    assert result.exit_code == 0, result.stderr
    spoken = runner.invoke(main, ["script", str(article)]).stdout
    assert result.stdout == f"{len(spoken.split())} words\n"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_loaded_first_says_nothing_on_stderr(name, tmp_path):
    """Each command's module loads its libraries in its own order: none may warn on the way
    (pydub warns when no ffmpeg is on PATH unless narrate._pydub imports it)."""
    env = {**os.environ, "PATH": os.path.dirname(sys.executable)}  # no system ffmpeg
    result = subprocess.run([sys.executable, "-m", "narrate", name, "--help"], env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0 and result.stderr == ""
    if name == "script":
        spoken = subprocess.run([sys.executable, "-m", "narrate", "script", "-"], env=env,
                                input="Hello there.\n", capture_output=True, text=True)  # fmt: skip
        assert spoken.returncode == 0 and spoken.stderr == ""
        assert "Hello there." in spoken.stdout
