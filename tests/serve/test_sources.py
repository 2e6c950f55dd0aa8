"""The Sources page and /api/sources against a real `narrate serve` and a feed on 127.0.0.1
(allowed by --allow-private-urls, as the URL tests allow it): a source added is read at once
and each entry becomes an edition in the library; a new entry is built at the next poll; a
paused source is not read; a bad feed says why in one line, on its page and in the API."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.follow.site import Site
from tests.serve.conftest import BEARER, Running, token_server

POLL_MINUTES = "0.02"  # 1.2 s between polls, so a test sees the next one soon
FEED = "/blog/feed.xml"


@pytest.fixture(scope="module")
def site():
    running = Site()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("sources")
    running = Running(
        folder / "library",
        folder / "cache",
        ("--allow-private-urls", "--poll-minutes", POLL_MINUTES),
    ).start()
    yield running
    running.stop()


def until(check: Callable[[], object], timeout: float = 60) -> object:
    """The first true value of `check()`, asked until `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def post(site: Site, path: str, title: str, day: int) -> dict:
    site.page(path, title, f"{title} is the subject of this post.", "It has two sentences.")
    return {"title": title, "link": path, "guid": path, "day": day}


def follow(app: Running, url: str) -> dict:
    answer = requests.post(
        f"{app.url}/api/sources", json={"url": url, "engine": "tone"}, timeout=10
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"] == f"/api/sources/{answer.json()['id']}"
    return answer.json()


def source(app: Running, source_id: str) -> dict:
    return requests.get(f"{app.url}/api/sources/{source_id}", timeout=10).json()


def built(app: Running, source_id: str, count: int) -> list[dict]:
    """The source's entries once `count` of them have an edition (else [] after a minute)."""

    def enough() -> list[dict]:
        entries = source(app, source_id)["entries"]
        return entries if sum(1 for e in entries if e["edition"]) >= count else []

    return until(enough)  # type: ignore[return-value]


def csrf_of(session: requests.Session, url: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', session.get(url, timeout=10).text)
    assert found
    return found.group(1)


def test_a_followed_feed_becomes_editions_and_a_new_entry_is_built_at_the_next_poll(
    app: Running, site: Site
) -> None:
    site.rss(FEED, "Clinic news", [post(site, "/blog/hours", "New opening hours", 2)])
    followed = follow(app, site.url(FEED))
    assert followed["paused"] is False and followed["engine"] == "tone"

    entries = built(app, followed["id"], 1)
    assert [(e["title"], e["status"]) for e in entries] == [("New opening hours", "built")]
    job_id = entries[0]["edition"].removeprefix("/editions/")
    job = requests.get(f"{app.url}/api/editions/{job_id}", timeout=10).json()
    assert job["status"] == "done" and job["edition"]["title"] == "New opening hours"
    audio = requests.get(app.url + job["edition"]["files"]["mp3"], timeout=10)
    assert audio.status_code == 200 and len(audio.content) > 1000
    library = requests.get(f"{app.url}/library", headers={"Accept": "text/html"}, timeout=10)
    assert f'href="/editions/{job_id}"' in library.text

    items = [
        post(site, "/blog/flu", "Flu shots this week", 5),
        post(site, "/blog/hours", "New opening hours", 2),
    ]
    site.rss(FEED, "Clinic news", items)
    entries = built(app, followed["id"], 2)
    assert [e["title"] for e in entries] == ["Flu shots this week", "New opening hours"]
    assert entries[1]["edition"] == f"/editions/{job_id}"  # the old entry kept its edition
    polled = source(app, followed["id"])
    assert polled["last_result"] and "1 built" in polled["last_result"]
    assert polled["last_polled"] and polled["next_poll"] > polled["last_polled"]

    page = requests.get(
        f"{app.url}/sources/{followed['id']}", headers={"Accept": "text/html"}, timeout=10
    ).text
    assert "Flu shots this week" in page and f'href="/editions/{job_id}"' in page
    listing = requests.get(f"{app.url}/sources", timeout=10).text
    assert site.url(FEED) in listing and 'aria-current="page">Sources' in listing


def test_a_paused_source_is_not_read_until_resumed(app: Running, site: Site) -> None:
    feed = "/paused/feed.xml"
    site.rss(feed, "Paused news", [post(site, "/paused/one", "First notice", 3)])
    followed = follow(app, site.url(feed))
    built(app, followed["id"], 1)
    paused = requests.post(f"{app.url}/api/sources/{followed['id']}/pause", timeout=10).json()
    assert paused["paused"] is True and paused["next_poll"] is None
    until(lambda: not source(app, followed["id"])["polling"])
    read = site.hits[feed]
    site.rss(
        feed,
        "Paused news",
        [
            post(site, "/paused/two", "Second notice", 4),
            post(site, "/paused/one", "First notice", 3),
        ],
    )
    time.sleep(4 * float(POLL_MINUTES) * 60)  # several polls' worth of waiting
    assert site.hits[feed] == read
    assert len(source(app, followed["id"])["entries"]) == 1
    page = requests.get(f"{app.url}/sources/{followed['id']}", timeout=10).text
    assert "paused: not read until resumed" in page

    resumed = requests.post(f"{app.url}/api/sources/{followed['id']}/resume", timeout=10).json()
    assert resumed["paused"] is False
    assert [e["title"] for e in built(app, followed["id"], 2)] == ["Second notice", "First notice"]


@pytest.mark.parametrize(
    ("path", "body", "said"),
    [
        ("/bad/missing.xml", None, "404"),
        (
            "/bad/page.xml",
            b"<!doctype html><html><body><p>A page, not a feed</p></body></html>",
            "not",
        ),
    ],
)
def test_a_bad_feed_shows_its_one_line_error_and_the_others_go_on(
    app: Running, site: Site, path: str, body: bytes | None, said: str
) -> None:
    if body is not None:
        site.pages[path] = (body, "text/html")
    site.rss(path + ".good", "A good feed", [])
    good = follow(app, site.url(path + ".good"))
    followed = follow(app, site.url(path))
    failed = until(lambda: source(app, followed["id"])["last_result"] == "failed")
    assert failed
    problem = source(app, followed["id"])["problem"]
    assert problem and "\n" not in problem and said in problem and "Traceback" not in problem
    page = requests.get(
        f"{app.url}/sources/{followed['id']}", headers={"Accept": "text/html"}, timeout=10
    ).text
    alert = re.search(r'<p role="alert" class="error" id="source-problem">([^<]*)</p>', page)
    assert alert and said in alert.group(1)
    assert str(app.library) not in page
    listing = requests.get(f"{app.url}/sources", timeout=10).text
    assert "failed" in listing
    assert until(lambda: source(app, good["id"])["last_result"] == "no entries")
    first = source(app, followed["id"])["last_polled"]
    assert until(lambda: source(app, followed["id"])["last_polled"] > first)  # polled again


def test_an_entry_that_fails_is_said_on_its_source_and_built_when_it_can_be(
    app: Running, site: Site
) -> None:
    """A page that is down (503: it may pass, so never given up however many polls fail)."""
    feed = "/broken/feed.xml"
    site.rss(
        feed, "Broken news", [{"title": "Lost post", "link": "/broken/lost", "guid": "l", "day": 7}]
    )
    site.page("/broken/lost", "Lost post", "It is found again.", "It is read this time.")
    site.down.add("/broken/lost")
    followed = follow(app, site.url(feed))
    assert until(lambda: source(app, followed["id"])["problem"])
    said = source(app, followed["id"])
    assert said["last_result"].startswith("1 failed")
    assert said["problem"].startswith("Lost post: ") and "503" in said["problem"]
    assert [(e["status"], "503" in e["problem"]) for e in said["entries"]] == [("failed", True)]
    page = requests.get(f"{app.url}/sources/{followed['id']}", timeout=10).text
    assert "failed, tried again next time" in page and str(app.library) not in page

    site.down.discard("/broken/lost")
    assert built(app, followed["id"], 1)[0]["status"] == "built"
    assert until(lambda: source(app, followed["id"])["problem"] is None)


def test_the_forms_add_pause_resume_and_remove_a_source_with_their_csrf_token(
    app: Running, site: Site
) -> None:
    feed = "/forms/feed.xml"
    site.rss(feed, "Form news", [])
    session = requests.Session()
    listing = session.get(f"{app.url}/sources", timeout=10).text
    assert f"then every {POLL_MINUTES} minutes." in listing  # --poll-minutes as given, no ".0"
    assert "public http" not in listing  # this server allows private addresses
    token = csrf_of(session, f"{app.url}/sources")
    refused = session.post(
        f"{app.url}/sources",
        data={"url": site.url(feed), "engine": "tone"},
        headers={"Accept": "text/html"},
        timeout=10,
    )
    assert refused.status_code == 403  # no CSRF token
    added = session.post(
        f"{app.url}/sources",
        allow_redirects=False,
        timeout=10,
        data={"url": site.url(feed), "engine": "tone", "csrf": token},
    )
    assert added.status_code == 303
    page_url = app.url + added.headers["Location"].split("?")[0]
    source_id = page_url.rsplit("/", 1)[1]
    again = session.post(
        f"{app.url}/sources",
        headers={"Accept": "text/html"},
        timeout=10,
        data={"url": site.url(feed), "engine": "tone", "csrf": token},
    )
    assert again.status_code == 409 and 'role="alert"' in again.text
    assert "is followed already" in again.text and 'aria-invalid="true"' in again.text

    for action, offered in (("pause", "resume"), ("resume", "pause")):  # the other button
        done = session.post(f"{page_url}/{action}", data={"csrf": token}, timeout=10)
        assert done.status_code == 200 and f'action="/sources/{source_id}/{offered}"' in done.text

    confirm = session.get(f"{page_url}/remove", timeout=10)
    assert "Remove the source" in confirm.text and "stay in the library" in confirm.text
    gone = session.post(f"{page_url}/remove", data={"csrf": token}, timeout=10)
    assert gone.status_code == 200 and "The source was removed" in gone.text
    assert requests.get(f"{app.url}/api/sources/{source_id}", timeout=10).status_code == 404


def test_the_api_answers_unknown_sources_duplicates_and_bad_bodies_in_one_line(
    app: Running, site: Site
) -> None:
    feed = "/api/feed.xml"
    site.rss(feed, "API news", [])
    followed = follow(app, site.url(feed))
    duplicate = requests.post(f"{app.url}/api/sources", json={"url": site.url(feed)}, timeout=10)
    assert duplicate.status_code == 409 and "followed already" in duplicate.json()["error"]
    for body, status in (
        ({"url": "ftp://example.org/feed"}, 422),
        ({}, 422),
        ({"url": site.url("/x"), "engine": "nope"}, 422),
        ({"url": site.url("/x"), "engine": "tone", "voice": "../x"}, 422),
    ):
        answer = requests.post(f"{app.url}/api/sources", json=body, timeout=10)
        assert answer.status_code == status, (body, answer.text)
        assert "\n" not in answer.json()["error"]
    for unknown in ("0123456789ab", "not-an-id", "..%2f..%2fetc"):
        for method, path in (("GET", ""), ("DELETE", ""), ("POST", "/pause"), ("POST", "/resume")):
            answer = requests.request(method, f"{app.url}/api/sources/{unknown}{path}", timeout=10)
            assert answer.status_code == 404, (method, unknown, answer.text)
    assert requests.delete(f"{app.url}/api/sources/{followed['id']}", timeout=10).status_code == 204
    listed = requests.get(f"{app.url}/api/sources", timeout=10).json()
    assert followed["id"] not in [s["id"] for s in listed]


def test_a_private_address_is_refused_in_one_line_and_the_api_needs_the_token(
    tmp_path: Path, site: Site
) -> None:
    running, _ = token_server(tmp_path, "--poll-minutes", "1")
    state = tmp_path / "library" / ".narrate-serve"
    state.mkdir(parents=True)
    (state / "followed.json").write_text('{"schema": 1, "sources": [{"id": 5}]}')  # damaged
    running.start()
    try:
        url = site.url("/private/feed.xml")
        anonymous = requests.post(f"{running.url}/api/sources", json={"url": url}, timeout=10)
        assert anonymous.status_code == 401
        assert requests.get(f"{running.url}/api/sources", timeout=10).status_code == 401
        for address in (
            url,
            "http://10.0.0.8/feed.xml",
            "http://[::1]:80/feed",
            "http://169.254.169.254/latest/meta-data",
        ):
            refused = requests.post(
                f"{running.url}/api/sources", json={"url": address}, headers=BEARER, timeout=10
            )
            assert refused.status_code == 422, refused.text
            error = refused.json()["error"]
            assert error.startswith("URL refused: ") and "not public" in error and "\n" not in error
        assert requests.get(f"{running.url}/api/sources", headers=BEARER, timeout=10).json() == []
        listing = requests.get(f"{running.url}/sources", headers=BEARER, timeout=10).text
        assert "public http:// or https:// addresses only" in listing
        assert "then every minute." in listing
        assert site.hits["/private/feed.xml"] == 0
        assert len(list(state.glob("followed.json.set-aside-*"))) == 1  # kept, not lost
        assert "the followed sources could not be read" in running.log()
    finally:
        running.stop()


def test_an_edited_entry_is_rebuilt_into_the_same_library_edition(app: Running, site: Site) -> None:
    feed = "/edited/feed.xml"

    def publish(text: str) -> None:
        item = {
            "title": "Parking news",
            "link": "/edited/parking",
            "guid": "parking",
            "day": 6,
            "content": f"<p>{text}</p><p>The garage is on the north side.</p>",
        }
        site.rss(feed, "Edited news", [item])

    publish("Parking is free for patients.")
    followed = follow(app, site.url(feed))
    job_url = app.url + "/api" + built(app, followed["id"], 1)[0]["edition"]

    def transcript() -> str:
        """The edition's transcript; empty while the rebuilt edition takes the old one's place."""
        edition = requests.get(job_url, timeout=10).json().get("edition")
        if not edition:
            return ""
        try:
            answer = requests.get(app.url + edition["files"]["transcript_md"], timeout=10)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):  # swapped
            return ""  # the file went with the old edition mid-download (noted, not fixed)
        return answer.text if answer.ok else ""

    assert "Parking is free" in transcript()
    publish("Parking now costs two dollars an hour.")
    assert until(lambda: "two dollars" in transcript())
    entries = source(app, followed["id"])["entries"]
    assert [e["edition"] for e in entries] == ["/editions/" + job_url.rsplit("/", 1)[1]]
    titles = [job["title"] for job in requests.get(f"{app.url}/api/editions", timeout=10).json()]
    assert titles.count("Parking news") == 1  # one edition, rebuilt


def test_a_source_removed_and_added_again_keeps_the_links_to_its_editions(
    app: Running, site: Site
) -> None:
    feed = "/again/feed.xml"
    site.rss(feed, "Again news", [post(site, "/again/one", "Back again", 3)])
    first = follow(app, site.url(feed))
    [entry] = built(app, first["id"], 1)
    removed = requests.delete(f"{app.url}/api/sources/{first['id']}", timeout=10)
    assert removed.status_code == 204
    again = follow(app, site.url(feed))
    assert again["id"] != first["id"]
    time.sleep(1.5)  # its first poll (POLL_MINUTES) finds the entry unchanged
    [relinked] = built(app, again["id"], 1)
    assert relinked["edition"] == entry["edition"] and relinked["status"] == "built"
    titles = [job["title"] for job in requests.get(f"{app.url}/api/editions", timeout=10).json()]
    assert titles.count("Back again") == 1  # linked, not built a second time


def test_the_sources_and_their_pauses_outlive_a_restart(app: Running, site: Site) -> None:
    """Last in the module: it restarts the module's server."""
    feed = "/restart/feed.xml"
    site.rss(feed, "Restart news", [])
    followed = follow(app, site.url(feed))
    requests.post(f"{app.url}/api/sources/{followed['id']}/pause", timeout=10)
    before = {
        s["id"]: s["paused"] for s in requests.get(f"{app.url}/api/sources", timeout=10).json()
    }
    app.stop()
    app.start()
    after = {
        s["id"]: s["paused"] for s in requests.get(f"{app.url}/api/sources", timeout=10).json()
    }
    assert after == before and after[followed["id"]] is True
