"""A real `narrate serve` never turns an intranet page into an edition, however the URL is
written, wherever a redirect points, whatever a name answers later (issue 24, item 1).

The server runs on a pretend internet (tests/readers/fake_internet.py, put in place by a
sitecustomize on its PYTHONPATH): news.example is public and answered by a site on 127.0.0.1;
the "intranet" is another site on 127.0.0.1 with a secret page, reachable as a clinic's would
be; every other connection is refused and every attempt is logged, so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.readers.fake_internet import (
    ENVIRONMENT,
    PUBLIC_V4,
    FakeInternet,
    Site,
    logged_attempts,
)
from tests.serve.conftest import wait_for

SECRET = "INTRANET-SECRET-5d1c"
INTRANET_PAGE = (
    "<html><head><title>Patient list</title></head><body><article>"
    f"<h1>Patient list</h1><p>{SECRET} Only for the clinic's staff. " + "Names follow. " * 20
    + "</p></article></body></html>"
)  # fmt: skip
STORY = (
    "<html><head><title>Flu clinic news</title></head><body><article><h1>Flu clinic news</h1>"
    "<p>The flu clinic opens on Monday. Bring your card.</p></article></body></html>"
)


@pytest.fixture
def intranet():
    site = Site()
    site.page("/secret", INTRANET_PAGE)
    site.page("/", INTRANET_PAGE)
    yield site
    site.stop()


@pytest.fixture
def news(intranet):
    """news.example: a public site whose pages redirect into the intranet in many ways."""
    site = Site()
    site.page("/story", STORY)
    inside = f"127.0.0.1:{intranet.port}"
    for path, location in {
        "/to-loopback": f"http://{inside}/secret",
        "/to-localhost": f"http://localhost:{intranet.port}/secret",
        "/to-ipv6": f"http://[::1]:{intranet.port}/secret",
        "/to-mapped": f"http://[::ffff:127.0.0.1]:{intranet.port}/secret",
        "/to-decimal": f"http://2130706433:{intranet.port}/secret",
        "/to-hex": f"http://0x7f.1:{intranet.port}/secret",
        "/to-short": f"http://127.1:{intranet.port}/secret",
        "/to-backslash": f"http://{inside}\\@news.example/secret",
        "/to-backslashes": f"\\\\{inside}/secret",
        "/to-userinfo": f"http://news.example@{inside}/secret",
        "/to-no-slash": f"//{inside}/secret",
        "/to-name": f"http://intranet.example:{intranet.port}/secret",
        "/to-metadata": "http://169.254.169.254/latest/meta-data/",
        "/to-rebound": f"http://rebound.example:{intranet.port}/secret",
        "/to-hop": "/to-loopback",
    }.items():
        site.redirect(path, location, status=301 if "hop" in path else 302)
    yield site
    site.stop()


@pytest.fixture
def on_the_pretend_internet(news, intranet, tmp_path, monkeypatch) -> Path:
    """Servers started from here on run on the pretend internet; the log of their connections."""
    log = tmp_path / "connections.jsonl"
    internet = FakeInternet(
        names={
            "news.example": [[PUBLIC_V4]],
            "intranet.example": [["10.0.0.5"]],
            "localhost": [["127.0.0.1"]],
            "rebound.example": [["127.0.0.1"]],
            # Public when the URL is posted, this machine when it is fetched:
            "rebind.example": [[PUBLIC_V4], ["127.0.0.1"]],
            # Public for the post and the fetch, this machine for any later lookup:
            "late.example": [[PUBLIC_V4], [PUBLIC_V4], ["127.0.0.1"]],
        },
        routes={(PUBLIC_V4, 80): ("127.0.0.1", news.port)},
        loopback=True,
        log=log,
    )
    # tests/serve/guarded/sitecustomize.py puts it in place, over the network guard
    monkeypatch.setenv(ENVIRONMENT, internet.environment())
    return log


@pytest.fixture
def serve(start_server, on_the_pretend_internet):
    """`narrate serve` as it starts by default (public URLs only), on the pretend internet."""
    running = start_server()
    running.connections = on_the_pretend_internet
    return running


def _post(running, url: str) -> requests.Response:
    return requests.post(
        f"{running.url}/api/editions", json={"url": url, "engine": "tone"}, timeout=30
    )


def test_urls_of_this_machine_and_the_intranet_are_refused_when_posted(serve, intranet):
    port = intranet.port
    variants = [
        f"http://127.0.0.1:{port}/secret",
        f"http://127.0.0.1:{port}\\@news.example/secret",  # the report
        f"http://127.0.0.1:{port}\\@203.0.113.7/",
        f"http://news.example\\@127.0.0.1:{port}/secret",
        f"http:\\\\127.0.0.1:{port}/secret",
        f"http://127.0.0.1:{port}%5C@news.example/secret",
        f"http://127.0.0.1:{port}%5c@news.example/secret",
        f"http://news.example@127.0.0.1:{port}/secret",
        f"http://127.0.0.1:{port}@news.example/secret",
        f"http://127.0.0.1:{port}\t@news.example/secret",
        f"http://127.0.0.1:{port}\r\n@news.example/secret",
        f"http://127.0.0.1:{port}#@news.example/secret",
        f"http://127.0.0.1:{port}?@news.example/secret",
        f"http://localhost:{port}/secret",
        f"HTTP://LOCALHOST:{port}/secret",
        f"http://localhost.:{port}/secret",
        f"http://ｌｏｃａｌｈｏｓｔ:{port}/secret",
        f"http://[::1]:{port}/secret",
        f"http://[0:0:0:0:0:0:0:1]:{port}/secret",
        f"http://[::ffff:127.0.0.1]:{port}/secret",
        f"http://[::ffff:7f00:1]:{port}/secret",
        f"http://[::127.0.0.1]:{port}/secret",
        f"http://[64:ff9b::7f00:1]:{port}/secret",
        f"http://[2002:7f00:1::]:{port}/secret",
        f"http://[fe80::1%25lo]:{port}/secret",
        f"http://2130706433:{port}/secret",
        f"http://0x7f000001:{port}/secret",
        f"http://0x7f.1:{port}/secret",
        f"http://0x7f.0x0.0x0.0x1:{port}/secret",
        f"http://017700000001:{port}/secret",
        f"http://0177.0.0.1:{port}/secret",
        f"http://127.1:{port}/secret",
        f"http://127.0.1:{port}/secret",
        f"http://127.0.0.01:{port}/secret",
        f"http://127.0.0.1.:{port}/secret",
        f"http://127。0。0。1:{port}/secret",
        f"http://127．0．0．1:{port}/secret",
        f"http://①②⑦.0.0.1:{port}/secret",
        f"http://%31%32%37.0.0.1:{port}/secret",
        f"http://0.0.0.0:{port}/secret",
        f"http://0:{port}/secret",
        f"http://[::]:{port}/secret",
        f"http://intranet.example:{port}/secret",
        f"http://rebound.example:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        f"http://127.0.0.1:{port}:80/secret",
        f"http://127.0.0.1:0{port}/secret",
        f"http://news.example:{port}0000/",
        "http://news.example:0/",
        f"http:/127.0.0.1:{port}/secret",
        f"http:127.0.0.1:{port}/secret",
        f"//127.0.0.1:{port}/secret",
        "file:///etc/passwd",
        f"gopher://127.0.0.1:{port}/_secret",
        "http://\udc80.example/",
        "http://news.example/\ud800",
        "http://nowhere.example/",
    ]
    answers = {url: _post(serve, url) for url in variants}
    wrong = {url: r.text[:200] for url, r in answers.items() if r.status_code != 422}
    assert not wrong, wrong
    for url, response in answers.items():
        error = response.json()["error"]
        one_line = error.startswith(("URL refused: ", "url: not valid text"))
        assert one_line and error.isprintable(), (url, error)
    assert requests.get(f"{serve.url}/api/editions", timeout=10).json() == []
    browser = requests.Session()
    page = browser.get(f"{serve.url}/", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = browser.post(
        f"{serve.url}/editions",
        data={"url": variants[1], "engine": "tone", "csrf": csrf},
        headers={"Accept": "text/html"},
        timeout=30,
    )
    assert form.status_code == 422 and "has a backslash" in form.text
    assert intranet.requests == []
    assert not [a for a in logged_attempts(serve.connections) if a[1] == intranet.port]
    _assert_no_secret_in(serve.library)


def test_redirects_and_rebinding_to_the_intranet_fail_the_job_in_one_line(serve, intranet, news):
    redirects = [path for path in news.pages if path.startswith("/to-")]
    posted = {f"http://news.example{path}": _post(serve, f"http://news.example{path}")
              for path in redirects}  # fmt: skip
    posted["http://rebind.example/story"] = _post(serve, "http://rebind.example/story")
    assert {url: r.status_code for url, r in posted.items()} == dict.fromkeys(posted, 202)
    jobs = {
        url: wait_for(f"{serve.url}/api/editions/{r.json()['id']}") for url, r in posted.items()
    }
    for url, job in jobs.items():
        assert job["status"] == "failed", (url, job)
        assert job["error"].isprintable(), (url, job["error"])
        said = "redirects to " if "/to-" in url else "resolves to 127.0.0.1"
        assert said in job["error"], (url, job["error"])
    assert intranet.requests == []
    assert set(logged_attempts(serve.connections)) == {(PUBLIC_V4, 80)}
    _assert_no_secret_in(serve.library)


def test_a_public_page_is_still_fetched_and_a_later_rebinding_changes_nothing(serve, intranet):
    for url in ("http://news.example/story", "http://late.example/story"):
        posted = _post(serve, url)
        assert posted.status_code == 202, posted.text
        job = wait_for(f"{serve.url}/api/editions/{posted.json()['id']}")
        assert job["status"] == "done", (url, job)
        assert job["edition"]["title"] == "Flu clinic news"
    assert intranet.requests == []
    assert set(logged_attempts(serve.connections)) == {(PUBLIC_V4, 80)}
    _assert_no_secret_in(serve.library)


def test_allowing_private_urls_does_not_allow_urls_read_two_ways(
    start_server, on_the_pretend_internet, intranet
):
    running = start_server("--allow-private-urls")
    inside = f"127.0.0.1:{intranet.port}"
    for url in (
        f"http://{inside}\\@news.example/secret",
        f"http://news.example@{inside}/secret",
        f"http://2130706433:{intranet.port}/secret",
        f"http://127。0。0。1:{intranet.port}/secret",
    ):
        refused = _post(running, url)
        assert refused.status_code == 422, (url, refused.text)
    allowed = _post(running, f"http://{inside}/secret")  # what the option is for
    job = wait_for(f"{running.url}{allowed.headers['Location']}")
    assert job["status"] == "done" and job["edition"]["title"] == "Patient list"
    assert intranet.paths == ["/secret"]


def _assert_no_secret_in(library: Path) -> None:
    for path in library.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
