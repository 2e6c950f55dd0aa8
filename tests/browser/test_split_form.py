"""The new-edition form's "One audio file per chapter" checkbox by keyboard, in Chromium: reached
with Tab, its focus ring drawn, ticked with Space, and carried through review to the build."""

from __future__ import annotations

from tests.browser.test_serve import ARTICLE, app, focus_ring, tab, tab_to  # noqa: F401
from tests.serve.conftest import Running, wait_for


def test_the_split_checkbox_works_by_keyboard(app: Running, tab) -> None:  # noqa: F811
    page = tab
    page.goto(app.url + "/")
    tab_to(page, "textarea#text")
    page.keyboard.insert_text(ARTICLE)
    tab_to(page, "input[name=split_chapters]")
    assert focus_ring(page) == "solid 3px"
    assert page.locator("#split-chapters").get_attribute("aria-describedby") == (
        "split-chapters-note"
    )
    page.keyboard.press("Space")
    assert page.locator("#split-chapters").is_checked()
    tab_to(page, "input[name=engine]")
    while page.evaluate("document.activeElement.value") != "tone":
        page.keyboard.press("ArrowDown")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review")
    job_id = page.url.rsplit("/", 2)[-2]
    tab_to(page, "form[action$='/build'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/editions/*")
    page.locator("#job-done[role=status]").wait_for(timeout=60_000)
    job = wait_for(f"{app.url}/api/editions/{job_id}", timeout=120)
    assert job.get("status") == "done", job
    assert "split_chapters" in job["edition"]["files"]
