"""Screenshots of every page of `narrate serve` for docs/web-app.md: docs/serve-*.png.

Runs the real server (the offline piper voice) on 127.0.0.1 with a library in a temporary
folder, builds the example clinic article, and photographs each page in headless Chromium
(Debian's, or $NARRATE_CHROMIUM) at 1000x800.

    python scripts/serve_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ARTICLE = ROOT / "examples" / "clinic-hours.md"
LONG = ROOT / "examples" / "ketamine-infusion-vs-kap.txt"
TOKEN = "screenshot-token-0123456789abcdef"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(library: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = _port()
    command = [
        sys.executable,
        "-m",
        "narrate",
        "serve",
        "--library",
        str(library),
        "--port",
        str(port),
        *args,
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("narrate serve did not start")


def _wait(url: str) -> dict:
    while (job := requests.get(url, timeout=10).json())["status"] not in ("done", "failed"):
        time.sleep(0.5)
    return job


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="narrate-shots-"))
    os.environ["NARRATE_CACHE_DIR"] = str(folder / "cache")
    server, url = _serve(folder / "library")
    secret = folder / "token"
    secret.write_text(TOKEN)
    guarded, guarded_url = _serve(folder / "guarded", "--token-file", str(secret))
    try:
        api = f"{url}/api/editions"
        body = {
            "text": ARTICLE.read_text(),
            "format": "md",
            "engine": "piper",
            "profiles": ["podcast", "accessible"],
        }
        done = requests.post(api, json=body, timeout=10).json()
        _wait(f"{api}/{done['id']}")
        executable = os.environ.get("NARRATE_CHROMIUM") or shutil.which("chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1000, "height": 800})

            def shoot(name: str, address: str, ready: str = "main") -> None:
                page.goto(address)
                page.wait_for_selector(ready)
                page.screenshot(path=str(DOCS / f"serve-{name}.png"))
                print(f"docs/serve-{name}.png")

            shoot("new", url + "/")
            page.fill("#text", ARTICLE.read_text())
            page.select_option("#format", "md")
            page.check("#engine-piper")
            page.click("button[type=submit]")
            page.wait_for_url("**/review")
            review = page.url
            shoot("review", review + "#appointments-heading")
            page.goto(review)
            page.locator("li.cue.changed").nth(1).scroll_into_view_if_needed()
            page.screenshot(path=str(DOCS / "serve-review.png"))
            body = {"text": LONG.read_text(), "engine": "piper", "profiles": ["podcast"]}
            running = requests.post(api, json=body, timeout=10).json()
            page.goto(f"{url}/editions/{running['id']}")
            page.wait_for_function(
                "document.getElementById('progress').value > 0.05", timeout=120_000
            )
            page.screenshot(path=str(DOCS / "serve-build.png"))
            print("docs/serve-build.png")
            requests.delete(f"{api}/{running['id']}", timeout=10)
            shoot("edition", f"{url}/editions/{done['id']}")
            shoot("library", f"{url}/library")
            shoot("feed", f"{url}/feed")
            shoot("delete", f"{url}/editions/{done['id']}/delete")
            shoot("login", f"{guarded_url}/login")
            browser.close()
    finally:
        for process in (server, guarded):
            process.terminate()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
