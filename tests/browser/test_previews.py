"""Chapters heard while a job is built, in a real Chromium on a real `narrate serve`: each
spoken chapter appears on the job's page with a labelled player, is said once in a polite live
region, starts only when asked (from the keyboard), and a chapter still playing when the build
ends is not cut off: the finished edition is shown once it stops. axe-core finds nothing."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import requests

from tests.browser.test_serve import AXE_RUN, focused, tab_to
from tests.serve.conftest import Running

PARTS = 6
ARTICLE = "# Harbour news\n\nThe harbour opens at dawn.\n\n" + "\n\n".join(
    f"## Part {n}\n\n" + " ".join(f"Line {k} of part {n} says one thing." for k in range(4))
    for n in range(1, PARTS + 1)
)


@pytest.fixture(scope="module")
def app():
    """One `narrate serve` for the module, with the test tone engines."""
    folder = Path(tempfile.mkdtemp(prefix="narrate-serve-previews-"))
    running = Running(folder / "library", folder / "cache").start()
    yield running
    running.stop()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 800},
                                  reduced_motion="reduce", bypass_csp=True)  # fmt: skip
    page = context.new_page()
    yield page
    context.close()


def test_each_chapter_is_listed_announced_and_played_by_keyboard(app: Running, tab, axe_script):
    job = requests.post(
        f"{app.url}/api/editions",
        timeout=10,
        json={"text": ARTICLE, "format": "md", "engine": "tone-paced"},
    ).json()
    page = tab
    page.goto(f"{app.url}/editions/{job['id']}")
    page.evaluate(  # every text the previews' live region shows, in order
        """window.said = []; new MutationObserver(() => window.said.push(
            document.getElementById('previews-said').textContent)).observe(
            document.getElementById('previews-said'), {childList: true, characterData: true,
                                                      subtree: true});"""
    )
    page.wait_for_selector("#preview-list li audio", timeout=30_000)
    assert page.locator("#previews").is_visible()
    assert page.locator("#previews-said").get_attribute("aria-live") == "polite"
    label = page.locator("#preview-list li span").first.inner_text()
    assert label == "Chapter 1: Harbour news"
    audio = "#preview-list li:first-child audio"
    assert page.get_attribute(audio, "aria-labelledby") == "preview-1"
    assert page.evaluate(f"document.querySelector({audio!r}).paused")  # nothing starts by itself
    page.add_script_tag(path=str(axe_script))
    assert page.evaluate(AXE_RUN) == []

    tab_to(page, audio)  # the player is reached from the keyboard and played with it
    page.keyboard.press("Space")
    page.wait_for_function(f"!document.querySelector({audio!r}).paused", timeout=10_000)
    page.evaluate(f"document.querySelector({audio!r}).playbackRate = 0.1")  # still listening
    page.wait_for_function("document.querySelectorAll('#preview-list li').length >= 2",
                           timeout=30_000)  # fmt: skip
    assert focused(page, audio)  # a new chapter does not take the focus

    page.wait_for_function(  # the build ends while chapter 1 plays: it is not cut off
        "document.getElementById('previews-said').textContent.startsWith('The edition is ready')",
        timeout=60_000,
    )
    assert page.evaluate(f"!document.querySelector({audio!r}).paused")
    assert page.locator("#ed-1").count() == 0  # the edition is not shown yet
    page.keyboard.press("Space")  # the listener pauses: the finished edition comes
    page.wait_for_function(
        "document.getElementById('job-done')?.textContent.startsWith('Done')", timeout=15_000
    )
    assert page.locator("#previews").count() == 0
    assert focused(page, "h2#ed-1")  # the edition, as when nothing was playing
    said = page.evaluate("window.said")
    *arrivals, last = said
    assert last == "The edition is ready; it is shown when this chapter stops playing."
    numbers = []  # chapters said, one at a time or a few at once (a slow first poll)
    for text in arrivals:
        one = re.fullmatch(r"Chapter (\d+), (.+), is ready to hear\.", text)
        few = re.fullmatch(r"Chapters ([\d, ]+) are ready to hear\.", text)
        assert one or few, text
        numbers += [int(one[1])] if one else [int(n) for n in few[1].split(", ")]
    if "Chapter 1, " in said[0]:
        assert said[0] == "Chapter 1, Harbour news, is ready to hear."
    assert numbers and numbers == sorted(set(numbers)), said  # each chapter said once, in order
