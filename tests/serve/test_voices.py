"""The voices in the web app and the JSON API, against a real `narrate serve` and the voices
repository's stand-in (tests/voice_server.py): list, hear a sample, add from the catalogue."""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests import voice_server
from tests.helpers import narrate_process
from tests.serve.conftest import raw_get, token_server
from tests.voice_server import GOOD, WRONG_DIGEST


@pytest.fixture
def voices_server(start_server, tmp_path, monkeypatch):
    """A server whose voices folder is the test's, with the stand-in's index refreshed in."""
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    stand_in = voice_server.serve()
    monkeypatch.setenv("NARRATE_VOICES_URL", stand_in.url)
    assert narrate_process("voices", "--refresh").returncode == 0
    yield start_server()
    stand_in.stop()


def _csrf(browser: requests.Session, url: str) -> str:
    page = browser.get(f"{url}/voices", timeout=10).text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _is_wav(response: requests.Response) -> bool:
    return (response.status_code == 200 and response.headers["content-type"] == "audio/wav"
            and response.content[:4] == b"RIFF" and len(response.content) > 10_000)  # fmt: skip


@pytest.mark.slow
def test_a_voice_is_added_from_the_catalogue_listed_and_heard(voices_server) -> None:
    url = voices_server.url
    listed = requests.get(f"{url}/api/voices", timeout=10).json()
    piper = [v for v in listed["voices"] if v["engine"] == "piper"]
    assert [v["id"] for v in piper] == ["en_US-joe-medium"]
    assert piper[0]["sample"] == "/voices/piper/en_US-joe-medium/sample.wav"
    assert {v["name"] for v in listed["catalogue"]} == set(voice_server.BEHAVIOURS)
    assert all(v["sample"] is None for v in listed["voices"] if v["engine"] == "gtts")

    page = requests.get(f"{url}/voices", timeout=10).text
    assert 'href="/voices/piper/en_US-joe-medium/sample.wav"' in page
    assert f'<option value="{GOOD}">' in page
    assert _is_wav(requests.get(f"{url}/voices/piper/en_US-joe-medium/sample.wav", timeout=60))

    browser = requests.Session()
    sent = browser.post(f"{url}/voices/add", data={"csrf": _csrf(browser, url), "voice": GOOD},
                        timeout=10)  # fmt: skip
    assert sent.status_code == 200 and f"{GOOD}: " in sent.text  # redirected to the page
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        spanish = requests.get(f"{url}/api/voices?lang=es", timeout=10).json()
        if any(v["id"] == GOOD for v in spanish["voices"]):
            break
        time.sleep(0.2)
    assert [v["id"] for v in spanish["voices"] if v["engine"] == "piper"] == [GOOD]
    assert [v["installed"] for v in spanish["catalogue"] if v["name"] == GOOD] == [True]
    assert f"{GOOD}: added" in requests.get(f"{url}/voices", timeout=10).text
    assert _is_wav(requests.get(f"{url}/voices/piper/{GOOD}/sample.wav", timeout=60))


