"""Bilingual hold messages as a clinic's phone administrator makes them: two articles, one per
language, built together into one loop whose messages alternate the languages."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from narrate import api
from narrate.errors import BadOption, OutputError
from tests.helpers import narrate_process
from tests.tone_engine import pitch_of

FIXTURES = Path(__file__).parent / "fixtures" / "phone"
EN, ES = FIXTURES / "hold-en.md", FIXTURES / "hold-es.md"
WINDOW_S, HOP_S = 0.1, 0.05


def _build(out: Path, *args: str):
    return narrate_process("build", *args, "--profile", "phone", "--engine", "tone",
                           "-o", str(out), module="tests.tone_cli")  # fmt: skip


def _pitches_by_message(band_top_hz: float) -> dict[float, int]:
    """Each tone pitch the loop should hold, and its message's place in the loop (en 1, es 1,
    en 2, es 2...): a pitch heard in two messages, or above the band, tells nothing."""
    found: dict[float, set[int]] = {}
    for turn, article in enumerate((EN, ES)):
        for cue in api.script(article, api.ReadOptions(profile="phone")).cues:
            found.setdefault(pitch_of(cue.spoken), set()).add(2 * cue.chapter + turn)
    return {p: places.pop() for p, places in found.items() if len(places) == 1
            and p < band_top_hz - 200}  # fmt: skip


def _first_heard(path: Path, pitches: list[float]) -> dict[float, float]:
    """When (s) each pitch is first the strongest tone in the decoded WAV at `path`."""
    with wave.open(str(path)) as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
    size, hop = int(WINDOW_S * rate), int(HOP_S * rate)
    heard: dict[float, float] = {}
    for start in range(0, len(x) - size, hop):
        window = x[start : start + size]
        if np.sqrt(np.mean(window**2)) < 300:  # silence between cues
            continue
        spectrum = np.abs(np.fft.rfft(window * np.hanning(size)))
        hz = np.fft.rfftfreq(size, 1 / rate)[int(np.argmax(spectrum))]
        for p in pitches:
            if abs(hz - p) < 20:
                heard.setdefault(p, start / rate)
    return heard


def test_together_gives_one_loop_alternating_the_languages(tmp_path):
    done = _build(tmp_path, str(EN), str(ES), "--together")
    assert done.returncode == 0, done.stderr
    en, es, loop = (Path(line) for line in done.stdout.split())
    assert (en.name, es.name) == ("clinic-hold-messages.phone",
                                  "mensajes-de-espera-de-la-clinica.phone")  # fmt: skip
    assert loop == tmp_path / "clinic-hold-messages+mensajes-de-espera-de-la-clinica.phone"
    index = json.loads((loop / "index.json").read_text(encoding="utf-8"))
    assert index["languages"] == ["en", "es"]
    assert [m["language"] for m in index["messages"]] == ["en", "es"] * 3
    assert [m["title"] for m in index["messages"]] == [
        "Opening hours", "Horario de atención", "Prescriptions", "Recetas",
        "About this audio", "Acerca de este audio",
    ]  # fmt: skip
    for n, message in enumerate(index["messages"], start=1):
        assert message["name"].startswith(f"{n:02d}-{message['language']}-")
        for file in message["files"]:
            assert Path(file).name.startswith(message["name"] + ".")
            assert (loop / file).is_file()
    # Asterisk's sort=alpha plays the messages folder in the loop's order
    wavs = sorted((loop / "messages").glob("*.wav"))
    assert [w.stem for w in wavs] == [m["name"] for m in index["messages"]]
    for wav in wavs:
        with wave.open(str(wav)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
    # the whole loop as one file: the messages' samples joined, in every format
    assert sorted(index["loop"]["files"]) == sorted(
        f"hold-loop.en-es{suffix}"
        for suffix in (".wav", ".ulaw", ".alaw", ".sln", ".mulaw.wav", ".sln16", ".wav16")
    )
    raw = (loop / "hold-loop.en-es.ulaw").read_bytes()
    assert raw == b"".join((loop / "messages" / f"{m['name']}.ulaw").read_bytes()
                           for m in index["messages"])  # fmt: skip
    whole = loop / "hold-loop.en-es.wav"
    with wave.open(str(whole)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        assert abs(w.getnframes() / 8 - index["loop"]["duration_ms"]) <= 5
    # heard: each message's tones come after the previous message's (en, es, en, es...)
    for path, top_hz, every_message in ((whole, 3400, False),
                                        (loop / "hold-loop.en-es.wav16", 7000, True)):  # fmt: skip
        expected = _pitches_by_message(top_hz)
        heard = _first_heard(path, list(expected))
        assert set(heard) == set(expected), path.name
        places = [expected[p] for p in sorted(heard, key=heard.__getitem__)]
        assert places == sorted(places), path.name
        if every_message:
            assert set(places) == set(range(6))
    conf = (loop / "musiconhold.conf.example").read_text(encoding="utf-8")
    assert "directory=/var/lib/asterisk/moh/clinic-hold-messages-mensajes" in conf
    assert ".tmp-" not in conf


def test_without_together_nothing_changes(tmp_path):
    one = _build(tmp_path, str(EN))
    assert one.returncode == 0, one.stderr
    assert one.stdout.split() == [str(tmp_path / "clinic-hold-messages.phone")]
    assert [p.name for p in tmp_path.iterdir()] == ["clinic-hold-messages.phone"]
    both = _build(tmp_path / "both", str(EN), str(ES))
    assert both.returncode == 2
    assert both.stderr.strip().splitlines() == [
        "Error: the articles are in en, es: build them apart, or as one phone hold "
        "loop with --profile phone --together"
    ]
    assert not any((tmp_path / "both").rglob("*"))  # no edition, no loop


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((str(EN), "--together"), "--together alternates two or more articles"),
        ((str(EN), str(ES), "--together", "--profile", "podcast"),
         "--together makes one hold loop of phone editions, not of --profile podcast"),
        ((str(EN), str(ES), "--together", "--cluster", "local:1"),
         "--together builds here"),
    ],
    ids=["one-article", "podcast", "cluster"],
)  # fmt: skip
def test_together_that_cannot_work_is_one_line(tmp_path, args, message):
    out = tmp_path / "out"
    result = narrate_process("build", *args, "--engine", "tone", "-o", str(out),
                             *(() if "--profile" in args else ("--profile", "phone")),
                             module="tests.tone_cli")  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not out.exists()


def test_a_loop_that_cannot_be_written_leaves_nothing_half_written(tmp_path, tone_calls):
    options = api.BuildOptions(profile="phone", out_dir=tmp_path, formats=("wav",),
                               engine=api.EngineChoice("tone"))  # fmt: skip
    built = [e for p in api.prepare_together([EN, ES], options)
             for e in api.build_prepared(p, options)]  # fmt: skip
    message = built[1].folder / built[1].manifest.phone["messages"][1]["files"][0]
    message.unlink()  # a phone edition changed under the loop
    with pytest.raises(OutputError, match="cannot write the hold loop") as error:
        api.hold_loop(built, options)
    assert message.name in str(error.value) and "\n" not in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [e.folder.name for e in built]


def test_together_writes_its_loop_in_a_folder_not_a_bucket():
    options = api.BuildOptions(profile="phone", out_dir="s3://editions/clinic")
    with pytest.raises(BadOption, match="give a folder as -o"):
        api.prepare_together([EN, ES], options)
