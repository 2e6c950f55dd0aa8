"""Webhooks from a real `narrate serve` (issue 30): a job's JSON POSTed to its callback_url when
it ends, done or failed, signed with the server's secret as Standard Webhooks sign; a callback
address that is private is refused when posted, and again at delivery time (a name that turns
private, a redirect). The server runs on the pretend internet (tests/serve/test_ssrf.py):
hooks.example is a public address carried to a receiver on 127.0.0.1."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from narrate.webhooks import parse_secret, verify
from tests.helpers import narrate_process
from tests.readers.fake_internet import ENVIRONMENT, PUBLIC_V4, FakeInternet
from tests.serve.conftest import BEARER, _starter, token_server, wait_for
from tests.webhook_receiver import Receiver, new_secret

SECRET = new_secret()
ARTICLE = "# Flu clinic\n\nThe flu clinic opens on Monday.\n\n## Parking\n\nParking is free."


@pytest.fixture(scope="module")
def receiver():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hooked(tmp_path_factory, receiver):
    """`narrate serve` with a webhook secret and one embedding site, on the pretend internet."""
    folder = tmp_path_factory.mktemp("hooks")
    secret_file = folder / "webhook-secret"
    secret_file.write_text(SECRET + "\n")
    internet = FakeInternet(
        names={"hooks.example": [[PUBLIC_V4]], "rebind.example": [[PUBLIC_V4], ["127.0.0.1"]]},
        routes={(PUBLIC_V4, 80): ("127.0.0.1", receiver.port)},
    )
    start, started = _starter(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENVIRONMENT, internet.environment())
        running = start("--webhook-secret-file", str(secret_file),
                        "--embed-origin", "https://blog.example")  # fmt: skip
    yield running
    for one in started:
        one.stop()


def _post(running, body: dict) -> requests.Response:
    return requests.post(f"{running.url}/api/editions", json={"engine": "tone", **body}, timeout=30)


def _delivered(running, job_id: str) -> dict:
    """The job once its webhook is no longer pending."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = requests.get(f"{running.url}/api/editions/{job_id}", timeout=10).json()
        if job["status"] in ("done", "failed") and job["callback"]["state"] != "pending":
            return job
        time.sleep(0.1)
    raise AssertionError(f"the webhook of {job_id} is still pending: {job}")


def test_a_finished_edition_arrives_signed_as_the_api_shows_it(hooked, receiver):
    posted = _post(hooked, {"text": ARTICLE, "callback_url": "http://hooks.example/done"})
    assert posted.status_code == 202, posted.text
    assert posted.json()["callback"]["state"] == "pending"
    job = _delivered(hooked, posted.json()["id"])
    assert job["status"] == "done"
    (got,) = receiver.posts("/done")
    verify(parse_secret(SECRET), got.headers, got.body)
    assert got.headers["Host"] == "hooks.example"
    sent = json.loads(got.body)
    assert sent == {key: value for key, value in job.items() if key != "callback"}
    assert sent["edition"]["title"] == "Flu clinic" and sent["links"]["embed"]
    assert job["callback"] == {
        "url": "http://hooks.example/done", "state": "delivered", "attempts": 1,
        "last_status": 200, "error": None, "message_id": got.headers["webhook-id"],
        "finished": job["callback"]["finished"],
    }  # fmt: skip


def test_a_failed_edition_arrives_too(hooked, receiver):
    body = {"url": "http://hooks.example/gone", "callback_url": "http://hooks.example/failed"}
    job = _delivered(hooked, _post(hooked, body).json()["id"])
    assert job["status"] == "failed" and job["callback"]["state"] == "delivered"
    (got,) = receiver.posts("/failed")
    verify(parse_secret(SECRET), got.headers, got.body)
    sent = json.loads(got.body)
    assert sent["status"] == "failed" and "404" in sent["error"]


def test_a_private_callback_address_is_refused_when_posted_in_one_line(hooked, receiver):
    port = receiver.port
    variants = [
        f"http://127.0.0.1:{port}/hook", f"http://localhost:{port}/hook",
        f"http://[::1]:{port}/hook", f"http://[::ffff:127.0.0.1]:{port}/hook",
        f"http://2130706433:{port}/hook", f"http://0x7f000001:{port}/hook",
        f"http://0177.0.0.1:{port}/hook", f"http://127.1:{port}/hook",
        f"http://0.0.0.0:{port}/hook", f"http://[::]:{port}/hook",
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hook",
        "http://192.168.1.1/hook", "http://[fd00::1]/hook", f"http://[64:ff9b::7f00:1]:{port}/",
        f"http://127.0.0.1:{port}\\@hooks.example/hook", "http://nowhere.example/hook",
        "file:///etc/passwd", "javascript:alert(1)",
    ]  # fmt: skip
    before = len(requests.get(f"{hooked.url}/api/editions", timeout=10).json())
    for url in variants:
        refused = _post(hooked, {"text": ARTICLE, "callback_url": url})
        assert refused.status_code == 400, (url, refused.text)
        error = refused.json()["error"]
        assert error.startswith("callback_url refused: ") and error.isprintable(), (url, error)
    upload = requests.post(f"{hooked.url}/api/editions", timeout=30,
                           files={"file": ("hours.md", ARTICLE)},
                           data={"engine": "tone", "callback_url": variants[0]})  # fmt: skip
    assert upload.status_code == 400
    assert upload.json()["error"].startswith("callback_url refused: ")
    assert len(requests.get(f"{hooked.url}/api/editions", timeout=10).json()) == before
    assert [r for r in receiver.received if r.path == "/hook"] == []


