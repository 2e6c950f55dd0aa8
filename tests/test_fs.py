"""Atomic writes: no temp file left behind, and a failed write keeps the old file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from narrate.errors import OutputError
from narrate.fs import atomic_path, atomic_write_bytes, atomic_write_text, write_atomic


def _leftovers(folder: Path) -> list[Path]:
    return list(folder.glob(".*.tmp-*"))


def test_text_is_written_and_no_temp_file_remains(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.txt"
    assert atomic_write_text(target, "Choosing What’s Right\n") == target
    assert target.read_text(encoding="utf-8") == "Choosing What’s Right\n"
    assert not _leftovers(target.parent)


def test_bytes_replace_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert not _leftovers(tmp_path)


def test_failure_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.mp3"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="encoder died"), atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".a.mp3.tmp-")
        tmp.write_bytes(b"half")
        raise RuntimeError("encoder died")
    assert target.read_bytes() == b"old"
    assert not _leftovers(tmp_path)


def test_a_block_that_writes_nothing_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(OutputError, match="no file"), atomic_path(target):
        pass
    assert target.read_text() == "old"


def test_os_failure_is_an_output_error_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    (target / "in-the-way").mkdir(parents=True)
    with pytest.raises(OutputError, match="cannot write .*a.txt"):
        atomic_write_text(target, "x")
    assert not _leftovers(tmp_path)


def test_written_file_has_ordinary_permissions(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "a.txt", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_atomic_names_the_target_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "clip.wav"
    write_atomic(target, b"new", sync=False)
    assert target.read_bytes() == b"new"
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "missing" / "clip.wav", b"x")
    assert caught.value.filename == str(tmp_path / "missing" / "clip.wav")
    assert _leftovers(tmp_path) == []
