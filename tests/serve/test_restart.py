"""A job survives a server restart: one interrupted mid-build runs again after the restart and
takes the clips made before it from the clip cache; one queued behind it runs too."""

from __future__ import annotations

import time

import requests

from tests.serve.conftest import wait_for
from tests.serve.server_cli import SLOW_S

SENTENCES = 24


def test_jobs_survive_stopping_and_starting_the_server(start_server) -> None:
    article = " ".join(f"Sentence number {n} of the long notice." for n in range(SENTENCES))
    running = start_server()
    api = f"{running.url}/api/editions"
    long_job = requests.post(api, json={"text": article, "engine": "tone-paced"}, timeout=10).json()
    queued = requests.post(
        api, json={"text": "The queued notice. It waits.", "engine": "tone"}, timeout=10
    ).json()
    deadline = time.monotonic() + 30
    while (job := requests.get(f"{api}/{long_job['id']}", timeout=10).json())["clips"]["done"] < 6:
        assert job["status"] in ("queued", "running") and time.monotonic() < deadline, job
        time.sleep(SLOW_S / 3)
    assert job["status"] == "running" and 0 < job["progress"] < 1
    assert running.stop() in (0, -15, 143)  # stopped mid-build

    restarted = start_server(port=running.port)
    assert "queued again" in restarted.log()
    first = wait_for(f"{api}/{long_job['id']}", timeout=60)
    assert first["status"] == "done", first
    edition = first["edition"]
    assert edition["clips_from_cache"] >= 6  # the clips made before the restart
    spoken = edition["clips_synthesized"] + edition["clips_from_cache"]
    assert spoken == SENTENCES + 2  # + the title and the synthetic-voice notice
    second = wait_for(f"{api}/{queued['id']}", timeout=30)
    assert second["status"] == "done", second
    assert not list((running.library / "podcast").glob(".*"))  # no staging folder left over
