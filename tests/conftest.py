"""Shared fixtures: an isolated clip cache, the sample article, no proxy unless a test sets one;
the `needs` mark (tests/helpers.py) checked before each test."""

from __future__ import annotations

from pathlib import Path

import pytest

import tests.tone_engine  # noqa: F401  (registers the "tone" engine before the CLI is imported)
from tests.helpers import missing

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "articles" / "ketamine-infusion-vs-kap.txt"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked `needs(available, what, install)` whose tool is not available is skipped,
    or failed under NARRATE_REQUIRE_TOOLS=1, with one line saying what to install."""
    for mark in item.iter_markers("needs"):
        available, what, install = mark.args
        if not available:
            missing(what, install, **mark.kwargs)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """Each test gets its own clip cache and data folder (added voices), and no proxy settings
    from the machine."""
    monkeypatch.setenv("NARRATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def tone_calls():
    """The tone engine's call log, emptied before the test (importing it registers "tone")."""
    from tests.tone_engine import ToneEngine

    ToneEngine.calls.clear()
    return ToneEngine.calls


@pytest.fixture(scope="module")
def server():
    """A local HTTP server on 127.0.0.1 for the URL-input tests (threaded: a slow page blocks no
    other); each test module gets its own and sets the pages it serves."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()