def test_a_callback_that_turns_private_by_delivery_time_is_not_sent(hooked, receiver):
    receiver.answer("/moved", 302, location=f"http://127.0.0.1:{receiver.port}/inside")
    rebound = _post(hooked, {"text": ARTICLE, "callback_url": "http://rebind.example/hook"})
    moved = _post(hooked, {"text": ARTICLE, "callback_url": "http://hooks.example/moved"})
    assert rebound.status_code == moved.status_code == 202
    job = _delivered(hooked, rebound.json()["id"])
    assert job["callback"]["state"] == "failed" and job["callback"]["attempts"] == 1
    assert "rebind.example resolves to 127.0.0.1" in job["callback"]["error"]
    job = _delivered(hooked, moved.json()["id"])
    assert job["callback"]["state"] == "failed" and job["callback"]["last_status"] == 302
    assert "redirects to" in job["callback"]["error"]
    assert len(receiver.posts("/moved")) == 1 and receiver.posts("/inside") == []
    assert receiver.posts("/hook") == []


def test_the_embed_page_may_be_framed_by_the_named_site_only(hooked):
    posted = _post(hooked, {"text": ARTICLE})
    job = wait_for(f"{hooked.url}/api/editions/{posted.json()['id']}")
    embed = requests.get(f"{hooked.url}{job['links']['embed']}", timeout=10)
    assert embed.status_code == 200 and "Parking" in embed.text
    policy = embed.headers["Content-Security-Policy"]
    assert policy.endswith("; frame-ancestors https://blog.example")
    assert "X-Frame-Options" not in embed.headers
    page = requests.get(f"{hooked.url}/editions/{job['id']}", timeout=10)
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    missing = requests.get(f"{hooked.url}/embed/0123456789ab", timeout=10)
    assert missing.status_code == 404


def test_a_secret_file_that_is_not_a_webhook_secret_stops_the_server_in_one_line(tmp_path):
    weak = tmp_path / "secret"
    weak.write_text("swordfish\n")
    done = narrate_process("serve", "--library", str(tmp_path / "lib"),
                           "--webhook-secret-file", str(weak))  # fmt: skip
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--webhook-secret-file" in lines[0], done.stderr
    assert str(weak) in lines[0] and "whsec_" in lines[0]


def test_with_a_token_an_embed_is_public_only_for_a_podcast_edition_of_a_public_feed(tmp_path):
    running, _ = token_server(tmp_path)  # and no webhook secret
    running.start()
    try:
        refused = requests.post(f"{running.url}/api/editions", headers=BEARER, timeout=30,
                                json={"text": ARTICLE, "callback_url": "http://hooks.example/"})
        assert refused.status_code == 400 and refused.json()["error"] == (
            "callback_url: this server has no webhook secret to sign with; start it with "
            "--webhook-secret-file"
        )
        jobs = {}
        for profile in ("podcast", "phone"):
            posted = requests.post(f"{running.url}/api/editions", headers=BEARER, timeout=30,
                                   json={"text": ARTICLE, "engine": "tone",
                                         "profiles": [profile]})  # fmt: skip
            jobs[profile] = wait_for(f"{running.url}{posted.headers['Location']}", headers=BEARER)
        embeds = {name: f"{running.url}/embed/{job['id']}" for name, job in jobs.items()}

        def anonymous(url: str) -> int:
            return requests.get(url, allow_redirects=False, timeout=10).status_code

        assert {name: anonymous(url) for name, url in embeds.items()} == {
            "podcast": 303, "phone": 303}  # fmt: skip
        assert requests.get(embeds["phone"], headers=BEARER, timeout=10).status_code == 404
        (running.library / "feed-settings.json").write_text('{"public": true}')
        assert {name: anonymous(url) for name, url in embeds.items()} == {
            "podcast": 200, "phone": 303}  # fmt: skip
        audio = re.search(r'<audio[^>]* src="([^"]+)"', requests.get(embeds["podcast"]).text)
        assert anonymous(running.url + audio.group(1)) == 200  # what the embed plays
    finally:
        running.stop()
