"""The web app's webhook deliveries over the real job queue (SQLite) and a real receiver:
recorded attempt by attempt, taken up again after a stop, failed in one line when the server
lost its secret, and nothing recorded for a job deleted meanwhile."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from narrate.serve.config import ServeConfig
from narrate.serve.deliveries import Deliveries
from narrate.serve.jobs import DONE, JobStore
from narrate.webhooks import DeliveryPolicy, parse_secret, verify
from tests.webhook_receiver import Receiver, new_secret

SECRET = new_secret()
FAST = DeliveryPolicy(attempts=3, first_wait_s=0.01, max_wait_s=0.02, public_only=False)


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture
def store(tmp_path):
    return JobStore(tmp_path / "jobs.sqlite")


def _config(tmp_path, secret: str | None = SECRET) -> ServeConfig:
    return ServeConfig(library=tmp_path, webhook_secret=parse_secret(secret) if secret else None)


def _ended(store: JobStore, url: str):
    job = store.add(source="text.md", title="Hours", author=None, profiles=("podcast",),
                    engine="tone", voice=None, callback_url=url)  # fmt: skip
    store.update(job.id, status=DONE, progress=1.0)
    return job


def _settled(store: JobStore, job_id: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        callback = store.get(job_id).callback
        if callback["state"] != "pending":
            return callback
        time.sleep(0.02)
    raise AssertionError(f"still pending: {callback}")


def _describe(job) -> dict:
    return {"id": job.id, "status": "done", "callback": job.callback}


def test_each_attempt_is_recorded_and_the_payload_leaves_out_the_record(tmp_path, store, receiver):
    receiver.answer("/hook", 503, 204)
    job = _ended(store, f"{receiver.url}/hook")
    Deliveries(store, _config(tmp_path), _describe, FAST).send(job.id)
    callback = _settled(store, job.id)
    assert callback["state"] == "delivered" and callback["attempts"] == 2
    assert callback["last_status"] == 204 and callback["error"] is None
    first, second = receiver.posts("/hook")
    assert json.loads(second.body) == {"id": job.id, "status": "done"}
    verify(parse_secret(SECRET), second.headers, second.body)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == callback["message_id"]


def test_a_delivery_left_pending_by_a_stop_is_taken_up_on_the_next_start(tmp_path, store, receiver):
    receiver.answer("/hook", 503, 200)
    job = _ended(store, f"{receiver.url}/hook")
    slow = replace(FAST, first_wait_s=600, max_wait_s=600)
    stopping = Deliveries(store, _config(tmp_path), _describe, slow)
    stopping.send(job.id)
    while not receiver.posts("/hook"):
        time.sleep(0.02)
    stopping.stop()  # the server stops while the delivery waits to try again
    time.sleep(0.2)
    assert store.get(job.id).callback["state"] == "pending"
    Deliveries(store, _config(tmp_path), _describe, FAST).resume()  # the next start
    assert _settled(store, job.id)["state"] == "delivered"
    assert len(receiver.posts("/hook")) == 2


def test_a_server_restarted_without_its_secret_says_so(tmp_path, store, receiver):
    job = _ended(store, f"{receiver.url}/hook")
    Deliveries(store, _config(tmp_path, secret=None), _describe, FAST).send(job.id)
    callback = store.get(job.id).callback
    assert callback["state"] == "failed" and callback["error"] == "the server has no webhook secret"
    assert receiver.received == []


def test_a_job_without_a_callback_or_not_ended_sends_nothing(tmp_path, store, receiver):
    plain = store.add(source="text.md", title=None, author=None, profiles=("podcast",),
                      engine="tone", voice=None)  # fmt: skip
    queued = store.add(source="text.md", title=None, author=None, profiles=("podcast",),
                       engine="tone", voice=None, callback_url=f"{receiver.url}/hook")  # fmt: skip
    deliveries = Deliveries(store, _config(tmp_path), _describe, FAST)
    for job in (plain, queued):
        deliveries.send(job.id)
    deliveries.send("0123456789ab")  # deleted
    assert store.get(plain.id).callback is None
    assert store.get(queued.id).callback["state"] == "pending"  # until it ends
    time.sleep(0.2)
    assert receiver.received == []
