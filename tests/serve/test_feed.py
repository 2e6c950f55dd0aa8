"""The podcast feed: settings saved in the library through the feed page, /feed.xml served
with the podcast editions, and (only when the settings say so) without the token."""

from __future__ import annotations

import json
import re

import requests
from lxml import etree

from tests.serve.conftest import wait_for

TOKEN = "feed-test-token-0123456789abcdef"


def _csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', session.get(url, timeout=10).text).group(1)


def test_feed_settings_and_the_feed(start_server, tmp_path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN)
    running = start_server("--token-file", str(secret))
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    posted = requests.post(
        f"{running.url}/api/editions",
        headers=bearer,
        timeout=10,
        json={
            "text": "# Flu shots\n\nFlu shots are free this week.",
            "format": "md",
            "engine": "tone",
            "profiles": ["podcast", "accessible"],
        },
    ).json()
    job = wait_for(f"{running.url}/api/editions/{posted['id']}", headers=bearer)
    assert job["status"] == "done", job
    assert (
        requests.get(f"{running.url}/feed.xml", allow_redirects=False, timeout=10).status_code
        == 303
    )  # to login

    browser = requests.Session()
    csrf = _csrf(browser, f"{running.url}/login")
    browser.post(f"{running.url}/login", data={"csrf": csrf, "token": TOKEN}, timeout=10)
    settings = {
        "title": "Clinic news",
        "author": "Riverside Clinic",
        "email": "a@example.org",
        "category": "Health & Fitness",
        "public": "on",
        "csrf": csrf,
    }
    saved = browser.post(f"{running.url}/feed", data=settings, timeout=10)
    assert "Feed settings saved." in saved.text
    stored = json.loads((running.library / "feed-settings.json").read_text())
    assert stored["title"] == "Clinic news" and stored["public"] is True

    feed = requests.get(f"{running.url}/feed.xml", timeout=10)  # public now: no token
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/rss")
    channel = etree.fromstring(feed.content).find("channel")
    assert channel.findtext("title") == "Clinic news"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Flu shots"]  # podcast editions only
    enclosure = items[0].find("enclosure").get("url")
    assert enclosure.startswith(f"{running.url}/library/podcast/")
    audio = requests.get(enclosure, timeout=10)
    assert audio.status_code == 200 and len(audio.content) == int(
        items[0].find("enclosure").get("length")
    )
    accessible = job["editions"][1]["files"]["mp3"]
    assert (
        requests.get(running.url + accessible, allow_redirects=False, timeout=10).status_code == 303
    )  # not public
