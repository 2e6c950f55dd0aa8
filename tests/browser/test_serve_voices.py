"""The Voices page in a real Chromium: hear a voice's sample and add a voice from the
catalogue with the keyboard alone, and the page checked with axe-core."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests import voice_server
from tests.browser.test_serve import AXE_RUN, assert_no_server_internals, focus_ring, tab_to
from tests.helpers import narrate_process
from tests.serve.conftest import Running


@pytest.fixture
def app(monkeypatch):
    """`narrate serve` with a voices folder of its own and the voices repository's stand-in."""
    folder = Path(tempfile.mkdtemp(prefix="narrate-serve-voices-"))
    monkeypatch.setenv("NARRATE_DATA_DIR", str(folder / "data"))
    stand_in = voice_server.serve()
    monkeypatch.setenv("NARRATE_VOICES_URL", stand_in.url)
    assert narrate_process("voices", "--refresh").returncode == 0
    running = Running(folder / "library", folder / "cache").start()
    yield running
    running.stop()
    stand_in.stop()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 800},
                                  reduced_motion="reduce", bypass_csp=True)  # fmt: skip
    yield context.new_page()
    context.close()


@pytest.mark.slow
def test_hear_a_sample_and_add_a_voice_by_keyboard_and_the_page_passes_axe(
    app: Running, tab, axe_script: Path
) -> None:
    page = tab
    page.goto(app.url + "/")
    tab_to(page, "nav a[href='/voices']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/voices")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Voices"
    sample = "a.listen[href='/voices/piper/en_US-joe-medium/sample.wav']"
    tab_to(page, sample)
    assert focus_ring(page) == "solid 3px"
    page.keyboard.press("Enter")  # played on the page, not opened
    page.wait_for_function("document.getElementById('preview').readyState >= 2", timeout=30_000)
    assert page.evaluate("document.getElementById('preview').duration") > 1
    assert page.url.endswith("/voices")

    page.add_script_tag(path=str(axe_script))
    assert page.evaluate(AXE_RUN) == []
    assert_no_server_internals(page, app)

    tab_to(page, "select#voice")
    page.select_option("select#voice", voice_server.GOOD)  # as arrows on the list would
    tab_to(page, "form[action='/voices/add'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/voices?added=*")
    assert voice_server.GOOD in page.locator("#adding + ul").inner_text()
    for _ in range(100):
        if "added; it is listed above" in page.locator("#adding + ul").inner_text():
            break
        page.wait_for_timeout(300)
        page.reload()
    assert page.locator(f"a.listen[href='/voices/piper/{voice_server.GOOD}/sample.wav']").count()
    page.add_script_tag(path=str(axe_script))
    assert page.evaluate(AXE_RUN) == []
    assert_no_server_internals(page, app)
