"""The documentation site: `mkdocs build --strict` as CI runs it, then every page in a real
Chromium from 127.0.0.1: axe-core finds nothing, the skip link reaches the content, search works,
and no page asks anything of another host."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import narrate
from tests.browser.conftest import AXE
from tests.helpers import missing as missing_tool

ROOT = Path(__file__).resolve().parents[2]
AXE_RUN = """axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(
    v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))})))"""
DOCS_MODULES = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python",
                "mdx_truly_sane_lists")  # fmt: skip


def _missing_docs_tools() -> list[str]:
    missing = []
    for name in DOCS_MODULES:
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # the parent package of a dotted name is missing
            found = None
        if found is None:
            missing.append(name)
    return missing


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` writes it (a warning fails the build)."""
    if missing := _missing_docs_tools():
        missing_tool(", ".join(missing), "pip install -c constraints.txt -e '.[docs]'")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser):
    """A page that may load only from 127.0.0.1: anything else is blocked and listed."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, reduced_motion="reduce")
    context.elsewhere = []

    def only_here(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            context.elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    yield page
    assert context.elsewhere == [], "the site asked another host"
    context.close()


def _pages(site: Path) -> list[str]:
    """The address of every page the build wrote, the 404 page included."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [page.removesuffix("index.html") for page in pages] + ["404.html"]


def _github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(markdown: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", markdown.read_text(encoding="utf-8"), flags=re.S)
    return {_github_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


def test_the_readmes_links_reach_their_pages_and_headings() -> None:
    """On GitHub and in a clone, the front door's links lead into docs/: no site needed."""
    readme = ROOT / "README.md"
    links = re.findall(r"\]\(([^)\s]+)\)", readme.read_text(encoding="utf-8"))
    local = [link for link in links if not re.match(r"[a-z]+://", link)]
    assert len(local) > 20
    for link in local:
        path, _, anchor = link.partition("#")
        target = (ROOT / path) if path else readme
        assert target.is_file(), link
        if anchor:
            assert anchor in _anchors(target), link


def _nav_pages(nav) -> list[str]:
    """The Markdown files mkdocs.yml's nav names, in order."""
    if isinstance(nav, str):
        return [nav]
    items = nav.values() if isinstance(nav, dict) else nav
    return [page for item in items for page in _nav_pages(item)]


def _plain(markdown: str) -> str:
    """Markdown's text as a reader sees it: no fences, comments, marks or link targets."""
    markdown = re.sub(r"<!--.*?-->|^```\w*$", " ", markdown, flags=re.S | re.M)
    markdown = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[`*|]|^#+ ", " ", markdown, flags=re.M)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w./<>:'\"()-]+", text)


def test_the_strict_build_has_every_page_of_the_nav(site: Path) -> None:
    from mkdocs.config import load_config  # here when the site could be built

    nav = _nav_pages(load_config(config_file=str(ROOT / "mkdocs.yml"))["nav"])
    assert len(nav) > 15 and len(set(nav)) == len(nav)
    for page in nav:
        built = site / page.removesuffix(".md").removesuffix("index") / "index.html"
        assert built.is_file(), page
    # README sections shown in the docs through snippets, not copied: each one's start is there
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for section, page in [("intro", ""), ("quick-start", "getting-started"),
                          ("output", "getting-started"), ("python", "python")]:  # fmt: skip
        found = re.search(rf"\[start:{section}\] -->\n(.*?)<!-- --8<-- \[end:", readme, re.S)
        assert found, f"README.md lost its {section} snippet markers"
        built = (site / page / "index.html").read_text(encoding="utf-8")
        shown = " ".join(_words(html.unescape(re.sub(r"<[^>]+>", " ", built))))
        assert " ".join(_words(_plain(found.group(1)))[:8]) in shown, section
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in (name for name in narrate.__all__ if name != "__version__"):
        assert f'id="narrate.api.{name}"' in api, name
    assert "Everything a build needs besides the articles" in api  # BuildOptions' docstring


def _axe(tab) -> list[dict]:
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate(AXE_RUN)


def test_every_page_passes_axe_wide_and_narrow(site: Path, site_url: str, tab) -> None:
    if not AXE.is_file():
        missing_tool("axe-core", f"npm ci in {AXE.parents[2]} (scripts/test does)")
    failures = {}
    pages = _pages(site)
    assert len(pages) > 15
    for width in (1200, 390):  # a desktop, and a phone: tables scroll, the nav is a drawer
        tab.set_viewport_size({"width": width, "height": 800})
        for page in pages:
            tab.goto(f"{site_url}/{page}")
            if violations := _axe(tab):
                failures[f"{page} at {width} px"] = violations
    assert failures == {}


def test_the_skip_link_takes_the_keyboard_to_the_content(site_url: str, tab) -> None:
    tab.goto(f"{site_url}/getting-started/")
    tab.keyboard.press("Tab")
    skip = tab.locator("a.md-skip")
    assert tab.evaluate("document.activeElement.matches('a.md-skip')")
    assert skip.is_visible() and skip.inner_text().strip() == "Skip to content"
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")  # the first link after the page's heading, not the navigation
    assert tab.evaluate("document.activeElement.closest('article.md-content__inner') !== null")
    assert tab.evaluate("document.activeElement.closest('nav') === null")


def test_search_works_offline_from_the_keyboard(site_url: str, tab) -> None:
    tab.goto(f"{site_url}/")
    tab.keyboard.press("/")  # Material's shortcut to the search box
    assert tab.evaluate("document.activeElement.matches('input.md-search__input')")
    tab.keyboard.type("musiconhold")
    result = tab.locator(".md-search-result__link").first
    result.wait_for(timeout=10_000)
    assert "On-hold messages" in result.inner_text()
    if AXE.is_file():  # the open search dialog and its results, too
        assert _axe(tab) == []
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/phone/**")
