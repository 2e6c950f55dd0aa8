"""Reading an EPUB back as a reading system would, and running the official checker on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from tests.helpers import missing

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "smil": "http://www.w3.org/ns/SMIL",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUBCHECK_JARS = (Path("/usr/share/java/epubcheck.jar"),)  # Debian's package


def epubcheck_command() -> list[str] | None:
    """How to run Debian's epubcheck: its /usr/bin/epubcheck is a symbolic link to the jar
    (run through binfmt's jarwrapper where that is set up), so call java on the jar."""
    java = shutil.which("java")
    linked = Path("/usr/bin/epubcheck")
    jars = [linked.resolve()] if linked.exists() else []
    jar = next((j for j in [*jars, *EPUBCHECK_JARS] if j.suffix == ".jar" and j.is_file()), None)
    return [java, "-jar", str(jar)] if java and jar else None


def run_epubcheck(book: Path, report: Path) -> dict:
    """epubcheck's JSON report of `book` (its messages: errors, warnings, infos)."""
    command = epubcheck_command()
    if not command:
        missing("epubcheck", "apt-get install epubcheck default-jre-headless (scripts/test does)")
    subprocess.run([*command, str(book), "--json", str(report)], capture_output=True,
                   timeout=300, check=False)  # fmt: skip
    return json.loads(report.read_text(encoding="utf-8"))


class Book:
    """An unzipped view of an EPUB: its package, documents and audio, by path in the zip."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = self.xml("META-INF/container.xml")
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.root = self.opf_path.rsplit("/", 1)[0] + "/" if "/" in self.opf_path else ""
        self.opf = self.xml(self.opf_path)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def items(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.findall(".//opf:item", NS)}

    def href(self, item: etree._Element) -> str:
        return self.root + item.get("href")

    def spine(self) -> list[etree._Element]:
        items = self.items()
        return [items[ref.get("idref")] for ref in self.opf.findall(".//opf:itemref", NS)]

    def metas(self, prop: str, refines: str | None = None) -> list[str]:
        return [
            meta.text
            for meta in self.opf.findall(".//opf:meta", NS)
            if meta.get("property") == prop and meta.get("refines") == refines
        ]


def seconds(clock: str) -> float:
    """A SMIL clock value (`0:01:02.345`, `62.345s`) in seconds."""
    if clock.endswith("s") and ":" not in clock:
        return float(clock[:-1])
    total = 0.0
    for part in clock.split(":"):
        total = total * 60 + float(part)
    return total


ACE = Path(__file__).parent / "ace" / "node_modules" / ".bin" / "ace-puppeteer"


def ace_command() -> list[str] | None:
    """DAISY Ace's puppeteer runner (npm ci in tests/ace), if installed, and a chromium."""
    return [str(ACE)] if ACE.is_file() and shutil.which("chromium") else None


def run_ace(book: Path, outdir: Path) -> dict:
    """Ace's JSON report of `book`, checked in Debian's chromium (puppeteer downloads none)."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": shutil.which("chromium") or "",
           "PUPPETEER_SKIP_DOWNLOAD": "1"}  # fmt: skip
    command = [*ace_command(), "--silent", "--force", "--outdir", str(outdir), str(book)]
    for _attempt in (1, 2):  # a browser that crashed (no report written) is started once more
        done = subprocess.run(command, env=env, timeout=300, capture_output=True, text=True)
        if done.returncode == 0 or (outdir / "report.json").exists():
            break
    else:
        raise AssertionError(f"Ace exited {done.returncode} twice without a report: "
                             f"{done.stderr[-2000:] or done.stdout[-2000:]}")  # fmt: skip
    assert done.returncode == 0, f"Ace exited {done.returncode}: {done.stderr[-2000:]}"
    return json.loads((outdir / "report.json").read_text(encoding="utf-8"))
