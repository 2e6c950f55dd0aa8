"""Every article in examples/ passes `narrate check` in the podcast and phone profiles (the
accessible profile: test_check_examples_accessible.py, a file of its own so that pytest-xdist's
`--dist loadfile` runs it beside these, not after them), built with Piper `--deterministic`:
both commands run as a user runs them, in subprocesses. The edition folders are taken from
what `narrate build` prints (the MP3's path, or the phone edition's folder), not from a layout
assumed here.

Cost: each profile is built once for all the examples, with one clip cache for the three
profiles and the run's other Piper builds (tests/conftest.py `piper_clips`); each edition is
then checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from narrate import manifest as manifest_io
from tests.conftest import speaking
from tests.helpers import import_or_missing

pytestmark = pytest.mark.slow

import_or_missing("faster_whisper", extra="check")
EXAMPLES = Path(__file__).parents[2] / "examples"
ARTICLES = ("clinic-hours.md", "first-visit.txt", "ketamine-infusion-vs-kap.txt",
            "medication-safety.html")  # fmt: skip
PROFILES = ("podcast", "phone")


def narrate(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {"NARRATE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    env.update({name: os.environ[name] for name in ("PYTHONPATH",) if name in os.environ})
    return subprocess.run([sys.executable, "-m", "narrate", *args], capture_output=True,
                          text=True, env=env)  # fmt: skip


def edition_folder(printed: str) -> Path:
    """The edition folder of a path `narrate build` printed: the MP3's folder, or the folder."""
    path = Path(printed)
    return path if path.is_dir() else path.parent


@pytest.fixture(scope="module")
def cache(piper_clips):
    return piper_clips  # the run's Piper clips (tests/conftest.py), shared with other files


@pytest.fixture(scope="module")
def built(tmp_path_factory, cache):
    """By profile, the examples' edition folders by article name (built on first use)."""
    made: dict[str, dict[str, Path]] = {}

    def editions(profile: str) -> dict[str, Path]:
        if profile not in made:
            out = tmp_path_factory.mktemp(profile)
            folders = {}
            for article in ARTICLES:  # one at a time: narrate builds one language per run
                with speaking(cache, EXAMPLES / article):
                    result = narrate("build", str(EXAMPLES / article), "-o", str(out),
                                     "--profile", profile, "--engine", "piper",
                                     "--deterministic", "--quiet", cache=cache)  # fmt: skip
                assert result.returncode == 0, result.stderr
                folders[article] = edition_folder(result.stdout.strip().splitlines()[-1])
            made[profile] = folders
        return made[profile]

    return editions


@pytest.mark.parametrize("article", ARTICLES)
@pytest.mark.parametrize("profile", PROFILES)
def test_every_example_passes_the_check(built, cache, profile, article):
    passes_the_check(built, cache, profile, article)


def passes_the_check(built, cache, profile: str, article: str) -> None:
    """`article`'s edition in `profile` passes `narrate check`, with nothing said unheard."""
    folder = built(profile)[article]
    manifest = manifest_io.load(folder / "manifest.json")
    assert manifest.profile == profile
    assert manifest.source.location == str((EXAMPLES / article).resolve())
    result = narrate("check", str(folder), cache=cache)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("check: passed: ")
    report = json.loads((folder / "check.json").read_text(encoding="utf-8"))
    assert report["passed"] and report["compared_with"] == "script"
    assert report["heard_share"] >= 0.9 and report["faults"] == []
    assert all(c["heading_heard"] in (True, None) for c in report["chapters"])
    # only what was said is looked for: the phone edition's byline, shown and never said, is
    # not a sentence heard 0%
    said = " ".join(s["text"] for s in report["least_heard"])
    if manifest.author:
        assert manifest.author not in said
    # a respelling is offered only once it was heard right; an empty one never
    html = (folder / "check.html").read_text(encoding="utf-8")
    assert '= ""' not in html
