"""The job queue: a queue file made by an older narrate (before `building`) still opens."""

from __future__ import annotations

import sqlite3

from narrate.serve.jobs import SCHEMA, JobStore


def test_a_queue_without_the_building_column_gains_it(tmp_path) -> None:
    path = tmp_path / "jobs.sqlite"
    old = SCHEMA.replace(
        "    building TEXT,                 -- the profile whose edition is being built\n", ""
    )
    assert "building" not in old
    with sqlite3.connect(path) as db:
        db.execute(old)
        db.execute(
            "INSERT INTO jobs (id, created, status, source, profiles, engine) "
            "VALUES ('0123456789ab', 1.0, 'queued', 'a.txt', '[\"podcast\"]', 'tone')"
        )
    store = JobStore(path)
    job = store.get("0123456789ab")
    assert job is not None and job.building is None and job.profiles == ("podcast",)
    store.update(job.id, building="podcast", clips_done=3, clips_total=10)
    assert store.get(job.id).building == "podcast"
    JobStore(path)  # opening it again adds nothing twice
