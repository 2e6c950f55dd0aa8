"""Which Piper voice speaks: by --voice (a catalogue name once added, or a path), else by the
article's language among the voices added here; --speaker for multi-speaker voices."""

from __future__ import annotations

import json

import pytest

from narrate.engines.piper import DEFAULT_VOICE, PiperEngine, PiperOptions, voice_for_language
from narrate.errors import EngineError
from narrate.voices import catalogue_voices, installed_voices, suggested_voice
from narrate.voices.catalogue import find_voice
from narrate.voices.store import ENTRY_NAME, remove_voice
from tests.voice_server import JOE_FILES


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data" / "voices"


def install(store, name, *, speakers=None):
    """Put the bundled voice in the store as the catalogue's `name` (links, not copies), as
    `narrate voices --add` leaves it, with `speakers` in its config when given."""
    voice = find_voice(name)
    folder = store / name
    folder.mkdir(parents=True)
    for suffix, path in JOE_FILES.items():
        target = folder / ("MODEL_CARD" if suffix == "MODEL_CARD" else f"{name}{suffix}")
        target.symlink_to(path)
    entry = voice.to_entry()
    sizes = {f"{name}{s}" if s != "MODEL_CARD" else s: p.stat().st_size
             for s, p in JOE_FILES.items()}  # fmt: skip
    for path, file in entry["files"].items():
        file["size_bytes"] = sizes[path.rsplit("/", 1)[-1]]
    if speakers:
        config = json.loads(JOE_FILES[".onnx.json"].read_text())
        config.update(num_speakers=len(speakers), speaker_id_map=speakers)
        (folder / f"{name}.onnx.json").unlink()
        (folder / f"{name}.onnx.json").write_text(json.dumps(config))
        entry["files"][next(p for p in entry["files"] if p.endswith(".onnx.json"))][
            "size_bytes"] = (folder / f"{name}.onnx.json").stat().st_size  # fmt: skip
    (folder / ENTRY_NAME).write_text(json.dumps(entry))
    return folder


def test_english_takes_the_bundled_voice_whatever_is_installed(store):
    install(store, "en_GB-alan-medium")
    assert voice_for_language("en") == DEFAULT_VOICE
    assert voice_for_language("en-GB") == DEFAULT_VOICE


def test_a_language_takes_an_installed_voice_of_its_region_first(store):
    install(store, "es_ES-davefx-medium")
    install(store, "es_MX-claude-high")
    assert voice_for_language("es-MX") == "es_MX-claude-high"
    assert voice_for_language("es_ES") == "es_ES-davefx-medium"
    assert voice_for_language("es-AR") in {"es_ES-davefx-medium", "es_MX-claude-high"}
    assert [v.name for v in installed_voices("es")] == ["es_ES-davefx-medium", "es_MX-claude-high"]
    assert installed_voices("fr") == []


def test_without_an_installed_voice_one_line_names_the_add_that_gives_one(store):
    with pytest.raises(EngineError) as raised:
        voice_for_language("es-MX")
    assert str(raised.value) == (
        "no piper voice for 'es-MX' is installed: run `narrate voices --add es_MX-ald-medium` "
        "(or see `narrate voices --all --lang es`)")  # fmt: skip
    with pytest.raises(EngineError, match="piper has no voice for 'tlh'; use --engine gtts"):
        voice_for_language("tlh")


def test_every_catalogue_language_has_a_suggestion_of_that_language():
    for voice in catalogue_voices():
        suggestion = suggested_voice(voice.language)
        assert suggestion is not None and suggestion.family == voice.family
        assert not suggestion.speakers or all(v.speakers for v in catalogue_voices(voice.family))


def test_the_engine_picks_the_installed_voice_for_the_article_language(store):
    install(store, "es_MX-claude-high")
    engine = PiperEngine(PiperOptions(language="es"))
    assert engine.info().voice == "es_MX-claude-high"


def test_a_voice_of_another_language_than_the_article_is_refused(store):
    install(store, "es_MX-claude-high")
    with pytest.raises(EngineError, match="speaks es_MX, not 'en'"):
        PiperEngine(PiperOptions(language="en", voice="es_MX-claude-high"))
    with pytest.raises(EngineError, match="speaks en_US, not 'de'"):
        PiperEngine(PiperOptions(language="de", voice=str(JOE_FILES[".onnx"])))


def test_a_catalogue_voice_not_added_says_how_to_add_it_and_an_unknown_one_what_to_use(store):
    with pytest.raises(EngineError, match=r"not installed: run `narrate voices --add es_MX-ald"):
        PiperEngine(PiperOptions(language="es", voice="es_MX-ald-medium"))
    with pytest.raises(EngineError, match="unknown piper voice 'nobody'"):
        PiperEngine(PiperOptions(language="es", voice="nobody"))


def test_a_damaged_voice_is_not_used(store):
    folder = install(store, "es_MX-claude-high")
    model = folder / "es_MX-claude-high.onnx"
    model.unlink()
    model.write_bytes(b"half a model")
    with pytest.raises(EngineError, match="is damaged .* has 12 bytes"):
        PiperEngine(PiperOptions(language="es"))


def test_a_speaker_is_taken_by_name_or_number_and_changes_the_cache_key(store):
    install(store, "en_GB-vctk-medium", speakers={"p239": 0, "p240": 1})
    by_name = PiperEngine(PiperOptions(language="en", voice="en_GB-vctk-medium", speaker="p240"))
    by_number = PiperEngine(PiperOptions(language="en", voice="en_GB-vctk-medium", speaker="1"))
    first = PiperEngine(PiperOptions(language="en", voice="en_GB-vctk-medium", speaker="p239"))
    assert by_name.speaker_id == by_number.speaker_id == 1
    assert by_name.cache_key("Hello.") == by_number.cache_key("Hello.")
    assert first.cache_key("Hello.") != by_name.cache_key("Hello.")
    with pytest.raises(EngineError, match="has no speaker 'p999'; give a number below 2 or a name"):
        PiperEngine(PiperOptions(language="en", voice="en_GB-vctk-medium", speaker="p999"))
    with pytest.raises(EngineError, match="has one speaker; drop --speaker 2"):
        PiperEngine(PiperOptions(language="en", speaker="2"))


def test_installed_voices_are_listed_by_the_engine_and_removed(store):
    install(store, "es_MX-claude-high")
    assert [v.id for v in PiperEngine.voices()] == [DEFAULT_VOICE, "es_MX-claude-high"]
    remove_voice("es_MX-claude-high")
    assert not (store / "es_MX-claude-high").exists()
    assert [v.id for v in PiperEngine.voices()] == [DEFAULT_VOICE]


def test_an_added_voice_replaced_by_another_model_has_new_cache_keys(store):
    folder = install(store, "es_MX-claude-high")
    before = PiperEngine(PiperOptions(language="es")).cache_key("Hola.")
    entry = json.loads((folder / ENTRY_NAME).read_text())
    model = next(path for path in entry["files"] if path.endswith(".onnx"))
    entry["files"][model]["md5_digest"] = "f" * 32  # as a re-added, changed voice's would be
    (folder / ENTRY_NAME).write_text(json.dumps(entry))
    assert PiperEngine(PiperOptions(language="es")).cache_key("Hola.") != before
    assert PiperEngine(PiperOptions(language="en")).info().extra == {"rate": "1"}  # bundled
