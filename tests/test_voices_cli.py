"""`narrate voices`: Piper's catalogue offline, and --add/--remove against a stand-in of the
voices repository on 127.0.0.1 (tests/voice_server.py), run as users run them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from narrate.voices.download import CHUNK  # whole chunks: what a broken transfer keeps
from tests import voice_server
from tests.helpers import narrate_process
from tests.voice_server import (
    ENGLISH,
    GOOD,
    JOE,
    MISSING,
    SLOW,
    TRUNCATED,
    WRONG_DIGEST,
)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("NARRATE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def stand_in(data_dir, monkeypatch):
    state = voice_server.serve()
    monkeypatch.setenv("NARRATE_VOICES_URL", state.url)
    yield state
    state.stop()


def _leftovers(data_dir):
    """Files under the voices folder outside .partial/ that are not a finished voice's."""
    voices = data_dir / "voices"
    return sorted(str(p.relative_to(voices)) for p in voices.rglob("*.part"))


def piper_lines(listing: str) -> list[str]:
    """The lines of `narrate voices --all` for Piper's catalogue (Kokoro's say "kokoro")."""
    return [line for line in listing.splitlines() if " kokoro " not in line]


def test_the_whole_catalogue_is_listed_offline_and_by_language(data_dir):
    everything = narrate_process("voices", "--all")
    assert everything.returncode == 0, everything.stderr
    names = [line.split()[0] for line in everything.stdout.splitlines()]
    kokoro = [line.split()[0] for line in everything.stdout.splitlines() if " kokoro " in line]
    assert len(names) == 124 + 54 and len(kokoro) == 54  # Piper's catalogue, then Kokoro's
    assert "es_MX-claude-high" in names and "en_US-joe-medium" in names and "af_heart" in kokoro
    spanish = narrate_process("voices", "--all", "--lang", "es")
    lines = spanish.stdout.splitlines()
    assert {line.split()[0] for line in lines} == {
        "es_ES-carlfm-x_low", "es_ES-davefx-medium", "es_ES-mls_10246-low", "es_ES-mls_9972-low",
        "es_ES-sharvard-medium", "es_MX-ald-medium", "es_MX-claude-high",
        "ef_dora", "em_alex", "em_santa",  # Kokoro's
    }  # fmt: skip
    assert any("2 speakers" in line for line in lines if line.startswith("es_ES-sharvard"))
    mexican = narrate_process("voices", "--all", "--lang", "es-MX")
    assert [line.split()[0] for line in mexican.stdout.splitlines()] == [
        "es_MX-ald-medium", "es_MX-claude-high"]  # fmt: skip


def test_a_language_the_catalogue_lacks_is_one_line_and_a_usage_error(data_dir):
    result = narrate_process("voices", "--all", "--lang", "tlh")
    assert result.returncode == 2
    assert "no voice of 'tlh' in Piper's or Kokoro's catalogue" in result.stderr
    assert "Traceback" not in result.stderr


def test_refresh_fetches_the_current_index_and_the_catalogue_is_then_its(stand_in, data_dir):
    result = narrate_process("voices", "--refresh", "--all")
    assert result.returncode == 0, result.stderr
    assert "voices index refreshed: 6 voices" in result.stderr
    assert {line.split()[0] for line in piper_lines(result.stdout)} == set(
        voice_server.BEHAVIOURS)
    assert ("/voices.json", None) in stand_in.requests


def test_a_refresh_that_is_not_an_index_keeps_the_old_one(stand_in, data_dir):
    stand_in.index_body = b"<html>maintenance</html>"
    result = narrate_process("voices", "--refresh")
    assert result.returncode != 0
    assert "not a Piper voices index" in result.stderr
    assert not (data_dir / "voices" / "voices.json").exists()
    assert len(piper_lines(narrate_process("voices", "--all").stdout)) == 124


def _build(tmp_path, *options):
    """`narrate build` of a two-sentence note with piper and `options`, into tmp_path/out."""
    article = tmp_path / "note.txt"
    article.write_text("A Note\n\nThe clinic opens at nine. Bring your card.\n")
    return narrate_process("build", str(article), "--engine", "piper", "--deterministic",
                           "-o", str(tmp_path / "out"), "--quiet", *options)  # fmt: skip


def _refresh():
    refreshed = narrate_process("voices", "--refresh")
    assert refreshed.returncode == 0, refreshed.stderr


