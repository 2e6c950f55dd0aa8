"""The embeddable player (`/embed/<id>`, issue 30) in a real Chromium: shown in an `<iframe>`
by a page of another site while every other page of the app still refuses to be framed; its
script runs under the security policy; it passes axe-core; chapters, seeking and play/pause
work from the keyboard."""

from __future__ import annotations

import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests.browser.test_serve import AXE_RUN
from tests.serve.conftest import Running, wait_for

ARTICLE = """# Clinic news

The clinic now opens at 8 am on weekdays.

## Medicines

Take 5 mg before the scan. The nurse checks the dose.

## Parking

Parking is free for patients.
"""


@pytest.fixture(scope="module")
def app():
    """One `narrate serve` (any site may frame its embeds) and one finished edition."""
    folder = Path(tempfile.mkdtemp(prefix="narrate-embed-browser-"))
    running = Running(folder / "library", folder / "cache").start()
    posted = requests.post(f"{running.url}/api/editions",
                           json={"text": ARTICLE, "engine": "tone"}, timeout=30).json()  # fmt: skip
    running.job = wait_for(f"{running.url}/api/editions/{posted['id']}")
    assert running.job["status"] == "done", running.job
    yield running
    running.stop()


@pytest.fixture(scope="module")
def blog(app):
    """Another site (another port: another origin) whose article frames the embed and, as an
    attacker would, the app's edition page."""
    job_id = app.job["id"]
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Blog</title></head><body><h1>Clinic news"
        f"</h1><iframe id='embed' title='Listen' src='{app.url}/embed/{job_id}' width='600' "
        f"height='400'></iframe><iframe id='page' title='Edition' src='{app.url}/editions/"
        f"{job_id}'></iframe></body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def embed_page(browser, app):
    context = browser.new_context(viewport={"width": 600, "height": 500}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{app.url}{app.job['links']['embed']}")
    page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=10_000)
    yield page
    context.close()


def _time(page) -> float:
    page.wait_for_function("!document.getElementById('player').seeking", timeout=5_000)
    return page.evaluate("document.getElementById('player').currentTime")


def test_another_site_frames_the_embed_and_not_the_other_pages(browser, app, blog):
    context = browser.new_context()  # no bypass: the real security policy
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    try:
        page.goto(blog)
        page.wait_for_load_state("load")
        embed = page.frame_locator("#embed")
        embed.locator("#controls").wait_for(state="visible", timeout=10_000)  # player.js ran
        assert embed.get_by_role("heading", level=1).inner_text() == "Clinic news"
        chapters = embed.get_by_role("navigation", name="Chapters").get_by_role("link")
        assert chapters.count() == len(app.job["edition"]["chapters"]) == 4  # title, 3 parts
        refused = page.frame_locator("#page")
        assert refused.locator("#edition-page").count() == 0  # Chromium refused to show it
        assert any("frame-ancestors" in text or "X-Frame-Options" in text
                   for text in violations), violations  # fmt: skip
    finally:
        context.close()


def test_the_embed_passes_axe(embed_page, axe_script: Path):
    embed_page.add_script_tag(path=str(axe_script))
    assert embed_page.evaluate(AXE_RUN) == []


def test_play_pause_and_chapters_from_the_keyboard(embed_page, app):
    starts = [c["start_ms"] / 1000 for c in app.job["edition"]["chapters"]]
    page = embed_page
    page.keyboard.press("Tab")  # the first stop: the audio's own play button
    assert page.evaluate("document.activeElement.id") == "player"
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('player').paused", timeout=5_000)
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('player').paused", timeout=5_000)
    for _ in range(20):  # on past the audio's controls and the buttons to the chapter links
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.chapter[data-start]')"):
            break
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the second chapter
    assert _time(page) == pytest.approx(starts[1], abs=0.01)
    page.keyboard.press("Alt+PageDown")
    assert _time(page) == pytest.approx(starts[2], abs=0.01)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the first chapter, from the keyboard again
    assert _time(page) == pytest.approx(starts[0], abs=0.01)
    page.locator("#next-chapter").focus()
    page.keyboard.press("Enter")
    assert _time(page) == pytest.approx(starts[1], abs=0.01)
