"""Webhooks per followed source in the web app: a source added with a callback_url (a receiver
on 127.0.0.1, allowed by --allow-private-urls as the URL tests allow it) has each entry the
poller builds POSTed, signed, with its edition's manifest; the source's page and API show the
last delivery. A callback_url is refused in one line (422) without the server's secret, or
when its address is private however it is written."""

from __future__ import annotations

import json
import re

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.serve.config import ServeConfig
from narrate.serve.inputs import InputError
from narrate.serve.source_hooks import checked_source_callback
from narrate.webhooks import parse_secret, verify
from tests.follow.site import Site
from tests.readers.fake_internet import FakeInternet
from tests.serve.conftest import Running
from tests.serve.test_sources import POLL_MINUTES, built, csrf_of, source, until
from tests.test_webhooks import HOW, PRIVATE_V4, _written
from tests.webhook_receiver import Receiver, new_secret

SECRET = new_secret()
FEED = "/news/feed.xml"


@pytest.fixture(scope="module")
def site():
    running = Site()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def receiver():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("source-hooks")
    (folder / "secret").write_text(SECRET + "\n")
    args = ("--allow-private-urls", "--poll-minutes", POLL_MINUTES,
            "--webhook-secret-file", str(folder / "secret"))  # fmt: skip
    running = Running(folder / "library", folder / "cache", args).start()
    yield running
    running.stop()


def test_each_entry_the_poller_builds_is_posted_signed_and_its_page_shows_the_delivery(
    app: Running, site: Site, receiver: Receiver
) -> None:
    site.page("/news/hours", "New opening hours", "The clinic opens at eight.", "Two sentences.")
    site.rss(FEED, "Clinic news", [{"title": "New opening hours", "link": "/news/hours",
                                    "guid": "hours", "day": 2}])  # fmt: skip
    hook = receiver.url + "/source-hook"
    answer = requests.post(
        f"{app.url}/api/sources",
        timeout=10,
        json={"url": site.url(FEED), "engine": "tone", "callback_url": hook},
    )
    assert answer.status_code == 201, answer.text
    followed = answer.json()
    assert followed["callback_url"] == hook and followed["last_delivery"] is None

    [entry] = built(app, followed["id"], 1)
    delivered = until(lambda: (source(app, followed["id"])["last_delivery"] or {}).get("state")
                      == "delivered")  # fmt: skip
    assert delivered, source(app, followed["id"])
    [got] = receiver.posts("/source-hook")
    verify(parse_secret(SECRET), got.headers, got.body)
    body = json.loads(got.body)
    assert body["status"] == "built" and body["source"] == site.url(FEED)
    assert body["entry"]["title"] == "New opening hours" and body["edition"] == entry["edition"]
    job = requests.get(f"{app.url}/api{entry['edition']}", timeout=10).json()
    assert body["manifest"]["title"] == job["edition"]["title"] == "New opening hours"

    last = source(app, followed["id"])["last_delivery"]
    assert last["attempts"] == 1 and last["last_status"] == 200
    page = requests.get(f"{app.url}/sources/{followed['id']}", timeout=10,
                        headers={"Accept": "text/html"}).text  # fmt: skip
    shown = re.search(r'<dd id="last-delivery">([^<]*)</dd>', page)
    assert shown and shown.group(1).startswith("delivered (New opening hours), 1 attempt"), page


@pytest.mark.parametrize("url", ["ftp://hooks.example/", "hooks.example/hook",
                                 "http://user@hooks.example/"])  # fmt: skip
def test_a_callback_that_is_no_web_address_is_a_one_line_422(app: Running, site: Site, url: str):
    answer = requests.post(
        f"{app.url}/api/sources",
        timeout=10,
        json={"url": site.url("/other.xml"), "callback_url": url},
    )
    assert answer.status_code == 422, answer.text
    said = answer.json()["error"]
    assert said.startswith("callback_url refused: ") and "\n" not in said
    assert site.url("/other.xml") not in requests.get(f"{app.url}/api/sources", timeout=10).text


def test_the_sources_form_keeps_a_callback_and_says_why_it_refuses_one(
    app: Running, site: Site, receiver: Receiver
) -> None:
    site.rss("/form/feed.xml", "Form news", [])
    session = requests.Session()
    form = {
        "url": site.url("/form/feed.xml"),
        "engine": "tone",
        "csrf": csrf_of(session, f"{app.url}/sources"),
    }
    refused = session.post(
        f"{app.url}/sources",
        headers={"Accept": "text/html"},
        timeout=10,
        data={**form, "callback_url": "ftp://hooks.example/"},
    )
    assert refused.status_code == 422
    alert = re.search(r'<p role="alert" class="error" id="form-error">([^<]*)</p>', refused.text)
    assert alert and alert.group(1).startswith("callback_url refused: "), refused.text
    assert 'value="ftp://hooks.example/"' in refused.text  # kept, to be corrected

    added = session.post(
        f"{app.url}/sources",
        headers={"Accept": "text/html"},
        timeout=10,
        data={**form, "callback_url": receiver.url + "/form-hook"},
    )
    assert added.status_code == 200 and f"<dd>{receiver.url}/form-hook</dd>" in added.text
    assert re.search(r'<dd id="last-delivery">none sent yet</dd>', added.text)


def test_without_the_servers_secret_a_callback_is_a_one_line_422(tmp_path):
    config = ServeConfig(library=tmp_path, allow_private_urls=True)
    with pytest.raises(InputError) as refused:
        checked_source_callback(config, "https://hooks.example/hook")
    assert refused.value.status == 422 and "--webhook-secret-file" in str(refused.value)
    assert checked_source_callback(config, "  ") is None


@settings(max_examples=60, deadline=None)
@given(PRIVATE_V4, st.sampled_from(HOW), st.sampled_from(["http", "https"]))
def test_a_private_callback_is_a_one_line_422_however_it_is_written(ip, how, scheme):
    config = ServeConfig(library=None, webhook_secret=parse_secret(SECRET))  # type: ignore[arg-type]
    with FakeInternet() as internet, pytest.raises(InputError) as refused:  # no DNS, no wire
        checked_source_callback(config, f"{scheme}://{_written(ip, how)}/hook")
    said = str(refused.value)
    assert refused.value.status == 422 and said.startswith("callback_url refused: "), said
    assert "\n" not in said and internet.attempts == []
