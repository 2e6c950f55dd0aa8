"""narrate serve in a real Chromium: paste → review → build → listen → download with the
keyboard alone, and every page checked with axe-core."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import requests

from tests.serve.conftest import Running, wait_for

ARTICLE = """# Clinic news

The clinic now opens at 8 am on weekdays.

## Medicines

Take 5 mg IV before the scan. The nurse checks the dose.
"""
AXE_RUN = """axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(
    v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))})))"""


@pytest.fixture(scope="module")
def app():
    """One `narrate serve` for the module, with the test tone engines."""
    folder = Path(tempfile.mkdtemp(prefix="narrate-serve-browser-"))
    running = Running(folder / "library", folder / "cache").start()
    yield running
    running.stop()


@pytest.fixture
def tab(browser):
    # bypass_csp: Playwright's wait_for_function and add_script_tag (axe-core) evaluate strings
    # in the page, which the server's Content-Security-Policy forbids; that the pages keep to
    # the policy is tests/serve/test_hosts_headers.py's
    context = browser.new_context(
        viewport={"width": 1000, "height": 800},
        reduced_motion="reduce",
        accept_downloads=True,
        bypass_csp=True,
    )
    page = context.new_page()
    yield page
    context.close()


def focused(page, selector: str) -> bool:
    return page.evaluate(f"document.activeElement.matches({selector!r})")


def focus_ring(page) -> str:
    """The focused element's outline, as drawn (a visible focus indicator)."""
    return page.evaluate(
        "(s => `${s.outlineStyle} ${s.outlineWidth}`)(getComputedStyle(document.activeElement))"
    )


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_paste_review_build_listen_download_by_keyboard(app: Running, tab) -> None:
    page = tab
    page.goto(app.url + "/")
    page.keyboard.press("Tab")
    assert focused(page, "a.skip") and page.locator("a.skip").is_visible()  # shown on focus
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    tab_to(page, "textarea#text")
    page.keyboard.insert_text(ARTICLE)
    page.keyboard.press("Tab")
    assert focused(page, "select#format")
    page.keyboard.press("ArrowDown")  # Markdown
    assert page.locator("select#format").input_value() == "md"
    tab_to(page, "input[name=engine]")
    while page.evaluate("document.activeElement.value") != "tone":
        page.keyboard.press("ArrowDown")  # radio buttons: the arrows choose
    tab_to(page, "button[type=submit]")
    assert focus_ring(page) == "solid 3px"
    page.keyboard.press("Enter")

    page.wait_for_url("**/review")
    assert page.locator("h1").inner_text() == "Review: Clinic news"
    changed = page.locator("li.cue.changed", has_text="Take 5 mg IV")
    assert changed.locator("p.written mark").all_inner_texts() == ["5 mg", "IV"]
    assert "(units)" in changed.inner_text()
    tab_to(page, f"#{changed.get_attribute('id')} a.listen")
    assert focus_ring(page) == "solid 3px"
    page.keyboard.press("Enter")  # "listen to this sentence": played on the page
    page.wait_for_function("document.getElementById('preview').readyState >= 2", timeout=10_000)
    assert "Playing" in page.locator("#announce").inner_text() or page.evaluate(
        "!document.getElementById('preview').paused"
    )
    before = page.evaluate("document.getElementById('preview').duration")

    tab_to(page, "input#written")
    page.keyboard.type("IV")
    page.keyboard.press("Tab")
    page.keyboard.type("intravenously")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review?saved=IV*")
    saved = page.locator(".saved[role=status]")
    assert "“IV” is now said “intravenously”" in saved.inner_text()
    assert "5 milligrams intravenously" in changed.inner_text().replace("five", "5")
    assert "narrate.toml" in changed.inner_text()  # the rule is the library's pronunciation
    assert 'IV = "intravenously"' in (app.library / "narrate.toml").read_text()
    tab_to(page, ".saved a.listen")  # hear the sentence again, as it is now said
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('preview').readyState >= 2", timeout=10_000)
    after = page.evaluate("document.getElementById('preview').duration")
    assert after > before + 0.2  # the tone voice: longer text, longer tone

    tab_to(page, "form.build button")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Accessible edition", timeout=30_000)  # progress, then done
    tab_to(page, "a.listen-edition")
    page.keyboard.press("Enter")
    page.wait_for_url("**/index.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=10_000)
    assert page.evaluate("document.getElementById('player').duration") > 2
    page.go_back()  # the browser's Back (Alt+Left)

    page.wait_for_selector("text=Accessible edition")
    tab_to(page, "a[download][href$='.mp3']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    assert download.value.suggested_filename == "clinic-news.mp3"
    assert Path(path).stat().st_size > 5_000


def test_build_progress_is_announced_and_cancellable(app: Running, tab) -> None:
    article = " ".join(f"Line {n} of the notice." for n in range(40))
    job = requests.post(
        f"{app.url}/api/editions", json={"text": article, "engine": "tone-paced"}, timeout=10
    ).json()
    page = tab
    page.goto(f"{app.url}/editions/{job['id']}")
    page.wait_for_function("document.getElementById('progress').value > 0", timeout=15_000)
    assert "sentences spoken" in page.locator("#job-status").inner_text()
    assert "sentences spoken" in page.locator("[role=status]#job-said").text_content()
    assert page.locator("h1").inner_text() == "Line 0 of the notice line 1 of"  # first words
    tab_to(page, "form[action$='/cancel'] button")
    page.keyboard.press("Enter")
    alert = page.locator("[role=alert]")
    alert.wait_for(timeout=15_000)
    assert "cancelled" in alert.inner_text()
    assert wait_for(f"{app.url}/api/editions/{job['id']}")["error"] == "cancelled"


def _pages(app: Running) -> dict[str, str]:
    """One address of every page, with an edition built to show."""
    api = f"{app.url}/api/editions"
    done = requests.post(
        api,
        json={
            "text": ARTICLE,
            "format": "md",
            "engine": "tone",
            "profiles": ["podcast", "accessible"],
        },
        timeout=10,
    ).json()
    wait_for(f"{api}/{done['id']}")
    session = requests.Session()
    page = session.get(app.url + "/").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    review = session.post(
        f"{app.url}/editions",
        data={"csrf": csrf, "text": ARTICLE, "format": "md", "engine": "tone"},
        allow_redirects=False,
    )
    return {
        "new": "/",
        "review": review.headers["location"],
        "edition": f"/editions/{done['id']}",
        "library": "/library",
        "feed": "/feed",
        "delete": f"/editions/{done['id']}/delete",
        "login": "/login",
        "error": "/editions/0123456789ab",
    }


def test_every_page_passes_axe(app: Running, tab, axe_script: Path) -> None:
    failures = {}
    for name, path in [*_pages(app).items(), ("new, refused", "/")]:
        tab.goto(app.url + path)
        if name == "new, refused":  # the form again, with the problem in an alert
            tab.click("main button[type=submit]")
            tab.wait_for_selector("[role=alert]")
        tab.add_script_tag(path=str(axe_script))
        violations = tab.evaluate(AXE_RUN)
        if violations:
            failures[name] = violations
    assert failures == {}


def test_the_pages_and_the_web_player_run_under_the_security_policy(app: Running, browser) -> None:
    """Without bypass_csp: app.js runs on the app's pages and the web player's inline script
    (allowed by its hash) on the player, and Chromium reports no policy violation."""
    pages = _pages(app)
    job = requests.get(f"{app.url}/api/editions", timeout=10).json()
    player = next(
        edition["files"]["player"]
        for one in job
        for edition in one.get("editions") or []
        if "player" in edition["files"]
    )
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    try:
        for path in (pages["new"], pages["review"], pages["edition"], pages["library"]):
            page.goto(app.url + path)
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.classList.contains('js')"), path
        page.goto(app.url + player)
        page.wait_for_load_state("load")
        assert page.evaluate("!document.getElementById('controls').hidden")  # player.js ran
        assert page.evaluate("getComputedStyle(document.querySelector('a.skip')).position") in (
            "absolute", "fixed"
        )  # the inline style applied
        assert not violations, violations
    finally:
        context.close()
