"""narrate serve in a real Chromium: paste → review → build → listen → download with the
keyboard alone (Tab, Enter, Space, arrows; never the mouse), and every page checked with
axe-core."""

from __future__ import annotations

import re
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


def looks_like_a_button(page, selector: str) -> bool:
    """Drawn as a button: a filled background, a border with rounded corners, no underline."""
    style = page.evaluate(
        f"""(s => ({{background: s.backgroundColor, radius: parseFloat(s.borderTopLeftRadius),
            border: parseFloat(s.borderTopWidth), line: s.textDecorationLine}}))(
            getComputedStyle(document.querySelector({selector!r})))"""
    )
    filled = style["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    return filled and style["radius"] > 0 and style["border"] > 0 and style["line"] == "none"


def player_beside(page) -> str | None:
    """The id of the sentence whose Listen button the sentence player sits beside."""
    return page.evaluate(
        """(a => a && a.previousElementSibling?.matches('a.listen') ? a.closest('li.cue')?.id
            : null)(document.getElementById('preview'))"""
    )


def assert_no_server_internals(page, app: Running) -> None:
    """No server path and no terminal command on the page."""
    text = page.locator("body").inner_text()
    for inside in (str(app.library), str(app.library.parent), "/tmp/"):
        assert inside not in text
    for command in ("narrate voices", "narrate build", "narrate serve", "--token-file"):
        assert command not in text


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
    assert focused(page, "select#format")  # left as it is: the format is told from the text
    assert page.locator("select#format").input_value() == "auto"
    assert page.locator("select#format option:checked").inner_text() == "Automatic"
    tab_to(page, "input[name=engine]")
    while page.evaluate("document.activeElement.value") != "tone":
        page.keyboard.press("ArrowDown")  # radio buttons: the arrows choose
    tab_to(page, "button[type=submit]")
    assert focus_ring(page) == "solid 3px"
    page.keyboard.press("Enter")

    page.wait_for_url("**/review")
    assert page.locator("h1").inner_text() == "Review: Clinic news"  # not "# Clinic news"
    outline = page.locator("nav[aria-labelledby=outline-heading] li a").all_inner_texts()
    assert outline[:2] == ["Clinic news", "Medicines"]  # the ## heading is a chapter
    changed = page.locator("li.cue.changed", has_text="Take 5 mg IV")
    assert changed.locator("p.written mark").all_inner_texts() == ["5 mg", "IV"]
    assert "(units)" in changed.inner_text()
    tab_to(page, f"#{changed.get_attribute('id')} a.listen")
    assert focus_ring(page) == "solid 3px"
    assert looks_like_a_button(page, f"#{changed.get_attribute('id')} a.listen")
    page.keyboard.press("Enter")  # "listen to this sentence": played on the page
    page.wait_for_function("document.getElementById('preview').readyState >= 2", timeout=10_000)
    assert "Playing" in page.locator("#announce").inner_text() or page.evaluate(
        "!document.getElementById('preview').paused"
    )
    before = page.evaluate("document.getElementById('preview').duration")
    assert player_beside(page) == changed.get_attribute("id")  # next to the sentence

    other = page.locator("li.cue").last.get_attribute("id")  # another, by Space as a button
    tab_to(page, f"#{other} a.listen")
    page.keyboard.press("Space")
    page.wait_for_function(f"document.getElementById('preview').closest('li').id === {other!r}")
    page.wait_for_function("document.getElementById('preview').readyState >= 2", timeout=10_000)

    tab_to(page, "input#written")
    page.keyboard.type("IV")
    page.keyboard.press("Tab")
    page.keyboard.type("intravenously")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review?saved=IV*")
    saved = page.locator(".saved[role=status]")
    assert "“IV” is now said “intravenously”" in saved.inner_text()
    assert "5 milligrams intravenously" in changed.inner_text().replace("five", "5")
    assert "the library's narrate.toml" in changed.inner_text()  # the rule: its pronunciation
    assert 'IV = "intravenously"' in (app.library / "narrate.toml").read_text()
    assert_no_server_internals(page, app)
    tab_to(page, ".saved a.listen")  # hear the sentence again, as it is now said
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('preview').readyState >= 2", timeout=10_000)
    after = page.evaluate("document.getElementById('preview').duration")
    assert after > before + 0.2  # the tone voice: longer text, longer tone

    tab_to(page, "form.build-after button")  # the Build button after the script
    assert page.locator("form.build button").first.inner_text() == page.locator(
        "form.build-after button"
    ).inner_text()  # the same as the one before it
    page.keyboard.press("Enter")
    page.wait_for_url("**/editions/*")
    # progress, then done: said in a live region and the tab's title, focus on the result
    done = page.locator("#job-done[role=status]")
    done.wait_for(timeout=30_000)
    page.wait_for_function("document.getElementById('job-done').textContent !== ''")
    assert done.inner_text() == "Done: the editions are ready."
    assert page.title() == "Ready: Clinic news · narrate"
    assert focused(page, "#edition-page section h2")
    assert page.evaluate("document.activeElement.textContent") == "Podcast edition"
    files = page.locator("ul.files a").all_inner_texts()
    assert "Transcript (Markdown) (podcast edition)" in [" ".join(f.split()) for f in files]
    assert "transcript_md" not in page.locator("main").inner_text()
    assert "Accessible web player (accessible edition)" in [" ".join(f.split()) for f in files]
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


def test_upload_a_pdf_review_its_headings_and_build_by_keyboard(app: Running, tab) -> None:
    page = tab
    report = Path(__file__).parents[1] / "fixtures" / "documents" / "report-outline.pdf"
    page.goto(app.url + "/")
    hint = page.locator("#file-hint").inner_text()
    assert "PDF" in hint and "50 MB" in hint
    tab_to(page, "input#file")
    # reached by Tab; the system's file dialog is not the page's, so the file is set as it would
    page.locator("input#file").set_input_files(str(report))
    assert focused(page, "input#file")
    tab_to(page, "input[name=engine]")
    while page.evaluate("document.activeElement.value") != "tone":
        page.keyboard.press("ArrowDown")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review")
    outline = page.locator("nav[aria-labelledby=outline-heading] li a").all_inner_texts()
    for heading in ("Services", "Vaccination", "Finances", "Plans for next year"):
        assert heading in outline
    tab_to(page, "form.build-after button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/editions/*")
    page.locator("#job-done[role=status]").wait_for(timeout=60_000)
    page.wait_for_function("document.getElementById('job-done').textContent !== ''")
    assert page.locator("#job-done").inner_text() == "Done: the editions are ready."


def test_a_scan_is_read_by_ocr_when_chosen_by_keyboard(app: Running, tab) -> None:
    page = tab
    scan = Path(__file__).parents[1] / "fixtures" / "documents" / "scanned-letter.pdf"
    page.goto(app.url + "/")
    tab_to(page, "input#file")
    page.locator("input#file").set_input_files(str(scan))
    tab_to(page, "input#ocr")
    assert page.locator("label[for=ocr]").inner_text().startswith("Read a scanned PDF")
    page.keyboard.press("Space")
    assert page.locator("input#ocr").is_checked()
    tab_to(page, "select#tables")
    assert page.locator("label[for=tables]").inner_text() == "Tables"
    page.keyboard.press("ArrowDown")  # a select: the arrows choose
    assert page.evaluate("document.activeElement.value") == "skip"
    tab_to(page, "select#notes")
    assert page.locator("label[for=notes]").inner_text() == "Footnotes and endnotes"
    tab_to(page, "input[name=engine]")
    while page.evaluate("document.activeElement.value") != "tone":
        page.keyboard.press("ArrowDown")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review", timeout=120_000)
    assert "Dear Mrs Example" in page.locator("main").inner_text()  # read from the picture


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
    page.wait_for_function("document.getElementById('job-done').textContent !== ''")
    assert page.locator("#job-done[role=status]").inner_text() == "The build was cancelled."
    assert page.title() == "Cancelled: Line 0 of the notice line 1 of · narrate"
    assert focused(page, "#job-problem[role=alert]")  # focus on the problem
    assert wait_for(f"{app.url}/api/editions/{job['id']}")["error"] == "cancelled"


def test_progress_names_the_edition_and_counts_over_the_whole_job(app: Running, tab) -> None:
    # 24 sections at 0.15 s a clip: the podcast edition speaks 49 clips (some 7 s), and the
    # accessible one, whose clips the cache mostly has, still speaks its 24 headings anew
    # ("Section 3 of 24: ..."), some 4 s: each phase outlasts several of the page's 1 s polls,
    # even on a loaded machine
    article = "# Waiting room notices\n\n" + "\n\n".join(
        f"## Notice {n}\n\nNotice line {n} for the waiting room." for n in range(1, 25)
    )
    job = requests.post(
        f"{app.url}/api/editions",
        json={"text": article, "format": "md", "engine": "tone-paced",
              "profiles": ["podcast", "accessible"]},  # fmt: skip
        timeout=10,
    ).json()
    page = tab
    page.goto(f"{app.url}/editions/{job['id']}")
    page.evaluate(  # every text the status line and the live region show, in order
        """window.seen = []; for (const id of ["job-status", "job-said"]) {
            new MutationObserver(() => window.seen.push([id,
                document.getElementById(id).textContent, document.title]))
            .observe(document.getElementById(id), {childList: true, characterData: true,
                                                   subtree: true}); }"""
    )
    page.wait_for_function(
        "document.getElementById('job-done')?.textContent.startsWith('Done')", timeout=60_000
    )
    seen = page.evaluate("window.seen")
    shown = [text for where, text, _ in seen if where == "job-status"]
    said = [text for where, text, _ in seen if where == "job-said"]
    first = [t for t in shown if t.startswith("Building the podcast edition (1 of 2): ")]
    second = [t for t in shown if t.startswith("Building the accessible edition (2 of 2): ")]
    assert first and second, shown
    assert any(t.startswith("Building the accessible edition (2 of 2)") for t in said), said
    counts = [re.search(r"(\d+) of (\d+) sentences? spoken", t).groups() for t in first + second]
    done = [int(d) for d, _ in counts]
    totals = {int(total) for _, total in counts}
    assert len(totals) == 1, counts  # one count for the whole job, never restarted
    assert done == sorted(done), counts  # it only goes up, across the editions
    assert int(second[-1].split(": ")[1].split(" of ")[0]) > max(
        int(t.split(": ")[1].split(" of ")[0]) for t in first
    )
    assert all(" 1 seconds" not in t and " 1 minutes" not in t for t in shown)
    titles = [title for _, _, title in seen]
    assert any(re.fullmatch(r"Building \d+%: .* · narrate", title) for title in titles), titles
    assert page.title().startswith("Ready: ")


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
    one = session.post(  # one sentence in each chapter: "1 sentence", never "1 sentences"
        f"{app.url}/editions",
        data={"csrf": csrf, "text": "# One\n\nA single sentence.\n", "engine": "tone"},
        allow_redirects=False,
    )
    return {
        "new": "/",
        "review": review.headers["location"],
        "review of one sentence": one.headers["location"],
        "edition": f"/editions/{done['id']}",
        "library": "/library",
        "feed": "/feed",
        "delete": f"/editions/{done['id']}/delete",
        "login": "/login",
        "error": "/editions/0123456789ab",
    }


def test_delete_it_and_keep_it_stand_apart_and_work_by_keyboard(app: Running, tab) -> None:
    job = requests.post(
        f"{app.url}/api/editions", json={"text": "A short notice.", "engine": "tone"}, timeout=10
    ).json()
    wait_for(f"{app.url}/api/editions/{job['id']}")
    page = tab
    page.goto(f"{app.url}/editions/{job['id']}")
    tab_to(page, "a[href$='/delete']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/delete")
    tab_to(page, "button.danger")
    delete = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    page.keyboard.press("Tab")
    assert focused(page, "a.button") and page.evaluate("document.activeElement.textContent") == (
        "Keep it"
    )
    keep = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    apart = max(keep["left"] - delete["right"], keep["top"] - delete["bottom"])
    assert apart >= 16, (delete, keep)  # not touching: a slip of the finger deletes nothing
    assert looks_like_a_button(page, "a.button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/editions/{job['id']}")
    assert requests.get(f"{app.url}/api/editions/{job['id']}", timeout=10).status_code == 200


PLURAL_SLIPS = re.compile(
    r"\b1 (sentences|chapters|seconds|minutes|cues|passages|files|editions|words)\b"
)


def test_every_page_passes_axe(app: Running, tab, axe_script: Path) -> None:
    failures = {}
    for name, path in [*_pages(app).items(), ("new, refused", "/")]:
        tab.goto(app.url + path)
        if name == "new, refused":  # the form again, with the problem in an alert
            tab.click("main button[type=submit]")
            tab.wait_for_selector("[role=alert]")
        assert_no_server_internals(tab, app)
        assert not PLURAL_SLIPS.search(tab.locator("body").inner_text()), name
        if name == "review of one sentence":
            outline = tab.locator("nav[aria-labelledby=outline-heading]").inner_text()
            assert "(1 sentence)" in outline
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