def _finished(url: str, name: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        adds = {a["name"]: a for a in requests.get(f"{url}/api/voices/adds", timeout=10).json()}
        if adds.get(name, {}).get("finished"):
            return adds[name]
        time.sleep(0.2)
    raise AssertionError(f"{name} was not finished in 60 s")


@pytest.mark.slow
def test_the_api_adds_a_voice_and_says_how_it_went(voices_server) -> None:
    """A CMS adds a voice with POST /api/voices, polls GET /api/voices/adds, then finds the
    voice among GET /api/voices' voices; a bad download says why; a name that is not the
    catalogue's is refused before anything is fetched."""
    url = voices_server.url
    started = requests.post(f"{url}/api/voices", json={"name": GOOD}, timeout=10)
    assert started.status_code == 202 and started.json()["name"] == GOOD
    done = _finished(url, GOOD)
    assert done["error"] is None and done["percent"] == 100
    spanish = requests.get(f"{url}/api/voices?lang=es", timeout=10).json()
    assert [v["id"] for v in spanish["voices"] if v["engine"] == "piper"] == [GOOD]
    assert requests.post(f"{url}/api/voices", json={"name": WRONG_DIGEST},
                         timeout=10).status_code == 202  # fmt: skip
    failed = _finished(url, WRONG_DIGEST)
    assert failed["error"] and "Traceback" not in failed["error"]
    assert WRONG_DIGEST not in {v["id"] for v in
                                requests.get(f"{url}/api/voices", timeout=10).json()["voices"]}
    for body, status in [({"name": "../../etc"}, 400), ({"name": "xx_XX-nobody-low"}, 400),
                         ({}, 422), ({"name": 7}, 422)]:  # fmt: skip
        refused = requests.post(f"{url}/api/voices", json=body, timeout=10)
        assert refused.status_code == status, (body, refused.text)
        assert len(refused.json()["error"].splitlines()) == 1


def test_a_failed_add_is_said_on_the_page_without_terminal_advice(voices_server) -> None:
    url = voices_server.url
    browser = requests.Session()
    browser.post(f"{url}/voices/add", data={"csrf": _csrf(browser, url), "voice": WRONG_DIGEST},
                 timeout=10)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = requests.get(f"{url}/voices", timeout=10).text
        if "not added" in page:
            break
        time.sleep(0.2)
    assert f"{WRONG_DIGEST}: <span class=\"error\">not added: " in page
    assert "wrong MD5 digest" in page and "--refresh" not in page
    assert "/tmp/" not in page
    assert WRONG_DIGEST not in [v["id"] for v in requests.get(f"{url}/api/voices").json()["voices"]]


def test_adding_needs_the_form_token_and_a_catalogue_name(voices_server) -> None:
    url = voices_server.url
    forged = requests.post(f"{url}/voices/add", data={"voice": GOOD}, timeout=10)
    assert forged.status_code == 403
    browser = requests.Session()
    csrf = _csrf(browser, url)
    for name in ("../../etc/passwd", "/usr/share/voice.onnx", "es_MX-nobody-high", ""):
        refused = browser.post(f"{url}/voices/add", data={"csrf": csrf, "voice": name},
                               timeout=10)  # fmt: skip
        assert refused.status_code == 400, name
        assert refused.json()["error"].endswith("is not a voice of Piper's catalogue")
    assert not (voices_server.library.parent / "data" / "voices" / GOOD).exists()


@pytest.mark.parametrize(
    "path",
    ["/voices/piper/es_MX-claude-high/sample.wav",  # in the catalogue, not added
     "/voices/piper/..%2F..%2Fetc%2Fpasswd/sample.wav",
     "/voices/piper/%2Fusr%2Fshare%2Fjoe.onnx/sample.wav",
     "/voices/gtts/en/sample.wav",  # online: no sample sent to Google
     "/voices/nobody/x/sample.wav"],
)  # fmt: skip
def test_a_sample_is_only_of_a_voice_listed_here(voices_server, path) -> None:
    status, _, body = raw_get(voices_server, path)
    assert status == 404 and b"RIFF" not in body


def test_the_voices_need_the_token_where_the_server_asks_for_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    running, token = token_server(tmp_path)
    running.start()
    try:
        for path in ("/api/voices", "/voices", "/voices/piper/en_US-joe-medium/sample.wav"):
            refused = requests.get(running.url + path, allow_redirects=False, timeout=10)
            assert refused.status_code in (303, 401), path
            assert b"RIFF" not in refused.content
        added = requests.post(f"{running.url}/voices/add", data={"voice": GOOD},
                              allow_redirects=False, timeout=10)  # fmt: skip
        assert added.status_code in (303, 401, 403)
        by_api = requests.post(f"{running.url}/api/voices", json={"name": GOOD}, timeout=10)
        assert by_api.status_code == 401
        listed = requests.get(f"{running.url}/api/voices", headers={"Authorization":
                              f"Bearer {token}"}, timeout=10)  # fmt: skip
        assert listed.status_code == 200 and len(listed.json()["catalogue"]) == 124
        document = requests.get(f"{running.url}/openapi.json", timeout=10,
                                headers={"Authorization": f"Bearer {token}"}).json()  # fmt: skip
        assert "/api/voices" in document["paths"]
        assert "/voices/add" not in document["paths"]  # pages are not the API
    finally:
        running.stop()
    assert not (tmp_path / "data" / "voices" / GOOD).exists()
