"""A damaged job queue: one line on start naming the file and `--reset-queue`, which sets the
old file aside and lists the library's editions again (they are never lost). And the test
network guard itself: a server that reaches beyond 127.0.0.0/8 fails its test."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
import requests

from tests.serve.conftest import ROOT, Running, wait_for
from tests.serve.network_guard import GUARD_MARK


def _start_plain(running: Running, *args: str) -> subprocess.CompletedProcess:
    """`narrate serve` on a library, expected to stop at once: its exit status and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "tests.serve.server_cli", "serve", "--library",
         str(running.library), "--port", str(running.port), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def built(tmp_path):
    """A stopped server whose library holds an article in two profiles and another in one."""
    running = Running(tmp_path / "library", tmp_path / "cache")
    running.start()
    api = f"{running.url}/api/editions"
    ids = []
    for text, profiles in (("# Flu shots\n\nThey are free.", ["podcast", "accessible"]),
                           ("# Parking\n\nParking is free.", ["podcast"])):  # fmt: skip
        posted = requests.post(api, json={"text": text, "format": "md", "engine": "tone",
                                          "profiles": profiles}, timeout=10).json()  # fmt: skip
        ids.append(posted["id"])
    for job_id in ids:
        assert wait_for(f"{api}/{job_id}")["status"] == "done"
    running.stop()
    return running


def _garbage(path) -> None:
    path.write_bytes(b"this is not a database at all\n" * 100)


def _truncated(path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:200])


def _other_schema(path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, note TEXT)")


def _scrambled_pages(path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(page, len(data), page):  # every page but the header's, overwritten
        data[at : at + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_garbage, _truncated, _other_schema, _scrambled_pages])
def test_a_damaged_queue_is_one_line_and_reset_keeps_the_editions(built, damage) -> None:
    queue = built.library / ".narrate-serve" / "jobs.sqlite"
    damage(queue)
    done = _start_plain(built)
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(queue) in lines[0] and "damaged" in lines[0] and "--reset-queue" in lines[0]

    built.args = ("--reset-queue",)
    built.start()
    assert "listed again" in built.log()
    jobs = requests.get(f"{built.url}/api/editions", timeout=10).json()
    titles = sorted((job["title"], tuple(job["profiles"])) for job in jobs)
    assert titles == [("Flu shots", ("podcast", "accessible")), ("Parking", ("podcast",))]
    for job in jobs:
        assert job["status"] == "done"
        for edition in job["editions"]:
            mp3 = requests.get(built.url + edition["files"]["mp3"], timeout=10)
            assert mp3.status_code == 200 and len(mp3.content) > 1000
    assert list((built.library / ".narrate-serve").glob("jobs.sqlite.set-aside-*"))
    page = requests.get(f"{built.url}/library", timeout=10)
    assert page.status_code == 200 and "Flu shots" in page.text
    rebuilt = requests.post(f"{built.url}/api/editions", timeout=10,
                            json={"text": "New notice.", "engine": "tone"}).json()  # fmt: skip
    assert wait_for(f"{built.url}/api/editions/{rebuilt['id']}")["status"] == "done"
    built.stop()


def test_a_damaged_row_is_left_out_not_a_500(built) -> None:
    queue = built.library / ".narrate-serve" / "jobs.sqlite"
    with sqlite3.connect(queue) as db:
        first = db.execute("SELECT id FROM jobs ORDER BY created LIMIT 1").fetchone()[0]
        db.execute("UPDATE jobs SET profiles = 'not json' WHERE id = ?", (first,))
    built.start()
    listed = requests.get(f"{built.url}/api/editions", timeout=10)
    assert listed.status_code == 200 and len(listed.json()) == 1
    assert requests.get(f"{built.url}/library", timeout=10).status_code == 200
    assert requests.get(f"{built.url}/api/editions/{first}", timeout=10).status_code == 404
    built.stop()


def test_the_network_guard_fails_a_server_that_reaches_out(tmp_path) -> None:
    running = Running(tmp_path / "library", tmp_path / "cache", ("--allow-private-urls",))
    running.start()
    api = f"{running.url}/api/editions"
    for url in ("http://203.0.113.7/notice", "http://example.invalid/notice"):
        posted = requests.post(api, json={"url": url, "engine": "tone"}, timeout=10).json()
        assert wait_for(f"{api}/{posted['id']}")["status"] == "failed"
    refused = [line for line in running.log().splitlines() if GUARD_MARK in line]
    assert any("203.0.113.7" in line for line in refused), running.log()
    assert any("example.invalid" in line for line in refused), running.log()
    with pytest.raises(AssertionError, match="beyond 127.0.0.0/8"):
        running.stop()
