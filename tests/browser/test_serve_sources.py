"""The Sources pages in a real Chromium, with the keyboard alone: follow a feed served on
127.0.0.1, see its entry become an edition, pause the source and remove it after the
confirmation; a refused address and a bad feed say why; every page checked with axe-core."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import requests

from tests.browser.test_serve import AXE_RUN, assert_no_server_internals, focus_ring, tab_to
from tests.follow.site import Site
from tests.serve.conftest import Running


@pytest.fixture(scope="module")
def site():
    running = Site()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def app():
    folder = Path(tempfile.mkdtemp(prefix="narrate-serve-sources-"))
    args = ("--allow-private-urls", "--poll-minutes", "0.05")
    running = Running(folder / "library", folder / "cache", args).start()
    yield running
    running.stop()


@pytest.fixture
def tab(browser):
    context = browser.new_context(
        viewport={"width": 1000, "height": 800}, reduced_motion="reduce", bypass_csp=True
    )
    yield context.new_page()
    context.close()


def checked(page, app: Running, axe_script: Path) -> None:
    page.add_script_tag(path=str(axe_script))
    assert page.evaluate(AXE_RUN) == []
    assert_no_server_internals(page, app)


@pytest.mark.slow
def test_follow_a_feed_pause_and_remove_it_by_keyboard_and_every_page_passes_axe(
    app: Running, site: Site, tab, axe_script: Path
) -> None:
    site.page("/news/hours", "New opening hours", "We open at eight.", "We close at six.")
    site.rss(
        "/news/feed.xml",
        "Clinic news",
        [{"title": "New opening hours", "link": "/news/hours", "guid": "h", "day": 2}],
    )
    page = tab
    page.goto(app.url + "/")
    tab_to(page, "nav a[href='/sources']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Sources"
    checked(page, app, axe_script)

    tab_to(page, "input#url")
    assert focus_ring(page) == "solid 3px"
    page.keyboard.type("ftp://clinic.example/feed.xml")
    tab_to(page, "form[action='/sources'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    alert = page.locator("[role=alert]#form-error")
    assert "URL refused" in alert.inner_text()
    assert page.locator("input#url").get_attribute("aria-describedby") == "url-hint form-error"
    checked(page, app, axe_script)

    tab_to(page, "input#url")
    page.keyboard.press("Control+A")
    page.keyboard.type(site.url("/news/feed.xml"))
    tab_to(page, "select#engine")
    page.select_option("select#engine", "tone")  # as arrows on the list would
    tab_to(page, "form[action='/sources'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources/*?added=1")
    assert "being read now" in page.locator("[role=status]").inner_text()
    edition = page.locator("a[href^='/editions/']")
    for _ in range(100):
        if edition.count():
            break
        page.wait_for_timeout(300)
        page.reload()
    assert "New opening hours" in page.locator("table").inner_text()
    checked(page, app, axe_script)
    source_url = page.url.split("?")[0]

    tab_to(page, "a[href^='/editions/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/editions/*")
    assert "New opening hours" in page.locator("h1").inner_text()

    page.goto(source_url)
    tab_to(page, "form[action$='/pause'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(source_url)
    assert "paused: not read until resumed" in page.locator("dl").inner_text()
    checked(page, app, axe_script)

    tab_to(page, "a[href$='/remove']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/remove")
    checked(page, app, axe_script)
    tab_to(page, "form[action$='/remove'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources?removed=1")
    assert "The source was removed" in page.locator("[role=status]").inner_text()
    assert site.url("/news/feed.xml") not in page.locator("main").inner_text()
    checked(page, app, axe_script)


@pytest.mark.slow
def test_a_bad_feed_says_why_on_its_page_and_the_pages_pass_axe(
    app: Running, site: Site, tab, axe_script: Path
) -> None:
    added = requests.post(
        f"{app.url}/api/sources",
        timeout=10,
        json={"url": site.url("/missing.xml"), "engine": "tone"},
    ).json()
    page = tab
    page.goto(f"{app.url}/sources/{added['id']}")
    alert = page.locator("[role=alert]#source-problem")
    for _ in range(100):
        if alert.count():
            break
        page.wait_for_timeout(300)
        page.reload()
    assert "404" in alert.inner_text()
    checked(page, app, axe_script)
    page.goto(f"{app.url}/sources")
    assert "404" in page.locator("table").inner_text()
    checked(page, app, axe_script)