@pytest.mark.slow
def test_an_added_voice_is_checked_installed_listed_and_removed(stand_in, data_dir):
    _refresh()
    added = narrate_process("voices", "--add", GOOD)
    assert added.returncode == 0, added.stderr
    folder = data_dir / "voices" / GOOD
    model = folder / f"{GOOD}.onnx"
    assert hashlib.md5(model.read_bytes()).digest() == hashlib.md5(JOE.read_bytes()).digest()
    assert (folder / f"{GOOD}.onnx.json").is_file() and (folder / "MODEL_CARD").is_file()
    assert json.loads((folder / "voice.json").read_text())["language"]["code"] == "es_MX"
    listed = narrate_process("voices", "--engine", "piper")
    assert GOOD in listed.stdout and "es-MX" in listed.stdout
    assert "installed" in narrate_process("voices", "--all", "--lang", "es").stdout
    again = narrate_process("voices", "--add", GOOD)  # already there: nothing fetched
    assert again.returncode == 0
    assert sum(path.endswith(".onnx") for path, _ in stand_in.requests) == 1
    removed = narrate_process("voices", "--remove", GOOD)
    assert removed.returncode == 0, removed.stderr
    assert not folder.exists()
    assert GOOD not in narrate_process("voices", "--engine", "piper").stdout


def test_removing_a_voice_that_is_not_there_is_one_line(data_dir):
    result = narrate_process("voices", "--remove", GOOD)
    assert result.returncode == 2
    assert f"'{GOOD}' is not an installed voice" in result.stderr


def test_a_name_the_catalogue_lacks_is_refused_with_the_nearest(stand_in, data_dir):
    result = narrate_process("voices", "--add", "es_MX-claude-hgh")
    assert result.returncode == 2
    assert "did you mean es_MX-claude-high" in result.stderr
    assert stand_in.requests == []


@pytest.mark.slow
def test_a_wrong_digest_is_refused_and_nothing_is_kept(stand_in, data_dir, tmp_path):
    _refresh()
    result = narrate_process("voices", "--add", WRONG_DIGEST)
    assert result.returncode == 1
    assert "wrong MD5 digest" in result.stderr and "Traceback" not in result.stderr
    assert not (data_dir / "voices" / WRONG_DIGEST).exists()
    assert _leftovers(data_dir) == []
    assert WRONG_DIGEST not in narrate_process("voices").stdout
    used = _build(tmp_path, "--voice", WRONG_DIGEST, "--lang", "de")
    assert used.returncode == 2 and f"voices --add {WRONG_DIGEST}" in used.stderr


def test_a_missing_file_is_a_404_named_in_one_line(stand_in, data_dir):
    _refresh()
    result = narrate_process("voices", "--add", MISSING)
    assert result.returncode == 1
    assert "HTTP 404: no such file in the voices repository" in result.stderr
    assert not (data_dir / "voices" / MISSING).exists()


def test_a_slow_server_times_out_with_the_reason(stand_in, data_dir):
    _refresh()
    stand_in.delay_s = 3.0
    result = narrate_process("voices", "--add", SLOW, "--timeout", "0.5")
    assert result.returncode == 1
    assert "no answer within 0.5 s" in result.stderr
    assert not (data_dir / "voices" / SLOW).exists()


@pytest.mark.slow
def test_an_interrupted_transfer_resumes_where_it_stopped(stand_in, data_dir):
    _refresh()
    stand_in.cut, stand_in.cut_times = 80 * CHUNK, 1
    result = narrate_process("voices", "--add", TRUNCATED)
    assert result.returncode == 0, result.stderr
    model = f"{TRUNCATED}.onnx"
    ranges = [rng for path, rng in stand_in.requests if path.endswith(model)]
    assert ranges[0] is None and ranges[1] == f"bytes={80 * CHUNK}-"
    installed = data_dir / "voices" / TRUNCATED / model
    assert hashlib.md5(installed.read_bytes()).digest() == hashlib.md5(JOE.read_bytes()).digest()


@pytest.mark.slow
def test_a_truncated_download_is_never_used_and_the_next_add_resumes_it(
    stand_in, data_dir, tmp_path
):
    _refresh()
    stand_in.cut, stand_in.cut_times = 40 * CHUNK, 3  # every attempt of this run breaks
    result = narrate_process("voices", "--add", TRUNCATED)
    assert result.returncode == 1
    assert f"the transfer broke off at {120 * CHUNK} of" in result.stderr
    assert "run the same command again to resume it" in result.stderr
    assert not (data_dir / "voices" / TRUNCATED).exists()
    assert TRUNCATED not in narrate_process("voices").stdout
    used = _build(tmp_path, "--voice", TRUNCATED, "--lang", "it")
    assert used.returncode == 2 and f"voices --add {TRUNCATED}" in used.stderr
    # The next --add asks only for the rest.
    again = narrate_process("voices", "--add", TRUNCATED)
    assert again.returncode == 0, again.stderr
    ranges = [rng for path, rng in stand_in.requests if path.endswith(f"{TRUNCATED}.onnx")]
    assert ranges[-1] == f"bytes={120 * CHUNK}-"
    installed = data_dir / "voices" / TRUNCATED / f"{TRUNCATED}.onnx"
    assert hashlib.md5(installed.read_bytes()).digest() == hashlib.md5(JOE.read_bytes()).digest()


