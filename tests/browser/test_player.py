"""The web player in a real Chromium: accessible (axe-core), seeking, the spoken sentence marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.writers import EditionContext

CURRENT_CUE = "document.querySelector('.cue[aria-current]')?.id"


def _chapter_starts(edition: EditionContext) -> list[float]:
    return [c.start_ms / 1000 for c in edition.timeline.chapters]


def _settled_time(page) -> float:
    page.wait_for_function("!document.getElementById('player').seeking", timeout=5_000)
    return page.evaluate("document.getElementById('player').currentTime")


def test_axe_finds_no_violations(page, axe_script: Path) -> None:
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(
        """axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(
            v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))})))"""
    )
    assert violations == []


def test_next_chapter_key_seeks_to_the_next_chapter(page, edition: EditionContext) -> None:
    starts = _chapter_starts(edition)
    page.evaluate("document.getElementById('player').currentTime = 3")
    page.keyboard.press("Alt+PageDown")
    assert _settled_time(page) == pytest.approx(starts[1], abs=0.01)
    page.keyboard.press("Alt+PageDown")
    assert _settled_time(page) == pytest.approx(starts[2], abs=0.01)
    page.keyboard.press("Alt+PageUp")  # just past a chapter's start: the one before
    assert _settled_time(page) == pytest.approx(starts[1], abs=0.01)


def test_sentence_keys_step_through_the_cues(page, edition: EditionContext) -> None:
    cues = edition.timeline.cues
    page.evaluate(f"document.getElementById('player').currentTime = {cues[1].start_ms / 1000}")
    page.keyboard.press("Alt+ArrowDown")
    assert _settled_time(page) == pytest.approx(cues[2].start_ms / 1000, abs=0.01)
    page.keyboard.press("Alt+ArrowUp")
    assert _settled_time(page) == pytest.approx(cues[1].start_ms / 1000, abs=0.01)


def test_clicking_a_chapter_seeks_there(page, edition: EditionContext) -> None:
    link = page.get_by_role("navigation", name="Chapters").get_by_role("link").nth(2)
    link.click()
    assert _settled_time(page) == pytest.approx(_chapter_starts(edition)[2], abs=0.01)
    assert page.evaluate("location.hash") == "#part-2"
    assert link.get_attribute("aria-current") == "true"


def test_a_time_in_the_address_starts_the_audio_there(browser, player_url: str) -> None:
    page = browser.new_page()
    page.goto(player_url + "#t=2.5")  # as narrate check's report links to a flagged sentence
    assert _settled_time(page) == pytest.approx(2.5, abs=0.01)
    page.evaluate("location.hash = '#t=1'")
    page.wait_for_function("document.getElementById('player').currentTime < 2")
    assert _settled_time(page) == pytest.approx(1, abs=0.01)
    page.close()


def test_the_spoken_sentence_is_marked_current(
    page, edition: EditionContext, artifacts: Path
) -> None:
    cue = edition.timeline.cues[6]  # the first list item
    page.evaluate(f"document.getElementById('player').currentTime = {cue.start_ms / 1000 + 0.5}")
    page.wait_for_function(f"{CURRENT_CUE} === '{cue.cue.id}'", timeout=5_000)
    assert page.locator(".cue[aria-current]").count() == 1
    assert page.locator(f"#{cue.cue.id}").is_visible()
    page.screenshot(path=str(artifacts / "player.png"), full_page=True)


def test_without_javascript_the_page_is_audio_and_transcript(browser, player_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(player_url)
    assert page.locator("audio[controls]").is_visible()
    assert page.locator("#controls").is_hidden()
    assert page.get_by_role("heading", level=3).count() == 2
    context.close()


def test_reflows_at_320_css_pixels(browser, player_url: str) -> None:
    """WCAG 1.4.10: 1280 px at 400% zoom; no horizontal scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(player_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
