"""`narrate build` with Google's voice, end to end, against the local stand-in of Google."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrate.cli import main
from tests.gtts_server import GoogleStandIn, latency, serving, status
from tests.helpers import tiny_article_text


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(tiny_article_text(), encoding="utf-8")
    return path


@pytest.fixture
def google(monkeypatch):
    with serving(monkeypatch) as stand_in:
        yield stand_in


def build(tmp_path: Path, *args: str):
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", *args, "-o", str(tmp_path / "out")], catch_exceptions=False
    )
    return result


def edition_files(out: Path) -> dict[str, bytes]:
    (folder,) = [p for p in out.iterdir()]
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "manifest.json"}


def test_auto_uses_google_when_it_answers(google, tiny, tmp_path):
    result = build(tmp_path, str(tiny))
    assert result.exit_code == 0, result.stderr
    assert "engine: gtts (Google reachable)" in result.stderr
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text())
    assert manifest["engine"]["name"] == "gtts"
    spoken = {r.text for r in google.requests}
    assert "First Heading" in spoken and "Alpha beta gamma." in spoken


def test_output_is_the_same_whatever_order_answers_arrive_in(google, tiny, tmp_path):
    # the first sentence answers last: completion order differs from sentence order
    google.inject(latency(0.8), when=lambda r: r.text == "Tiny Article")
    fast = build(tmp_path / "a", str(tiny), "--engine", "gtts", "--jobs", "6", "--no-cache")
    assert fast.exit_code == 0, fast.stderr
    google.clear_faults()
    slow = build(tmp_path / "b", str(tiny), "--engine", "gtts", "--jobs", "1", "--no-cache")
    assert slow.exit_code == 0, slow.stderr
    assert edition_files(tmp_path / "a/out") == edition_files(tmp_path / "b/out")


def test_a_failure_names_the_sentence_and_a_rerun_asks_only_for_what_is_missing(
    google, tiny, tmp_path
):
    google.inject(status(403), when=lambda r: r.text == "Delta epsilon.")
    failed = build(tmp_path, str(tiny), "--engine", "gtts", "--jobs", "2")
    assert failed.exit_code == 1
    assert "“Delta epsilon.”" in failed.stderr and "403" in failed.stderr
    assert "--engine piper" in failed.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    answered = {r.text for r in google.requests if r.fault is None}
    first_count = google.count
    google.clear_faults()
    resumed = build(tmp_path, str(tiny), "--engine", "gtts", "--jobs", "2")
    assert resumed.exit_code == 0, resumed.stderr
    asked_again = {r.text for r in google.requests[first_count:]}
    assert "Delta epsilon." in asked_again
    assert not asked_again & answered


def test_retries_ride_out_rate_limits_and_server_errors(google, tiny, tmp_path, monkeypatch):
    from narrate.engines.gtts import GttsEngine

    monkeypatch.setattr(GttsEngine, "backoff_base_s", 0.01)
    google.inject(status(429), requests=[1])
    google.inject(status(500), requests=[2, 3])
    result = build(tmp_path, str(tiny), "--engine", "gtts")
    assert result.exit_code == 0, result.stderr
    assert [r.fault for r in google.requests[:3]] == ["status"] * 3


@pytest.mark.slow
def test_ctrl_c_stops_promptly_leaves_nothing_and_the_next_run_resumes(tiny, tmp_path):
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    with GoogleStandIn(latency_s=0.6) as google:
        env = google.env({**os.environ, "NARRATE_CACHE_DIR": str(cache)})
        command = [
            sys.executable,
            "-m",
            "narrate",
            "build",
            str(tiny),
            "--engine",
            "gtts",
            "--jobs",
            "2",
            "-o",
            str(out),
        ]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while google.count < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, stderr = proc.communicate(timeout=10)
        assert time.monotonic() - sent < 2.0
        assert proc.returncode == 130, stderr.decode()
        assert "interrupted" in stderr.decode()
        assert not out.exists() or list(out.iterdir()) == []
        assert not list(cache.rglob("*.tmp"))
        first = google.count
        cached = len(list(cache.rglob("*.wav")))  # clips that arrived before Ctrl-C
        assert 0 < cached
        subprocess.run(command, env=env, check=True, capture_output=True)
        again = [r.text for r in google.requests[first:]]
        script = subprocess.run(
            [sys.executable, "-m", "narrate", "script", str(tiny)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert len(again) == len(set(script.splitlines())) - cached
        (folder,) = out.iterdir()
        assert (folder / "manifest.json").exists()
