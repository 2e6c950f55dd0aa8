"""Ctrl-C, SIGTERM and SIGHUP during a real build: one line, exit 130/143/129, nothing left."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.helpers import users_environment

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_ctrl_c_during_piper_synthesis_exits_cleanly(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = users_environment(NARRATE_CACHE_DIR=str(cache))
    proc = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", str(SAMPLE), "--engine", "piper", "-o",
         str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(list(cache.rglob("*.wav"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # synthesis is under way
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr.decode()
    assert time.monotonic() - sent < 3
    assert "interrupted" in stderr.decode() and "Traceback" not in stderr.decode()
    assert list(out.iterdir()) == []  # the folder was made up front; no edition, no temp files
    assert not list(cache.rglob("*.tmp"))


def _long_article(tmp_path) -> Path:
    article = tmp_path / "long.txt"
    paragraphs = [f"Paragraph {n} says something new about topic {n}." for n in range(60)]
    article.write_text("Long Article\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return article


@pytest.mark.parametrize(("signum", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"),
                                                      (signal.SIGHUP, 129, "SIGHUP")])  # fmt: skip
def test_sigterm_and_sighup_stop_a_build_like_ctrl_c(tmp_path, signum, code, name):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = users_environment(NARRATE_CACHE_DIR=str(cache))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", str(_long_article(tmp_path)),
         "--engine", "tone", "-o", str(out)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(list(cache.rglob("*.wav"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)  # synthesis is under way
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    text = stderr.decode()
    assert proc.returncode == code, text
    assert f"narrate: stopped by {name}; the edition in progress was not written" in text
    assert "Traceback" not in text
    assert list(out.iterdir()) == []


def _interpreter_start_s() -> float:
    """How long this Python takes to start (its site module, the editable install's finder)
    and import the `narrate` package, before narrate's own code runs: a signal in that window
    is the interpreter's to handle."""
    times = []
    for _ in range(2):
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "import narrate"], check=True,
                       env=users_environment())  # fmt: skip
        times.append(time.monotonic() - started)
    return 2 * max(times)  # with a margin: the machine may be busier a moment later (CI runs
    # two test processes at once)


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.3])
def test_ctrl_c_while_narrate_loads_is_one_line(tmp_path, delay):
    start_s = _interpreter_start_s()
    proc = subprocess.Popen(
        [sys.executable, "-m", "narrate", "sections", str(SAMPLE)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=users_environment(),
    )  # fmt: skip
    time.sleep(start_s + delay)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert "Traceback" not in stderr.decode()
    assert proc.returncode in (0, 130, -signal.SIGINT), stderr.decode()


def test_output_cut_short_by_its_reader_is_a_quiet_exit(tmp_path):
    article = tmp_path / "long.txt"
    # more than a pipe holds (64 KB): narrate cannot finish writing before the reader leaves
    lines = "".join(f"Sentence number {n} is here.\n" for n in range(3000))
    article.write_text(f"Title\n\n{lines}")
    proc = subprocess.Popen([sys.executable, "-m", "narrate", "script", str(article)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=users_environment())  # fmt: skip
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 1
    assert stderr == ""
