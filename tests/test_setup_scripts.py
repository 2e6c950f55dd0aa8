"""The set-up: the scripts install what the README says, and a missing tool is one line that
skips under plain pytest and fails under NARRATE_REQUIRE_TOOLS=1 (as scripts/test runs)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench_install():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench_install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scripts_run_the_readmes_install_commands_with_the_constraints():
    readme = _bench_install().install_commands()
    script = (ROOT / "scripts" / "venv.sh").read_text()
    lines = [re.search(rf"^{name}='(.*)'$", script, re.M) for name in ("INSTALL", "INSTALL_TESTS")]
    assert [line.group(1) for line in lines if line] == readme
    assert all("-c constraints.txt" in line for line in readme)
    assert (ROOT / "constraints.txt").is_file()
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


MISSING_TOOL = '''
from tests.helpers import missing, needs

def test_inside():
    missing("frobnicator", "apt-get install frobnicator")

@needs(False, "DAISY Ace", "`npm ci` in tests/ace")
def test_marked():
    pass

@needs(True, "chromium", "apt-get install chromium")
def test_present():
    pass
'''


@pytest.mark.parametrize("required", [False, True])
def test_a_missing_tool_is_one_line_a_skip_or_under_require_tools_a_failure(tmp_path, required):
    (tmp_path / "test_tools.py").write_text(MISSING_TOOL, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NARRATE_REQUIRE_TOOLS": "1" if required else ""}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-q", "-rsfE", "-p",
         "no:cacheprovider", str(tmp_path / "test_tools.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = done.stdout
    assert "frobnicator missing: apt-get install frobnicator" in out
    assert "DAISY Ace missing: `npm ci` in tests/ace" in out
    if required:
        assert done.returncode == 1
        assert re.search(r"\b1 passed\b", out) and re.search(r"\b1 failed, .*1 error\b", out), out
        assert "NARRATE_REQUIRE_TOOLS is set" in out
    else:
        assert done.returncode == 0
        assert re.search(r"\b1 passed, 2 skipped\b", out), out
