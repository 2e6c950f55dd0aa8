"""Ctrl-C during a real offline build: exit 130 at once, no crash, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow


def test_ctrl_c_during_piper_synthesis_exits_cleanly(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "NARRATE_CACHE_DIR": str(cache)}
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
