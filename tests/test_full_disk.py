"""A full disk, for real: a small tmpfs (mounting one needs root; skipped with the reason
where the machine does not allow it). One line naming the full folder, nothing left there."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrate.cli import main
from tests.conftest import SAMPLE
from tests.helpers import missing


@pytest.fixture
def small_disk(tmp_path, request) -> Path:
    """A tmpfs of the size the test asks for (request.param), unmounted afterwards."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={request.param}", "tmpfs", str(mount)],
        capture_output=True, text=True,
    )  # fmt: skip
    if made.returncode != 0:
        missing("a small tmpfs", f"run as root where mount is allowed "
                f"({made.stderr.strip() or 'mount refused'})")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


# 2 MB: the stitched programme does not fit (Python's write fails); 6 MB: it does, and
# ffmpeg's render of the master and the M4B runs out.
@pytest.mark.parametrize("small_disk", ["2m", "6m"], indirect=True)
def test_a_full_output_disk_is_named_and_nothing_is_left(tmp_path, small_disk):
    out = small_disk / "editions"
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", str(SAMPLE), "--engine", "tone", "-q", "-o", str(out),
               "--format", "mp3,m4b", "--cache-dir", str(tmp_path / "cache")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"narrate: error: {out}: the disk is full (no space left on device); free some space "
        "there and build again. Nothing was published\n"
    )
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("small_disk", ["1m"], indirect=True)
def test_a_full_cache_disk_is_named(tmp_path, small_disk):
    cache = small_disk / "cache"
    out = tmp_path / "out"
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", str(SAMPLE), "--engine", "tone", "-q", "-o", str(out),
               "--cache-dir", str(cache)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"narrate: error: {cache}: the disk is full"), result.stderr
    assert result.stderr.count("\n") == 1
    assert list(out.iterdir()) == []
    assert not list(cache.rglob("*.tmp"))
