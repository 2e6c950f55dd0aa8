"""A real headless Chromium on a synthetic edition served over HTTP from 127.0.0.1.

Needs Debian's `chromium` (or NARRATE_CHROMIUM naming another binary), Playwright for Python
(never `playwright install`: the system browser is used) and axe-core from `npm ci` in this
folder. Without them the browser tests are skipped, saying which is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from narrate.writers import EditionContext, writer_for
from narrate.writers.player import PlayerWriter
from tests.helpers import import_or_missing, missing
from tests.writers.conftest import (  # noqa: F401  (fixtures shared with the writer tests)
    article,
    edition,
    script,
    timeline,
)

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = HERE.parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]


def chromium_path() -> str | None:
    """The browser to drive: $NARRATE_CHROMIUM, else chromium on the PATH."""
    return os.environ.get("NARRATE_CHROMIUM") or shutil.which("chromium")


class RangeHandler(SimpleHTTPRequestHandler):
    """http.server with byte ranges, which a browser needs to seek in the MP3; quiet."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        start = int(first) if first else max(0, size - int(last))
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size:
            self.send_error(416)
            return None
        f = open(path, "rb")  # noqa: SIM115  (closed by copyfile's caller)
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return _Limited(f, end - start + 1)


class _Limited:
    """A file object that reads at most `left` bytes, for a ranged response."""

    def __init__(self, f, left: int) -> None:
        self.f, self.left = f, left

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.f.close()


@pytest.fixture(scope="session")
def player_dir(
    edition: EditionContext,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """An edition folder with the player and the files it refers to."""
    folder = tmp_path_factory.mktemp("player")
    for name in ("mp3", "vtt", "chapters_vtt"):
        writer_for(name).write(edition, folder)
    PlayerWriter().write(edition, folder)
    return folder


@pytest.fixture(scope="session")
def player_url(player_dir: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(RangeHandler, directory=str(player_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable:
        missing("chromium", "apt-get install chromium, or set NARRATE_CHROMIUM (scripts/test does)")
    sync_api = import_or_missing("playwright.sync_api", extra="test")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, player_url: str):
    context = browser.new_context(viewport={"width": 1000, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(player_url)
    page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        missing("axe-core", f"`npm ci` in {HERE} (scripts/test does)")
    return AXE


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
