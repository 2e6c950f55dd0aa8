"""Against DNS rebinding (the Host a request names, the Origin a state-changing request comes
from) and the security headers on every page: a Content-Security-Policy the pages keep to (no
inline script or style but the web player's own, by hash), nosniff, no referrer, no framing
but for the accessible web player."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
import requests

from tests.serve.conftest import ARTICLE, BEARER, raw_get, token_server, wait_for


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "127.0.0.2:{port}", "[::1]:{port}",
     "localhost."],
)  # fmt: skip
def test_without_a_token_loopback_names_are_answered(app_server, host) -> None:
    status, _, _ = raw_get(app_server, "/api/editions", {"Host": host.format(port=app_server.port)})
    assert status == 200, host


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}", "localhost.evil.example",
     "192.168.1.20:{port}", "0.0.0.0:{port}", "", "127.0.0.1:{port}@evil.example",
     "evil.example#127.0.0.1", "[::1", "127.0.0.1:port"],
)  # fmt: skip
def test_without_a_token_other_host_names_are_refused(app_server, host) -> None:
    for path in ("/api/editions", "/", "/library", "/feed.xml", "/static/app.js"):
        status, _, body = raw_get(app_server, path, {"Host": host.format(port=app_server.port)})
        assert status == 400, (host, path, status)
        assert b"not a name this server answers to" in body


def test_allowed_host_adds_a_name_and_a_token_narrows_any_name(tmp_path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    from tests.serve.conftest import Running

    plain = Running(folder / "library", folder / "cache", ("--allowed-host", "clinic.lan"))
    plain.start()
    try:
        assert raw_get(plain, "/api/editions", {"Host": "clinic.lan:8765"})[0] == 200
        assert raw_get(plain, "/api/editions", {"Host": "CLINIC.LAN"})[0] == 200
        assert raw_get(plain, "/api/editions", {"Host": "other.lan"})[0] == 400
    finally:
        plain.stop()
    for args, evil in ((), 200), (("--allowed-host", "clinic.lan"), 400):
        folder = tmp_path / f"token{len(args)}"
        folder.mkdir()
        running, _ = token_server(folder, *args)
        running.start()
        try:
            assert raw_get(running, "/api/editions", {"Host": "evil.example", **BEARER})[0] == evil
            assert raw_get(running, "/api/editions", {"Host": "clinic.lan", **BEARER})[0] == 200
            local = {"Host": f"127.0.0.1:{running.port}", **BEARER}
            assert raw_get(running, "/api/editions", local)[0] == 200
        finally:
            running.stop()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Origin": "http://localhost:{port}"},  # another origin, though the same machine
        {"Origin": "http://127.0.0.1:{port}.evil.example"},
        {"Origin": "file://"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_state_changing_requests_from_another_origin_are_refused(app_server, headers) -> None:
    sent = {k: v.format(port=app_server.port) for k, v in headers.items()}
    api = f"{app_server.url}/api/editions"
    posted = requests.post(api, json={"text": "Hi.", "engine": "tone"}, headers=sent, timeout=10)
    assert posted.status_code == 403 and "send" in posted.json()["error"]
    deleted = requests.delete(f"{api}/0123456789ab", headers=sent, timeout=10)
    assert deleted.status_code == 403
    browser = requests.Session()
    page = browser.get(f"{app_server.url}/", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = browser.post(f"{app_server.url}/editions", data={"csrf": csrf, "text": "Hi."},
                        headers=sent, allow_redirects=False, timeout=10)  # fmt: skip
    assert form.status_code == 403  # even with the right CSRF token
    assert requests.get(api, headers=sent, timeout=10).status_code == 200  # reading is fine


def test_the_same_origin_and_no_origin_may_post(app_server) -> None:
    api = f"{app_server.url}/api/editions"
    same = {"Origin": app_server.url, "Sec-Fetch-Site": "same-origin"}
    for headers in (same, {}):
        posted = requests.post(api, json={"text": "Hi there.", "engine": "tone"},
                               headers=headers, timeout=10)  # fmt: skip
        assert posted.status_code == 202, posted.text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _inline(html: str) -> dict[str, list[str]]:
    """What a CSP judges in a page: inline scripts and styles, and attributes that run or style."""
    return {
        "script": re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S),
        "style": re.findall(r"<style[^>]*>(.*?)</style>", html, re.S),
        "attributes": re.findall(r"\s(on[a-z]+|style)\s*=", html),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A token server with an edition in every profile and a draft under review."""
    running, _ = token_server(tmp_path_factory.mktemp("headers"))
    running.start()
    posted = requests.post(
        f"{running.url}/api/editions", headers=BEARER, timeout=10,
        json={"text": ARTICLE, "format": "md", "engine": "tone",
              "profiles": ["podcast", "accessible", "phone"]},
    ).json()  # fmt: skip
    job = wait_for(f"{running.url}/api/editions/{posted['id']}", headers=BEARER)
    assert job["status"] == "done", job
    yield running, job
    running.stop()


def test_every_page_and_file_carries_the_headers(built) -> None:
    running, job = built
    files = [url for edition in job["editions"] for url in edition["files"].values()]
    pages = ["/", "/library", "/feed", "/login", f"/editions/{job['id']}",
             f"/editions/{job['id']}/delete", f"/editions/{job['id']}/review", "/feed.xml",
             "/openapi.json", "/api/editions", "/static/app.js", "/static/app.css",
             "/no-such-page", "/library/podcast/missing.mp3", job["links"]["zip"],
             *files]  # fmt: skip
    player = next(url for url in files if url.endswith("/index.html"))
    for path in pages:
        status, headers, body = raw_get(running, path, {"Accept": "text/html", **BEARER})
        assert status in (200, 404), (path, status)
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path
        policy = headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        if path == player:
            assert "frame-ancestors" not in policy and "x-frame-options" not in headers
        else:
            assert "frame-ancestors 'none'" in policy and headers["x-frame-options"] == "DENY", path
        if headers.get("content-type", "").startswith("text/html"):
            html = body.decode()
            found = _inline(html)
            assert not found["attributes"], (path, found["attributes"])
            for script in found["script"]:  # a script runs only when the policy names its hash
                assert _sha256(script) in policy, path
            for style in found["style"]:
                assert _sha256(style) in policy, path
    status, headers, body = raw_get(running, player, BEARER)
    assert _inline(body.decode())["script"], "the web player has its inline script"


def test_headers_are_sent_on_refusals_too(app_server) -> None:
    for path, headers in (("/", {"Host": "evil.example"}), ("/library/%00", {})):
        status, got, _ = raw_get(app_server, path, headers)
        assert status in (400, 404)
        assert (
            got["x-frame-options"] == "DENY"
            and "frame-ancestors 'none'" in got["content-security-policy"]
        )
