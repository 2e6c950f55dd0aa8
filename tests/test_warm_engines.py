"""The engine behind "hear this sentence" stays loaded between calls in one process
(narrate.warm_engines): a new sentence is spoken without loading the voice again."""

from __future__ import annotations

import threading

import pytest

from narrate import api, warm_engines
from narrate.engines import ENGINES, EngineOptions
from narrate.engines import choose as choose_module
from narrate.errors import BadOption, EngineError
from tests.tone_engine import ToneEngine


class LoadingTone(ToneEngine):
    """The tone voice, "loaded" by each new engine before it first speaks, as a real voice
    model is; counts the loads in this process."""

    name = "tone-loading"
    loads = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._loaded = False

    def load(self) -> None:
        if not self._loaded:
            self._loaded = True
            LoadingTone.loads += 1

    def synthesize(self, text: str):
        self.load()
        return super().synthesize(text)


@pytest.fixture
def loading_tone(monkeypatch):
    monkeypatch.setitem(ENGINES, LoadingTone.name, LoadingTone)
    monkeypatch.setattr(warm_engines, "_engines", {})
    monkeypatch.setattr(LoadingTone, "loads", 0)
    return LoadingTone


def _options(tmp_path, **choice) -> api.BuildOptions:
    return api.BuildOptions(
        engine=api.EngineChoice(name="tone-loading", **choice), cache_dir=tmp_path / "cache"
    )


def test_a_second_new_sentence_does_not_load_the_voice_again(loading_tone, tmp_path) -> None:
    options = _options(tmp_path)
    first = api.hear("We open at nine.", "en", options)
    second = api.hear("The garage is on the north side.", "en", options)
    assert first != second and first.read_bytes()[:4] == second.read_bytes()[:4] == b"RIFF"
    assert loading_tone.loads == 1
    assert ToneEngine.calls[-2:] == ["We open at nine.", "The garage is on the north side."]


def test_another_voice_or_rate_gets_an_engine_of_its_own(loading_tone, tmp_path) -> None:
    api.hear("We open at nine.", "en", _options(tmp_path))
    api.hear("The desk answers at eight.", "en", _options(tmp_path, rate=1.5))
    api.hear("We open at nine.", "de", _options(tmp_path))
    api.hear("Parking is free.", "de", _options(tmp_path))
    assert loading_tone.loads == 3


def test_auto_is_decided_once_and_asked_again_later(monkeypatch) -> None:
    monkeypatch.setattr(warm_engines, "_engines", {})
    asked: list[str] = []

    def choose(name, options, settings):
        asked.append(name)
        return ToneEngine(options), "chosen"

    monkeypatch.setattr(choose_module, "choose_engine", choose)
    options = EngineOptions(language="en")
    first = warm_engines.warm_engine("auto", options)
    assert warm_engines.warm_engine("auto", options) is first and asked == ["auto"]
    monkeypatch.setattr(warm_engines, "AUTO_RECHECK_S", 0.0)
    assert warm_engines.warm_engine("auto", options) is not first and asked == ["auto", "auto"]


def test_the_voice_can_be_loaded_ahead_of_the_first_sentence(loading_tone, tmp_path) -> None:
    options = _options(tmp_path)
    loading = api.prepare_hear("en", options)
    assert loading is not None
    loading.join(timeout=30)
    assert loading_tone.loads == 1  # loaded before anything was heard
    api.hear("We open at nine.", "en", options)
    assert loading_tone.loads == 1


def test_an_engine_that_cannot_load_ahead_fails_when_heard(monkeypatch, tmp_path) -> None:
    escaped: list[object] = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    broken = api.BuildOptions(engine=api.EngineChoice(name="tone-loading", voice="x"))
    monkeypatch.setitem(ENGINES, "tone-loading", BrokenTone)
    api.prepare_hear("en", broken).join(timeout=30)
    assert escaped == []  # its failure was not raised on the thread
    options = api.BuildOptions(engine=api.EngineChoice(name="nope"), cache_dir=tmp_path)
    assert api.prepare_hear("en", options) is None  # no engine of that name to load
    with pytest.raises(BadOption, match="nope"):
        api.hear("We open at nine.", "en", options)


class BrokenTone(ToneEngine):
    """A voice that cannot be made here."""

    name = "tone-loading"

    def __init__(self, *args, **kwargs) -> None:
        raise EngineError("no voice x here")


@pytest.mark.parametrize("name", ["auto", "gtts"])
def test_loading_ahead_sends_nothing_over_the_network(monkeypatch, name) -> None:
    made: list[str] = []
    monkeypatch.setattr(warm_engines, "_engines", {})
    monkeypatch.setattr(warm_engines, "warm_engine", lambda name, *_: made.append(name))
    loading = api.prepare_hear("en", api.BuildOptions(engine=api.EngineChoice(name=name)))
    if loading is not None:
        loading.join(timeout=30)
    assert made == (["piper"] if name == "auto" else [])  # auto's offline fallback, loaded
