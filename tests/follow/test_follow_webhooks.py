"""`narrate follow --callback-url`: each built or updated entry's edition JSON POSTed, signed,
to a receiver on 127.0.0.1 (allowed by --allow-private-callback), a receiver's refusal reported
in one line without failing the entry, and a private callback or a missing secret refused in
one line before the feed is fetched."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.cli import main
from narrate.webhooks import parse_secret, verify
from tests.follow.site import Site
from tests.helpers import narrate_process
from tests.readers.fake_internet import FakeInternet
from tests.test_webhooks import HOW, PRIVATE_V4, _written
from tests.webhook_receiver import Receiver, new_secret

BASE = "https://cdn.example/podcast/"


@pytest.fixture(scope="module")
def receiving():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture
def receiver(receiving: Receiver) -> Receiver:
    receiving.received.clear()
    receiving.answers.clear()
    return receiving


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "webhook-secret"
    path.write_text(new_secret() + "\n")
    return path


def follow(site: Site, out, *extra: str):
    return narrate_process("follow", site.url("/feed.xml"), "-o", str(out), "--base-url", BASE,
                           "--engine", "tone", *extra, module="tests.tone_cli")  # fmt: skip


def one_post(site: Site, text: str, day: int = 2) -> None:
    site.page("/flu.html", "Flu shots are here", text, "A second paragraph, so it is an article.")
    site.rss("/feed.xml", "Clinic news", [{"title": "Flu shots are here", "link": "/flu.html",
                                           "guid": "flu", "day": day}])  # fmt: skip


def test_each_built_and_updated_entry_is_posted_signed_with_its_manifest(
    site, receiver, secret_file, tmp_path
):
    out = tmp_path / "podcast"
    hook = ("--callback-url", receiver.url + "/hook", "--webhook-secret-file", str(secret_file),
            "--allow-private-callback")  # fmt: skip
    key = parse_secret(secret_file.read_text())
    one_post(site, "Book a flu shot at the front desk.")

    first = follow(site, out, *hook)
    assert first.returncode == 0, first.stderr
    [got] = receiver.posts("/hook")
    verify(key, got.headers, got.body)  # raises when the signature does not match
    body = json.loads(got.body)
    assert body["status"] == "built" and body["source"] == site.url("/feed.xml")
    assert body["entry"] == {"id": "flu", "link": site.url("/flu.html"),
                             "title": "Flu shots are here"}  # fmt: skip
    manifest = json.loads((out / "flu-shots-are-here" / "manifest.json").read_text())
    assert body["manifest"] == manifest and body["edition"] == str(out / "flu-shots-are-here")

    again = follow(site, out, *hook)  # nothing changed: nothing sent
    assert again.returncode == 0 and len(receiver.posts("/hook")) == 1

    one_post(site, "Flu shots are now given on Saturdays too.", day=3)  # an "updated" date
    edited = follow(site, out, *hook)
    assert edited.returncode == 0, edited.stderr
    latest = receiver.posts("/hook")[-1]
    verify(key, latest.headers, latest.body)
    assert len(receiver.posts("/hook")) == 2
    assert json.loads(latest.body)["status"] == "updated"
    assert json.loads(latest.body)["manifest"] == json.loads(
        (out / "flu-shots-are-here" / "manifest.json").read_text())  # fmt: skip


def test_a_refused_webhook_is_one_line_and_the_entry_stays_built(
    site, receiver, secret_file, tmp_path, monkeypatch
):
    receiver.answer("/hook", 410)  # a refusal that stays one: not tried again
    one_post(site, "Book a flu shot at the front desk.")
    monkeypatch.setenv("NARRATE_WEBHOOK_SECRET_FILE", str(secret_file))  # as serve reads it
    ran = follow(site, tmp_path / "out", "--callback-url", receiver.url + "/hook",
                 "--allow-private-callback")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    said = [line for line in ran.stderr.splitlines() if line.startswith("webhook")]
    assert said == ["webhook not delivered: Flu shots are here (HTTP 410 Gone; 1 attempt)"]
    assert "1 built" in ran.stderr and (tmp_path / "out" / "feed.xml").is_file()
    assert "Traceback" not in ran.stderr


def test_a_callback_without_a_secret_is_refused_before_the_feed_is_read(site, receiver, tmp_path):
    one_post(site, "Book a flu shot at the front desk.")
    ran = follow(site, tmp_path / "out", "--callback-url", receiver.url + "/hook",
                 "--allow-private-callback")  # fmt: skip
    assert ran.returncode == 2, ran.stderr
    [line] = ran.stderr.strip().splitlines()
    assert line.endswith("'--callback-url': needs --webhook-secret-file "
                         "(narrate sends no unsigned webhooks)"), line  # fmt: skip
    assert site.hits["/feed.xml"] == 0 and not (tmp_path / "out").exists()


def test_a_private_callback_is_refused_in_one_line_before_the_feed_is_read(
    site, secret_file, tmp_path
):
    ran = follow(site, tmp_path / "out", "--callback-url", "http://127.0.0.1:9/hook",
                 "--webhook-secret-file", str(secret_file))  # fmt: skip
    assert ran.returncode == 2
    [line] = ran.stderr.strip().splitlines()
    assert "'--callback-url': callback_url refused: " in line, line
    assert "a webhook is sent only to public addresses" in line and "server" not in line, line
    assert site.hits["/feed.xml"] == 0


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(PRIVATE_V4, st.sampled_from(HOW))
def test_a_private_callback_is_refused_however_it_is_written(site, secret_file, ip, how):
    url = f"http://{_written(ip, how)}/hook"
    with FakeInternet() as internet:  # no DNS, no wire
        result = CliRunner().invoke(main, ["follow", site.url("/feed.xml"), "--callback-url", url,
                                           "--webhook-secret-file", str(secret_file)])  # fmt: skip
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    assert "'--callback-url': callback_url refused: " in line, line
    assert internet.attempts == [] and site.hits["/feed.xml"] == 0
