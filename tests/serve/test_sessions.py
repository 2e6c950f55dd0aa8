"""Sessions end (logout, an idle while, a restart), each has its own CSRF token, and a few
wrong tokens from one address earn a 429."""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests.serve.conftest import BEARER, TOKEN, token_server


def _csrf(browser: requests.Session, url: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', browser.get(url, timeout=10).text).group(1)


def _log_in(running) -> requests.Session:
    browser = requests.Session()
    csrf = _csrf(browser, f"{running.url}/login")
    done = browser.post(
        f"{running.url}/login", data={"csrf": csrf, "token": TOKEN}, allow_redirects=False,
        timeout=10,
    )  # fmt: skip
    assert done.status_code == 303 and "narrate_session" in done.cookies
    return browser


def _in(browser: requests.Session, running) -> bool:
    page = browser.get(f"{running.url}/library", allow_redirects=False, timeout=10)
    return page.status_code == 200


@pytest.fixture
def running(tmp_path):
    server, _ = token_server(tmp_path)
    yield server.start()
    server.stop()


def test_logout_ends_the_session_for_every_copy_of_its_cookie(running) -> None:
    browser = _log_in(running)
    stolen = requests.Session()  # the same cookie, kept by someone else
    stolen.cookies.update(browser.cookies)
    assert _in(browser, running) and _in(stolen, running)
    csrf = _csrf(browser, f"{running.url}/library")
    out = browser.post(f"{running.url}/logout", data={"csrf": csrf}, allow_redirects=False,
                       timeout=10)  # fmt: skip
    assert out.status_code == 303
    assert not _in(stolen, running)  # the old cookie no longer works
    assert not _in(browser, running)
    for path in ("/feed", "/", "/library/podcast/x.mp3"):
        after = stolen.get(running.url + path, allow_redirects=False, timeout=10)
        assert after.status_code == 303 and after.headers["location"] == "/login", path


def test_a_forged_or_guessed_session_cookie_is_refused(running) -> None:
    browser = _log_in(running)
    real = browser.cookies["narrate_session"]
    for forged in (real[:-1] + ("A" if real[-1] != "A" else "B"), "x", "", real + "."):
        other = requests.Session()
        other.cookies.set("narrate_session", forged)
        assert not _in(other, running), forged


def test_each_session_has_its_own_csrf_token(running) -> None:
    first, second = _log_in(running), _log_in(running)
    mine = _csrf(first, f"{running.url}/feed")
    theirs = _csrf(second, f"{running.url}/feed")
    assert mine != theirs
    posted = second.post(f"{running.url}/feed", data={"csrf": mine, "title": "X"}, timeout=10)
    assert posted.status_code == 403  # another session's token
    posted = second.post(f"{running.url}/feed", data={"csrf": theirs, "title": "X"}, timeout=10)
    assert posted.status_code == 200 and "Feed settings saved." in posted.text


def test_an_idle_session_ends(tmp_path) -> None:
    server, _ = token_server(tmp_path, "--session-idle-hours", "0.0005")  # 1.8 s
    server.start()
    try:
        browser = _log_in(server)
        assert _in(browser, server)
        time.sleep(2.5)
        assert not _in(browser, server)
        assert _in(_log_in(server), server)  # a new login works
    finally:
        server.stop()


def test_a_restart_ends_every_session(tmp_path) -> None:
    server, _ = token_server(tmp_path)
    server.start()
    browser = _log_in(server)
    assert _in(browser, server)
    server.stop()
    server.start()
    try:
        assert not _in(browser, server)
    finally:
        server.stop()


@pytest.mark.parametrize("how", ["bearer", "login"])
def test_wrong_tokens_from_one_address_earn_a_429(running, how) -> None:
    api = f"{running.url}/api/editions"
    browser = requests.Session()
    csrf = _csrf(browser, f"{running.url}/login")

    def attempt(token: str) -> requests.Response:
        if how == "bearer":
            return requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        return browser.post(f"{running.url}/login", data={"csrf": csrf, "token": token},
                            allow_redirects=False, timeout=10)  # fmt: skip

    answers = [attempt(f"guess-number-{n}").status_code for n in range(5)]
    assert answers == [401] * 5
    locked = attempt("guess-number-6")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert "too many wrong tokens" in locked.text
    assert attempt(TOKEN).status_code == 429  # even the right one, for a while
    # a session already made is not locked out, nor are requests that try no token
    assert requests.get(f"{running.url}/login", timeout=10).status_code == 200


def test_the_right_token_before_the_limit_still_works(running) -> None:
    api = f"{running.url}/api/editions"
    for n in range(3):
        wrong = requests.get(api, headers={"Authorization": f"Bearer nope-{n}"}, timeout=10)
        assert wrong.status_code == 401
    assert requests.get(api, headers=BEARER, timeout=10).status_code == 200


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ("2001:db8:1:2::a", "2001:db8:1:2:ffff::b", True),  # one host's /64, rotated
        ("2001:db8:1:2::a", "2001:db8:1:3::a", False),  # the next /64: someone else
        ("203.0.113.7", "::ffff:203.0.113.7", True),  # IPv4, and the same written in IPv6
        ("203.0.113.7", "203.0.113.8", False),
    ],
)
def test_wrong_tokens_count_against_an_ipv6_hosts_whole_64(first, second, shared) -> None:
    from narrate.serve.security import MAX_FAILURES, Guard

    guard = Guard("x" * 32)
    for _ in range(MAX_FAILURES - 1):
        guard.failed(first)
    guard.failed(second)  # the last wrong token, from the other address
    assert (guard.locked_for(first) > 0) is shared
    assert (guard.locked_for(second) > 0) is shared