@pytest.mark.slow
def test_an_added_voice_builds_an_edition_offline(stand_in, data_dir, tmp_path):
    _refresh()
    assert narrate_process("voices", "--add", ENGLISH).returncode == 0
    stand_in.stop()  # offline from here on
    built = _build(tmp_path, "--voice", ENGLISH)
    assert built.returncode == 0, built.stderr
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text())
    assert ENGLISH in json.dumps(manifest)


def _canaries(tmp_path, data_dir):
    """Folders a path-shaped voice name would reach: beside the data folder, the voices folder
    itself, an unfinished download, and Kokoro's pack."""
    outside = tmp_path / "victim"
    for folder in (outside, data_dir / "voices" / ".partial" / "x", data_dir / "kokoro"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "keep").write_text("mine")
    return outside


UNSAFE_NAMES = ["..", "", ".", "/tmp/victim", "../victim", "../../victim", "../../kokoro",
                "a/b", "x\\y", ".partial", "..\\..\\victim", "en_US-joe-medium/..", " ",
                "voice\nname", "%2e%2e", "~"]  # fmt: skip


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_a_name_that_is_not_a_voices_deletes_nothing(tmp_path, data_dir, name):
    outside = _canaries(tmp_path, data_dir)
    name = name.replace("/tmp/victim", str(outside))
    result = narrate_process("voices", "--remove", name)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    kept = [outside, data_dir / "voices" / ".partial" / "x", data_dir / "kokoro"]
    assert all((folder / "keep").read_text() == "mine" for folder in kept)


@pytest.mark.parametrize("name", ["../evil", "..", "a/../../evil"])
def test_an_index_naming_a_voice_or_file_by_a_path_is_refused_whole(stand_in, data_dir, name):
    """A hostile or broken voices index cannot make --add write outside the voices folder:
    a voice name or a file path with a path in it makes the whole index unreadable."""
    entry = dict(voice_server.index()[GOOD])
    evil = {name: {**entry, "key": name}}
    stand_in.index_body = json.dumps({**voice_server.index(), **evil}).encode()
    refreshed = narrate_process("voices", "--refresh")
    assert refreshed.returncode != 0 and "not a Piper voices index" in refreshed.stderr
    files = {f"{name}/x.onnx" if k.endswith(".onnx") else k: v for k, v in entry["files"].items()}
    stand_in.index_body = json.dumps({**voice_server.index(), GOOD: {**entry, "files": files}})\
        .encode()
    refreshed = narrate_process("voices", "--refresh")
    assert refreshed.returncode != 0 and "not a Piper voices index" in refreshed.stderr
    assert not (tmp := data_dir.parent / "evil").exists(), tmp


@pytest.mark.slow
def test_a_spanish_page_is_built_offline_with_the_spanish_voice_added_from_the_catalogue(
    stand_in, data_dir, tmp_path
):
    """Issue 29's clinic: a Spanish page (no `lang`), Piper, and a Spanish voice added from the
    catalogue's stand-in; offline, the build picks that voice by the page's language and what
    it is given to say is Spanish, with nothing English (the stand-in's voice is joe's model
    under a Spanish name, so the pipeline is tested here, not the sound)."""
    page = Path(__file__).resolve().parent / "fixtures" / "articles" / "clinica-es.html"
    _refresh()
    assert narrate_process("voices", "--add", GOOD).returncode == 0
    stand_in.stop()  # offline from here on
    out = tmp_path / "out"
    built = narrate_process("build", str(page), "--engine", "piper", "--announce-numbers",
                            "-o", str(out))  # fmt: skip
    assert built.returncode == 0, built.stderr
    manifest = json.loads(next(out.glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["language"] == "es" and GOOD in json.dumps(manifest["engine"])
    script = next(out.glob("*/*.script.json")).read_text(encoding="utf-8")
    assert "Este audio fue leído por una voz sintética." in script and "Paso uno" in script
    assert not [w for w in ("About this audio", "synthetic voice", "Step ", "March") if w in script]
