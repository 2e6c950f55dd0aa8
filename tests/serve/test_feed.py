"""The podcast feed: settings saved in the library through the feed page, /feed.xml served
with the podcast editions, and (only when the settings say so) without the token."""

from __future__ import annotations

import json
import re
import struct
import zlib

import requests
from lxml import etree

from tests.serve.conftest import wait_for

TOKEN = "feed-test-token-0123456789abcdef"


def _png(side: int, other: int | None = None) -> bytes:
    """A grey PNG of side x other pixels."""
    width, height = side, other or side

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


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
    csrf = _csrf(browser, f"{running.url}/feed")  # the session's own CSRF token
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
    wide = browser.post(
        f"{running.url}/feed",
        data=settings,
        timeout=10,
        files={"cover_file": ("cover.png", _png(1400, 1000))},
    )
    assert wide.status_code == 400
    assert re.search(r'role="alert"[^>]*>the uploaded cover: 1400x1000 px is not square', wide.text)
    square = browser.post(
        f"{running.url}/feed",
        data=settings,
        timeout=10,
        files={"cover_file": ("My Cover.PNG", _png(1400))},
    )
    assert "Feed settings saved." in square.text
    feed = etree.fromstring(requests.get(f"{running.url}/feed.xml", timeout=10).content)
    image = feed.find("channel/{http://www.itunes.com/dtds/podcast-1.0.dtd}image").get("href")
    assert image == f"{running.url}/library/podcast/cover.png"
    assert requests.get(image, timeout=10).content == _png(1400)

    accessible = job["editions"][1]["files"]["mp3"]
    assert (
        requests.get(running.url + accessible, allow_redirects=False, timeout=10).status_code == 303
    )  # not public
