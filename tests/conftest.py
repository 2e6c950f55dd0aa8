"""Shared fixtures: an isolated clip cache, the sample article, no proxy unless a test sets one;
one Piper clip cache for the whole run; the `needs` mark (tests/helpers.py) checked before
each test."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
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


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model cache for the run (the language model's arrays, the voices' optimized graphs),
    shared by every xdist worker as the cache is shared by a user's processes, and never the
    user's own: a voice in a test's folder would leave a 63 MB graph there every run."""
    return _run_folder(tmp_path_factory, "models")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch, model_cache):
    """Each test gets its own clip cache and data folder (added voices), the run's model cache,
    and no proxy settings from the machine."""
    monkeypatch.setenv("NARRATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("NARRATE_MODEL_CACHE_DIR", str(model_cache))
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


@pytest.fixture(scope="session")
def piper_clips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clip cache for the deterministic Piper builds of the example articles, shared by
    every test file and every xdist worker of the run, so a sentence spoken once is not spoken
    again for another file's build: the clips are the same bytes (`--deterministic`), and the
    cache is safe for concurrent builds (each clip written atomically, checked against its
    sidecar when read). A test whose point is the synthesis itself (tests/test_workers.py,
    tests/engines/test_piper.py, tests/test_interrupt.py) keeps a cache of its own."""
    return _run_folder(tmp_path_factory, "piper-clips")


def _run_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder `name` shared by every xdist worker of the run (made if missing)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, which every worker's own folder is in
    folder = root / name
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def speaking(clips: Path, article: Path) -> Iterator[None]:
    """Hold the `clips` cache for `article` while a build speaks it: another worker building
    the same text waits, then finds its clips made, instead of speaking them at the same time.
    (Builds of other articles go on.)"""
    import fcntl  # POSIX, as the other process tests

    digest = hashlib.sha256(article.read_bytes()).hexdigest()[:16]
    with open(clips.parent / f"speaking-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
