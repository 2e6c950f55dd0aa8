"""No 500s: each bad input is a 4xx with one line (lone surrogates, NUL, very long names, a
library made read-only while running, voices narrate does not know, feed links that are not
http(s)), and GET /feed.xml writes nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
import requests
from lxml import etree

from tests.helpers import missing
from tests.serve.conftest import raw_get


def _post_raw(app_server, body: str) -> requests.Response:
    """A JSON body as written (json escapes such as \\ud800 reach the server as they are)."""
    return requests.post(
        f"{app_server.url}/api/editions",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


def _one_line(response: requests.Response) -> str:
    error = response.json()["error"]
    assert "\n" not in error and "Traceback" not in response.text
    return error


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('{"text": "Hello \\ud800 there."}', "text: not valid text"),
        ('{"text": "\\udfff", "engine": "tone"}', "text: not valid text"),
        ('{"text": "Hi.", "voice": "\\ud83d"}', "voice: not valid text"),
        ('{"url": "http://example.org/\\ud800"}', "url: not valid text"),
        ('{"url": "http://\\udc80.example.org/"}', "url: not valid text"),
        ('{"text": "Hi.", "title": "A \\ud800 title"}', "title: not valid text"),
        ('{"text": "Hi.", "author": "\\udfff"}', "author: not valid text"),
        ('{"text": "Hi.", "format": "m\\ud800d"}', "format: not valid text"),
        ('{"text": "Hi.", "engine": "\\ud800"}', "engine: not valid text"),
        ('{"text": "Hi.", "profiles": ["\\ud800"]}', "profiles: not valid text"),
    ],
)
def test_lone_surrogates_are_refused(app_server, body: str, says: str) -> None:
    response = _post_raw(app_server, body)
    assert response.status_code == 422, response.text
    assert says in _one_line(response)


def test_a_lone_surrogate_in_a_form_is_refused_or_replaced(app_server) -> None:
    browser = requests.Session()
    page = browser.get(f"{app_server.url}/", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    for raw in (b"\xed\xa0\x80", b"%ED%A0%80", b"\xff\xfe"):
        body = b"csrf=" + csrf.encode() + b"&engine=tone&text=Hello+" + raw + b"+there."
        sent = browser.post(
            f"{app_server.url}/editions",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            timeout=10,
        )
        assert sent.status_code in (303, 400, 422), (raw, sent.status_code)


@pytest.mark.parametrize(
    ("voice", "engine"),
    [
        ("en_US-lessac-medium", "piper"),  # a real Piper voice, but not one narrate has
        ("en_US-joe-medium", "tone"),  # a voice of another engine
        ("{onnx}", "piper"),  # a model on disk: never taken from a request
        ("{onnx}", "auto"),
        ("../../../../{onnx}", "piper"),
        ("x" * 10_000, "piper"),
        ("sine\n", "gtts"),
    ],
)
def test_voices_are_checked_when_the_job_is_posted(app_server, tmp_path, voice, engine) -> None:
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"not a model")
    (tmp_path / "voice.onnx.json").write_text("{}")
    voice = voice.format(onnx=model)
    before = requests.get(f"{app_server.url}/api/editions", timeout=10).json()
    response = requests.post(
        f"{app_server.url}/api/editions",
        json={"text": "Hello there.", "engine": engine, "voice": voice},
        timeout=10,
    )
    assert response.status_code == 422, response.text
    error = _one_line(response)
    assert "unknown voice" in error and len(error) < 1000
    assert requests.get(f"{app_server.url}/api/editions", timeout=10).json() == before  # no job


def test_a_voice_the_engine_offers_is_taken(app_server) -> None:
    response = requests.post(
        f"{app_server.url}/api/editions",
        json={"text": "Hello there.", "engine": "tone", "voice": "sine"},
        timeout=10,
    )
    assert response.status_code == 202, response.text


@pytest.mark.parametrize(
    "path",
    [
        "/library/%00",
        "/library/podcast/%00.mp3",
        "/library/podcast/a%00b/c.mp3",
        "/library/%ED%A0%80",
        "/library/%ff%fe",
        "/library/" + "a" * 5000,
        "/library/podcast/" + "b" * 300 + ".mp3",
        "/library/podcast/" + "c/" * 2500 + "d.mp3",
        "/library/%5c%5c",
        "/editions/" + "e" * 5000,
        "/editions/%00/review",
        "/api/editions/" + "f" * 5000,
        "/api/editions/%00",
        "/static/%00",
        "/static/" + "g" * 5000,
    ],
)
def test_odd_and_very_long_paths_are_404(app_server, path) -> None:
    status, _, body = raw_get(app_server, path)
    assert status in (400, 404), (path[:60], status)
    assert b"Traceback" not in body and b"internal error" not in body
    if body.startswith(b"{"):
        assert len(json.loads(body)["error"]) < 300


def test_very_long_names_in_a_job_are_4xx_or_a_short_name(app_server) -> None:
    api = f"{app_server.url}/api/editions"
    long_engine = requests.post(api, json={"text": "Hi.", "engine": "e" * 50_000}, timeout=10)
    assert long_engine.status_code == 422 and len(_one_line(long_engine)) < 300
    long_profile = requests.post(api, json={"text": "Hi.", "profiles": ["p" * 50_000]}, timeout=10)
    assert long_profile.status_code == 422
    browser = requests.Session()
    csrf = re.search(
        r'name="csrf" value="([^"]+)"', browser.get(f"{app_server.url}/", timeout=10).text
    ).group(1)
    for length, answers in ((250, (303,)), (5000, (303, 400))):
        upload = {"file": ("word " * (length // 5) + ".txt", b"We open at nine.")}
        sent = browser.post(f"{app_server.url}/editions", data={"csrf": csrf, "engine": "tone"},
                            files=upload, allow_redirects=False, timeout=10)  # fmt: skip
        assert sent.status_code in answers, sent.text[:200]  # the name reaches the disk only
        if sent.status_code == 400:  # as a short slug; a header too long for the parser is
            assert len(sent.json()["error"]) < 100  # refused in one line


def _csrf_session(running) -> tuple[requests.Session, str]:
    browser = requests.Session()
    page = browser.get(f"{running.url}/feed", timeout=10).text
    return browser, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("image", "javascript:alert(1)"),
        ("image", "JaVaScRiPt:alert(document.cookie)"),
        ("image", "data:image/png;base64,iVBORw0KGgo="),
        ("image", "vbscript:msgbox"),
        ("image", "file:///etc/passwd"),
        ("image", "../../feed-settings.json"),
        ("image", "/etc/passwd"),
        ("image", "http://"),
        ("image", "http://exa mple.org/c.png"),
        ("image", "ftp://example.org/c.png"),
        ("base_url", "javascript:alert(1)//"),
        ("base_url", "data:text/html,hi"),
        ("base_url", "example.org/podcast"),
    ],
)
def test_feed_settings_take_only_http_links(app_server, field, value) -> None:
    browser, csrf = _csrf_session(app_server)
    saved = browser.post(f"{app_server.url}/feed", data={"csrf": csrf, field: value}, timeout=10)
    assert saved.status_code == 400, (value, saved.status_code)
    assert re.search(r'role="alert"[^>]*>[^<]*give an http:// or https:// address', saved.text)
    stored = app_server.library / "feed-settings.json"
    assert not stored.exists() or value not in stored.read_text()


@pytest.mark.parametrize(
    ("field", "value"),
    [("image", "cover.png"), ("image", "https://cdn.example.org/c.png"),
     ("base_url", "https://clinic.example.org/podcast/")],
)  # fmt: skip
def test_feed_settings_take_http_links_and_file_names(app_server, field, value) -> None:
    browser, csrf = _csrf_session(app_server)
    saved = browser.post(f"{app_server.url}/feed", data={"csrf": csrf, field: value}, timeout=10)
    assert saved.status_code == 200 and "Feed settings saved." in saved.text
    assert json.loads((app_server.library / "feed-settings.json").read_text())[field] == value


def test_a_stored_javascript_cover_never_reaches_the_feed(app_server) -> None:
    settings = app_server.library / "feed-settings.json"
    settings.write_text(json.dumps({"title": "Clinic", "image": "javascript:alert(1)",
                                    "base_url": "javascript:x//"}))  # fmt: skip
    feed = requests.get(f"{app_server.url}/feed.xml", timeout=10)
    assert feed.status_code == 200
    assert b"javascript" not in feed.content
    channel = etree.fromstring(feed.content).find("channel")
    assert channel.findtext("link").startswith(app_server.url)
    settings.unlink()


def _snapshot(folder) -> dict[str, tuple[int, int]]:
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            found[os.path.relpath(path, folder)] = (info.st_mtime_ns, info.st_size)
    return found


def test_the_feed_writes_nothing(start_server, tmp_path) -> None:
    running = start_server()
    podcast = running.library / "podcast"
    assert not podcast.exists()
    before = _snapshot(running.library)
    for _ in range(3):
        assert requests.get(f"{running.url}/feed.xml", timeout=10).status_code == 200
    assert _snapshot(running.library) == before and not podcast.exists()
    posted = requests.post(f"{running.url}/api/editions",
                           json={"text": "# News\n\nThe clinic is open.", "format": "md",
                                 "engine": "tone"}, timeout=10).json()  # fmt: skip
    from tests.serve.conftest import wait_for

    assert wait_for(f"{running.url}/api/editions/{posted['id']}")["status"] == "done"
    before = _snapshot(running.library)
    feed = requests.get(f"{running.url}/feed.xml", timeout=10)
    assert len(etree.fromstring(feed.content).findall("channel/item")) == 1
    assert _snapshot(running.library) == before
    assert not (podcast / "feed.xml").exists()


@pytest.fixture
def read_only(tmp_path):
    """Make a folder read-only while a server uses it: a read-only bind mount as root (whom
    permissions do not stop), file permissions otherwise."""
    made: list = []

    def make(folder) -> None:
        if os.geteuid() != 0:
            for root, dirs, files in os.walk(folder):
                for name in [*dirs, *files, "."]:
                    mode = 0o555 if name in dirs or name == "." else 0o444
                    os.chmod(os.path.join(root, name), mode)
            made.append(("chmod", folder))
            return
        for command in (["mount", "--bind", str(folder), str(folder)],
                        ["mount", "-o", "remount,ro,bind", str(folder)]):  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                if made:
                    subprocess.run(["umount", str(folder)])
                why = done.stderr.strip()
                missing("a read-only bind mount", f"run as root with mount rights ({why})")
            made.append(("mount", folder))

    yield make
    for how, folder in reversed(made):
        if how == "mount":
            subprocess.run(["umount", str(folder)], check=False)
            break
    for how, folder in made:
        if how == "chmod":
            for root, dirs, files in os.walk(folder):
                for name in [*dirs, *files, "."]:
                    os.chmod(os.path.join(root, name), 0o755)


def test_a_library_made_read_only_while_running(start_server, read_only) -> None:
    running = start_server()
    api = f"{running.url}/api/editions"
    done = requests.post(api, json={"text": "We open at nine.", "engine": "tone"}, timeout=10)
    from tests.serve.conftest import wait_for

    first = wait_for(f"{api}/{done.json()['id']}")
    assert first["status"] == "done"
    read_only(running.library)
    posted = requests.post(api, json={"text": "We close at five.", "engine": "tone"}, timeout=10)
    assert posted.status_code == 409, posted.text + running.log()
    assert "cannot be written" in _one_line(posted)
    browser, csrf = _csrf_session(running)
    feed = browser.post(f"{running.url}/feed", data={"csrf": csrf, "title": "T"},
                        headers={"Accept": "text/html"}, timeout=10)  # fmt: skip
    assert feed.status_code == 409 and "feed-settings.json" in feed.text
    deleted = requests.delete(f"{api}/{first['id']}", timeout=10)
    assert deleted.status_code == 409
    assert requests.get(api, timeout=10).status_code == 200  # reading still works
    assert requests.get(f"{running.url}/library", timeout=10).status_code == 200
    mp3 = requests.get(running.url + first["edition"]["files"]["mp3"], timeout=10)
    assert mp3.status_code == 200
    assert requests.get(f"{running.url}/feed.xml", timeout=10).status_code == 200
