"""The safety model against real servers: a token for any address but loopback, CSRF on form
posts, private addresses refused unless allowed (also behind a redirect), user file names
never used as paths."""

from __future__ import annotations

import re

import pytest
import requests

from narrate.errors import ArticleError
from narrate.readers.addresses import check_public
from tests.serve.conftest import wait_for

PAGE = """<html><head><title>Flu clinic</title></head><body><article><h1>Flu clinic</h1>
<p>The flu clinic opens on Monday. Bring your insurance card.</p></article></body></html>"""


def _token(running) -> str:
    found = re.search(r"token \(shown once.*\): (\S+)", running.log())
    assert found, running.log()
    return found.group(1)


def test_any_address_but_loopback_needs_the_token(start_server) -> None:
    running = start_server("--host", "0.0.0.0")
    token = _token(running)
    api = f"{running.url}/api/editions"
    refused = requests.get(api, timeout=10)
    assert refused.status_code == 401 and "token" in refused.json()["error"]
    wrong = requests.get(api, headers={"Authorization": "Bearer not-the-token"}, timeout=10)
    assert wrong.status_code == 401
    assert requests.post(api, json={"text": "Hi."}, timeout=10).status_code == 401
    assert requests.get(f"{running.url}/openapi.json", timeout=10).status_code == 401
    right = requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert right.status_code == 200 and right.json() == []

    browser = requests.Session()
    first = browser.get(f"{running.url}/library", allow_redirects=False, timeout=10)
    assert first.status_code == 303 and first.headers["location"] == "/login"
    csrf = _csrf(browser, f"{running.url}/login")
    bad = browser.post(f"{running.url}/login", data={"csrf": csrf, "token": "guess"}, timeout=10)
    assert bad.status_code == 401 and "That token is not" in bad.text
    browser.post(f"{running.url}/login", data={"csrf": csrf, "token": token}, timeout=10)
    assert browser.get(f"{running.url}/library", timeout=10).status_code == 200
    assert browser.get(api, timeout=10).status_code == 200  # the build page polls the API
    assert browser.post(api, json={"text": "Hi."}, timeout=10).status_code == 401  # Bearer only
    stale = browser.post(f"{running.url}/logout", data={"csrf": csrf}, timeout=10)
    assert stale.status_code == 403  # the login page's CSRF token is not the session's
    csrf = _csrf(browser, f"{running.url}/library")
    browser.post(f"{running.url}/logout", data={"csrf": csrf}, timeout=10)
    after = browser.get(f"{running.url}/library", allow_redirects=False, timeout=10)
    assert after.status_code == 303 and after.headers["location"] == "/login"


def test_a_token_file_is_used_on_loopback_too(start_server, tmp_path) -> None:
    secret = tmp_path / "token"
    secret.write_text("a-token-of-the-clinic-0123456789\n")
    running = start_server("--token-file", str(secret))
    assert "a-token-of-the-clinic" not in running.log()  # never printed from a file
    api = f"{running.url}/api/editions"
    assert requests.get(api, timeout=10).status_code == 401
    ok = requests.get(
        api, headers={"Authorization": "Bearer a-token-of-the-clinic-0123456789"}, timeout=10
    )
    assert ok.status_code == 200


def test_a_short_token_file_is_refused_in_one_line(tmp_path) -> None:
    import subprocess
    import sys

    from tests.serve.conftest import ROOT

    secret = tmp_path / "token"
    secret.write_text("short\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "narrate",
            "serve",
            "--token-file",
            str(secret),
            "--library",
            str(tmp_path / "lib"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "shorter than 16 characters" in done.stderr and "Traceback" not in done.stderr


def test_form_posts_need_their_csrf_token(app_server) -> None:
    browser = requests.Session()
    csrf = _csrf(browser, f"{app_server.url}/")
    forged = browser.post(
        f"{app_server.url}/editions",
        data={"text": "Hello there."},
        headers={"Accept": "text/html"},
        timeout=10,
    )
    assert forged.status_code == 403 and "another site" in forged.text
    other = requests.post(
        f"{app_server.url}/editions", data={"text": "Hi.", "csrf": csrf}, timeout=10
    )
    assert other.status_code == 403  # the right value without the cookie: another site's post
    sent = browser.post(
        f"{app_server.url}/editions",
        data={"text": "Hello there.", "csrf": csrf},
        allow_redirects=False,
        timeout=10,
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("/review")


def test_uploaded_file_names_never_become_paths(app_server) -> None:
    browser = requests.Session()
    csrf = _csrf(browser, f"{app_server.url}/")
    upload = {"file": ("../../../tmp/Open days & hours.txt", b"We open at nine. We close at five.")}
    sent = browser.post(
        f"{app_server.url}/editions",
        data={"csrf": csrf, "engine": "tone"},
        files=upload,
        timeout=10,
    )
    assert sent.status_code == 200 and "Review: Open days hours" in sent.text
    saved = list((app_server.library / ".narrate-serve" / "sources").rglob("*.txt"))
    assert [p.name for p in saved if p.read_bytes().startswith(b"We open")] == [
        "open-days-hours.txt"
    ]
    pdf = browser.post(
        f"{app_server.url}/editions",
        data={"csrf": csrf},
        files={"file": ("leaflet.pdf", b"\x89PNG\r\n\x1a\n" + b"IHDR" * 40)},
        timeout=10,
    )  # the type comes from the bytes: an image called .pdf is refused
    assert pdf.status_code == 415 and "leaflet.pdf: looks like binary data" in pdf.text
    empty = browser.post(
        f"{app_server.url}/editions",
        timeout=10,
        data={"csrf": csrf, "title": "Kept title", "engine": "tone"},
    )
    assert empty.status_code == 400
    assert re.search(r'role="alert"[^>]*>no article: the text is empty', empty.text)
    assert 'value="Kept title"' in empty.text  # the form comes back as it was filled in
    assert re.search(r'id="engine-tone"[^>]*checked', empty.text)


def test_private_urls_are_fetched_only_when_allowed(start_server, server) -> None:
    server.expect_request("/flu").respond_with_data(PAGE, content_type="text/html")
    page_url = server.url_for("/flu")
    running = start_server("--allow-private-urls")
    posted = requests.post(
        f"{running.url}/api/editions", json={"url": page_url, "engine": "tone"}, timeout=10
    ).json()
    job = wait_for(f"{running.url}/api/editions/{posted['id']}")
    assert job["status"] == "done", job
    assert job["edition"]["title"] == "Flu clinic"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "[::1]",
        "[fe80::1]",
        "[::ffff:10.0.0.1]",
        "0.0.0.0",
        "localhost",
    ],
)
def test_every_private_kind_of_address_is_refused(address: str) -> None:
    with pytest.raises(ArticleError, match="private, loopback or link-local"):
        check_public(f"http://{address}/page")


def _csrf(browser: requests.Session, url: str) -> str:
    page = browser.get(url, timeout=10).text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)
