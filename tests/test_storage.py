"""Verified storage: damaged clips and mastering memo entries are caught, reported once,
deleted and made again; published audio is decoded before the swap; `narrate cache`."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrate import checksum
from narrate.cache import clip_problem
from narrate.cli import main
from narrate.errors import OutputError
from narrate.ffmpeg import run
from narrate.master_memo import _sealed, read_entry
from narrate.writers.playback import check_playback, decoded_ms
from tests.helpers import tiny_article_text


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    rng = random.Random(14)
    damaged = {
        "truncated": data[: len(data) // 2],
        "cut-to-100-bytes": data[:100],
        "empty": b"",
        "zeroed": bytes(len(data)),
        "random": bytes(rng.randrange(256) for _ in range(len(data))),
        "wrong-format": b"ID3\x03\x00\x00\x00\x00\x00\x00" + data[10:],
    }[how]
    path.write_bytes(damaged)


DAMAGE = ["truncated", "cut-to-100-bytes", "empty", "zeroed", "random", "wrong-format"]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(tiny_article_text(), encoding="utf-8")
    return path


def _build(article: Path, out: Path, cache: Path, *more: str):
    return CliRunner(mix_stderr=False).invoke(
        main, ["build", str(article), "--engine", "tone", "-q", "-o", str(out),
               "--cache-dir", str(cache), "--date", "2026-01-01", *more],
    )  # fmt: skip


def _manifest(out: Path) -> dict:
    return json.loads((out / "tiny-article" / "manifest.json").read_text())


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_clip_is_reported_once_deleted_and_made_again(tmp_path, article, how,
                                                                 tone_calls):  # fmt: skip
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache).exit_code == 0
    first = _manifest(out)
    clips = sorted(cache.glob("??/*.wav"))
    victim = clips[3]
    _damage(victim, how)
    tone_calls.clear()
    result = _build(article, out, cache)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "damaged clip" in line]
    assert len(warnings) == 1 and str(victim) in warnings[0], result.stderr
    assert len(tone_calls) == 1  # that clip, and only it, made again
    assert clip_problem(victim) is None
    again = _manifest(out)
    assert again["duration_ms"] == first["duration_ms"]
    assert again["chapters"] == first["chapters"]
    tone_calls.clear()
    third = _build(article, out, cache)
    assert "damaged" not in third.stderr and tone_calls == []


def _memo(cache: Path) -> tuple[Path, Path]:
    (entry,) = (cache / "mastering").glob("*.json")
    (encoded,) = (p for p in (cache / "mastering").iterdir() if p.suffix != ".json")
    return entry, encoded


@pytest.mark.parametrize("target", ["entry", "encoded"])
@pytest.mark.parametrize("how", ["truncated", "zeroed", "random", "wrong-format", "edited"])
def test_a_damaged_memo_entry_is_measured_and_rendered_again(tmp_path, article, target, how):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache).exit_code == 0
    first = _manifest(out)
    entry, encoded = _memo(cache)
    if how == "edited" and target == "entry":  # a gain edited by hand, the digest kept
        data = json.loads(entry.read_text())
        entry.write_text(json.dumps({**data, "gain_db": data["gain_db"] + 8}))
    elif how == "edited":  # the same length, some bytes changed
        data = bytearray(encoded.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
        encoded.write_bytes(bytes(data))
    else:
        _damage(entry if target == "entry" else encoded, how)
    result = _build(article, out, cache)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("damaged mastering memo entry") == 1, result.stderr
    again = _manifest(out)
    mp3 = out / "tiny-article" / again["files"]["mp3"]
    assert abs(decoded_ms(mp3) - again["duration_ms"]) <= 50
    assert again["duration_ms"] == first["duration_ms"]
    assert again["loudness"]["gain_db"] == first["loudness"]["gain_db"]
    assert read_entry(_memo(cache)[0]) is not None  # kept again, sound
    assert "damaged" not in _build(article, out, cache).stderr


def test_audio_that_does_not_decode_to_the_timeline_is_not_published(tmp_path, article):
    """Even a memo entry whose digests agree (written by a faulty encoder, say) cannot
    publish an MP3 that does not play for the length its manifest claims."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache, "--author", "A").exit_code == 0
    before = (out / "tiny-article" / "tiny-article.mp3").read_bytes()
    entry, encoded = _memo(cache)
    encoded.write_bytes(encoded.read_bytes()[: encoded.stat().st_size // 3])
    content = read_entry(entry)
    found = checksum.of_file(encoded)
    content["files"][encoded.name] = {"bytes": found.size, "blake2b": found.blake2b}
    entry.write_text(_sealed(content))
    result = _build(article, out, cache, "--author", "B")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and "tiny-article.mp3" in line and "nothing was published" in line
    assert (out / "tiny-article" / "tiny-article.mp3").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["tiny-article"]


def test_cache_verify_removes_damaged_entries(tmp_path, article):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache).exit_code == 0
    runner = CliRunner(mix_stderr=False)
    clean = runner.invoke(main, ["cache", "verify", "--cache-dir", str(cache)])
    assert clean.exit_code == 0 and clean.stdout == "", clean.stderr
    clips = sorted(cache.glob("??/*.wav"))
    _damage(clips[0], "zeroed")
    entry, _ = _memo(cache)
    _damage(entry, "truncated")
    found = runner.invoke(main, ["cache", "verify", "--cache-dir", str(cache)])
    assert found.exit_code == 2
    assert str(clips[0]) in found.stdout and str(entry) in found.stdout
    assert not clips[0].exists() and not entry.exists()
    assert "2 damaged removed" in found.stderr
    assert runner.invoke(main, ["cache", "verify", "--cache-dir", str(cache)]).exit_code == 0


def test_cache_prune_removes_what_was_not_used_lately(tmp_path, article):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache).exit_code == 0
    clips = sorted(cache.glob("??/*.wav"))
    entry, encoded = _memo(cache)
    old = time.time() - 40 * 86400
    for path in (clips[0], entry):
        os.utime(path, (old, old))
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(main, ["cache", "prune", "--older-than", "30d", "--cache-dir",
                                  str(cache)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert not clips[0].exists() and not Path(f"{clips[0]}.b2").exists()
    assert not entry.exists() and not encoded.exists()
    assert all(clip.exists() for clip in clips[1:])
    # a build reads (and so marks as used) what it takes from the cache
    os.utime(clips[1], (old, old))
    assert _build(article, out, cache).exit_code == 0
    assert clips[1].stat().st_mtime > old + 86400
    bad = runner.invoke(main, ["cache", "prune", "--older-than", "soon"])
    assert bad.exit_code == 2 and "30d" in bad.stderr


def test_check_playback_names_audio_of_the_wrong_length(tmp_path, article):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache).exit_code == 0
    manifest = _manifest(out)
    folder = out / "tiny-article"
    short = folder / "short.mp3"
    run(["-i", str(folder / manifest["files"]["mp3"]), "-t", "1", "-c", "copy", str(short)])
    check_playback(folder, manifest["files"], manifest["duration_ms"])
    with pytest.raises(OutputError, match=r"short.mp3 plays 1\.\d\d s where the programme is"):
        check_playback(folder, {"mp3": "short.mp3"}, manifest["duration_ms"])


def test_a_clip_from_before_sidecars_is_taken_when_its_header_agrees(tmp_path, article,
                                                                      tone_calls):  # fmt: skip
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(article, out, cache).exit_code == 0
    clips = sorted(cache.glob("??/*.wav"))
    for clip in clips:
        Path(f"{clip}.b2").unlink()  # as narrate kept them before
    _damage(clips[0], "truncated")
    tone_calls.clear()
    result = _build(article, out, cache)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("damaged clip") == 1 and str(clips[0]) in result.stderr
    assert len(tone_calls) == 1
    assert all(Path(f"{clip}.b2").exists() for clip in clips)  # adopted, with their sidecars
