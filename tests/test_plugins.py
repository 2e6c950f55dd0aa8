"""A new audio format and a new engine are each one module with one registry line: both
build real editions (tests/plugins/)."""

from __future__ import annotations

import importlib
import json
import sys

import numpy as np
import pytest
from click.testing import CliRunner

import narrate
from narrate.engines.base import ENGINES
from narrate.ffmpeg import decode
from narrate.loudness import measure
from narrate.writers.base import WRITERS
from tests.helpers import dominant_hz, tiny_article_text
from tests.tone_engine import pitch_of, sound_ms


@pytest.fixture
def plugin():
    """Import a plug-in module from tests/plugins (registering it); unregister it after."""
    loaded = []

    def load(name: str):
        module = importlib.import_module(f"tests.plugins.{name}")
        loaded.append(module)
        return module

    yield load
    for module in loaded:
        for writer in ("FlacWriter", "GreetingWriter"):
            WRITERS.pop(getattr(getattr(module, writer, None), "format", ""), None)
        ENGINES.pop(getattr(getattr(module, "ClickEngine", None), "name", ""), None)
        sys.modules.pop(module.__name__, None)


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(tiny_article_text(), encoding="utf-8")
    return path


def test_a_toy_audio_format_builds_mastered_and_listed(plugin, tiny, tmp_path, tone_calls):
    plugin("flac_writer")
    options = narrate.BuildOptions(
        out_dir=tmp_path / "out", engine=narrate.EngineChoice("tone"), formats=("mp3", "flac")
    )
    (edition,) = narrate.build([tiny], options)
    flac = edition.folder / "tiny-article.flac"
    manifest = json.loads((edition.folder / "manifest.json").read_text())
    assert manifest["files"]["flac"] == "tiny-article.flac"
    assert abs(len(decode(flac)) - edition.timeline.duration_ms) <= 30
    assert abs(measure(flac).integrated_lufs - -16.0) <= 0.5, "mastered in the render pass"
    assert not list(edition.folder.glob(".*"))
    again = narrate.build([tiny], options)[0]
    assert again.rendered is False, "its encoding kept by the mastering memo, like the MP3's"
    assert decode(flac).raw_data == decode(again.folder / "tiny-article.flac").raw_data


def test_a_toy_writer_gets_the_line_it_declares_spoken_by_the_run_engine(
    plugin, tiny, tmp_path, tone_calls
):
    module = plugin("greeting_writer")
    options = narrate.BuildOptions(
        out_dir=tmp_path / "out", engine=narrate.EngineChoice("tone"), formats=("mp3", "greeting")
    )
    (edition,) = narrate.build([tiny], options)
    greeting = decode(edition.folder / "tiny-article.greeting.wav")
    assert module.GREETING in tone_calls, "said by the run's engine"
    assert abs(dominant_hz(greeting) - pitch_of(module.GREETING)) < 15
    assert abs(len(greeting) - sound_ms(module.GREETING)) <= 60, "trimmed to the line"
    assert json.loads((edition.folder / "manifest.json").read_text())["files"]["greeting"]


def test_a_toy_audio_format_is_offered_to_format(plugin):
    with pytest.raises(narrate.errors.BadOption, match="'flac'; choose from mp3, m4b, epub$"):
        narrate.BuildOptions(formats=("flac",)).validate()
    plugin("flac_writer")
    narrate.BuildOptions(formats=("flac",)).validate()


def test_a_toy_engine_builds_an_edition_through_the_cli(plugin, tiny, tmp_path):
    from narrate.cli import main  # imported before the engine is registered

    plugin("click_engine")
    out = tmp_path / "out"
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", str(tiny), "--engine", "click", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert "engine: click (chosen)" in result.stderr
    manifest = json.loads((out / "tiny-article" / "manifest.json").read_text())
    assert manifest["engine"]["name"] == "click"
    assert [c["title"] for c in manifest["chapters"]] == [
        "Tiny Article", "First Heading", "Second Heading", "About this audio",
    ]  # fmt: skip
    assert len(decode(out / "tiny-article" / "tiny-article.mp3")) == manifest["duration_ms"]


def test_a_toy_engine_brings_its_own_flag_to_the_cli(plugin, tiny, tmp_path):
    from narrate.cli import main  # imported before the engine is registered

    assert "--click-hz" not in CliRunner().invoke(main, ["build", "--help"]).output
    plugin("click_engine")
    assert "--click-hz" in CliRunner().invoke(main, ["build", "--help"]).output
    out = tmp_path / "out"
    args = ["build", str(tiny), "--engine", "click", "--click-hz", "1000", "-o", str(out)]
    result = CliRunner(mix_stderr=False).invoke(main, args)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "tiny-article" / "manifest.json").read_text())
    assert manifest["engine"]["hz"] == "1000"
    audio = decode(out / "tiny-article" / "tiny-article.mp3")
    samples = np.array(audio.get_array_of_samples(), dtype=float)
    spectrum = np.abs(np.fft.rfft(samples))
    loudest_hz = np.argmax(spectrum) * audio.frame_rate / len(samples)
    assert abs(loudest_hz - 1000) < 10, "the clicks sound at the pitch asked for"
    bad = CliRunner(mix_stderr=False).invoke(main, [*args, "--click-hz", "9000", "--overwrite"])
    assert bad.exit_code == 2 and "--click-hz" in bad.stderr


def test_a_toy_audio_format_brings_its_own_flag_to_the_cli(plugin, tiny, tmp_path, tone_calls):
    from narrate.cli import main  # imported before the writer is registered

    assert "--flac-level" not in CliRunner().invoke(main, ["build", "--help"]).output
    plugin("flac_writer")
    assert "--flac-level" in CliRunner().invoke(main, ["build", "--help"]).output
    flacs = {}
    for level in (0, 12):
        out = tmp_path / f"level-{level}"
        args = ["build", str(tiny), "--engine", "tone", "--format", "mp3,flac", "-o", str(out)]
        result = CliRunner(mix_stderr=False).invoke(main, [*args, "--flac-level", str(level)])
        assert result.exit_code == 0, result.stderr
        flacs[level] = out / "tiny-article" / "tiny-article.flac"
    assert flacs[12].stat().st_size < flacs[0].stat().st_size, "compressed harder at 12"
    assert decode(flacs[0]).raw_data == decode(flacs[12]).raw_data, "the same audio, lossless"
    bad = CliRunner(mix_stderr=False).invoke(main, [*args, "--flac-level", "13", "--overwrite"])
    assert bad.exit_code == 2 and "--flac-level" in bad.stderr
    phone = ["build", str(tiny), "--engine", "tone", "--profile", "phone", "--flac-level", "3"]
    refused = CliRunner(mix_stderr=False).invoke(main, [*phone, "-o", str(tmp_path / "phone")])
    assert refused.exit_code != 0
    assert "--flac-level does not apply to --profile phone" in refused.stderr
