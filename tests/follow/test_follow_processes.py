"""Two `narrate follow` runs at once, and `--every` stopped by SIGTERM: real processes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.follow.site import Site
from tests.helpers import users_environment

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def start(site: Site, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "follow", site.url("/feed.xml"), "-o", str(out),
         "--base-url", "https://cdn.example/p/", "--engine", "tone", *extra],
        cwd=ROOT, env=users_environment(PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def posts(site: Site, count: int) -> None:
    items = []
    for n in range(count):
        site.page(f"/{n}.html", f"Post number {n}", f"Post {n} says one thing.", "And another.")
        site.slow[f"/{n}.html"] = 0.3  # long enough for the two runs to meet
        items.append({"title": f"Post number {n}", "link": f"/{n}.html", "guid": str(n),
                      "day": n + 1})  # fmt: skip
    site.rss("/feed.xml", "Clinic news", items)


def test_two_runs_at_once_build_each_entry_once(site, tmp_path):
    out = tmp_path / "podcast"
    posts(site, 4)
    runs = [start(site, out), start(site, out)]
    results = [run.communicate(timeout=120) for run in runs]
    for run, (_, stderr) in zip(runs, results, strict=True):
        assert run.returncode == 0, stderr
    built = [line for _, stderr in results for line in stderr.splitlines()
             if line.startswith("built: ")]  # fmt: skip
    assert sorted(built) == sorted(f"built: Post number {n} ({out / f'post-number-{n}'})"
                                   for n in range(4))  # fmt: skip
    assert all(site.hits[f"/{n}.html"] == 1 for n in range(4)), site.hits  # each page read once
    assert sorted(p.name for p in out.glob("*/manifest.json")) == ["manifest.json"] * 4
    assert (out / "feed.xml").read_text().count("<item>") == 4


def test_every_stops_cleanly_on_sigterm_leaving_only_whole_editions(site, tmp_path):
    out = tmp_path / "podcast"
    posts(site, 2)
    site.slow["/0.html"] = 60  # the oldest post is being read when the stop comes
    run = start(site, out, "--every", "1h")
    deadline = time.monotonic() + 60
    while not (out / "post-number-1" / "manifest.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    while site.hits["/0.html"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=30)
    assert run.returncode == 0, stderr
    assert "narrate: stopped by SIGTERM; stopped following" in stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == [".narrate-follow", "post-number-1"]

    site.slow.clear()  # the next run builds what the stop abandoned
    again = start(site, out)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert "1 built, 1 unchanged" in stderr
