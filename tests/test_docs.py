"""The command reference on the docs site (docs/cli.md) is the commands' own help."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_up_to_date():
    # a fresh process: the test-only engines registered here must not appear in the docs
    result = subprocess.run(
        [sys.executable, "scripts/cli_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
