"""The distribution as PyPI would hold it: `python -m build` makes the sdist and, from it, the
wheel; `twine check` passes both; the wheel installed with its own dependencies in a fresh
virtual environment (no source tree on the path) builds the example with Piper, serves the web
app, and holds every file of the package, the package data among them."""

from __future__ import annotations

import filecmp
import os
import re
import socket
import subprocess
import sys
import urllib.request
import venv
from pathlib import Path

import pytest

from narrate import __version__
from tests.helpers import import_or_missing

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ketamine-infusion-vs-kap.txt"
TIMEOUT = 900


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False, **kwargs)  # fmt: skip
    assert done.returncode == 0, f"{command[:4]}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    import_or_missing("build", extra="test")
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT])
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> dict[str, str]:
    """A fresh venv with the wheel and its `serve` extra installed (versions from
    constraints.txt); the environment to run its commands in, away from the source tree."""
    home = tmp_path_factory.mktemp("wheel-venv")
    venv.create(home / "venv", with_pip=True)
    wheel = next(dist.glob("*.whl"))
    # nothing of the source tree: on PYTHONPATH its egg-info would pass for the installed wheel
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{home / 'venv' / 'bin'}{os.pathsep}{env['PATH']}"
    pip = ["python", "-m", "pip", "install", "--quiet", "--no-compile"]  # a throw-away venv
    run([*pip, "--upgrade", "pip"], env=env, cwd=home)  # Python 3.11's pip 23.2 fails on lxml
    run([*pip, "--quiet", "-c", ROOT / "constraints.txt",
         f"narrate-audio[serve] @ {wheel.as_uri()}"], env=env, cwd=home)  # fmt: skip
    return env


def test_sdist_and_wheel_are_named_for_the_distribution_and_pass_twine_check(dist):
    import_or_missing("twine", extra="test")
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"narrate_audio-{__version__}-py3-none-any.whl",
                     f"narrate_audio-{__version__}.tar.gz"]  # fmt: skip
    checked = run([sys.executable, "-m", "twine", "check", "--strict", *dist.iterdir()])
    assert checked.stdout.count("PASSED") == 2


def test_the_installed_wheel_holds_every_file_of_the_package(installed, tmp_path):
    where = run(["python", "-c", "import narrate; print(narrate.__file__)"],
                env=installed, cwd=tmp_path).stdout.strip()  # fmt: skip
    package = Path(where).parent
    assert "site-packages" in package.parts
    source = ROOT / "narrate"
    files = [p.relative_to(source) for p in source.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts]  # fmt: skip
    assert {"writers/templates/player.html", "speech/lexicons/clinical.toml",
            "serve/static/app.js", "voices/data/piper-voices.json",
            } <= {str(f) for f in files}  # fmt: skip
    absent = [str(f) for f in files if not (package / f).is_file()]
    assert absent == []
    differ = [str(f) for f in files if not filecmp.cmp(source / f, package / f, shallow=False)]
    assert differ == []
    version = run(["narrate", "--version"], env=installed, cwd=tmp_path).stdout
    assert version.strip() == f"narrate, version {__version__}"


def test_the_installed_wheel_builds_the_accessible_example_with_piper(installed, tmp_path):
    out = tmp_path / "editions"
    made = run(["narrate", "build", EXAMPLE, "--engine", "piper", "--profile", "accessible",
                "--clinical", "-q", "-o", out], env=installed, cwd=tmp_path)  # fmt: skip
    folder = Path(made.stdout.strip().splitlines()[-1]).parent
    player = (folder / "index.html").read_text(encoding="utf-8")  # the player's template
    assert "<audio" in player and "Ketamine" in player
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert '"piper"' in manifest


def test_the_installed_wheel_serves_the_web_app_and_its_static_files(installed, tmp_path):
    server = subprocess.Popen(
        ["narrate", "serve", "--port", str(free_port()), "--library", str(tmp_path / "library")],
        env=installed, cwd=tmp_path, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = server.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert port, line
        base = f"http://127.0.0.1:{port.group(1)}"
        with urllib.request.urlopen(f"{base}/", timeout=30) as page:
            assert "<html" in page.read().decode()
        for name in ("app.css", "app.js"):
            with urllib.request.urlopen(f"{base}/static/{name}", timeout=30) as got:
                assert got.read() == (ROOT / "narrate" / "serve" / "static" / name).read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)
