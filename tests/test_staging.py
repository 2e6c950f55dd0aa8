"""Staging folders that record their owner, publishing under a lock, one source per slug."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from narrate import staging
from narrate.cli import main
from narrate.errors import OutputError
from tests.helpers import tiny_article_text

ROOT = Path(__file__).resolve().parents[1]


def _tone_build(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", "--engine", "tone", "-q", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _dead_owner_tag() -> str:
    """The tag of a process that has exited (its id may be reused: the start time tells)."""
    proc = psutil.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    tag = f"{proc.pid}-{round(proc.create_time() * 100)}"
    proc.wait()
    return tag


def test_stale_staging_folders_are_removed_and_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = out / f".old-slug.tmp-{_dead_owner_tag()}-abcd1234"
    retired = out / f".other.old-{_dead_owner_tag()}-abcd1234"
    reused = out / f".reused.tmp-{os.getpid()}-1-abcd1234"  # our pid, another start time
    live = staging.make_staging(out, "live")
    for folder in (dead, retired, reused):
        folder.mkdir()
        (folder / ".programme.wav").write_bytes(b"\0" * 1000)
    foreign = out / ".not-ours"
    foreign.mkdir()
    (out / "other").mkdir()  # the retired folder's edition was replaced: it goes
    moved_aside = out / f".lost.old-{_dead_owner_tag()}-abcd1234"
    moved_aside.mkdir()  # killed mid-swap, no edition in its place: it comes back
    assert set(staging.remove_stale(out)) == {dead, retired, reused}
    assert sorted(p.name for p in out.iterdir()) == sorted([live.name, ".not-ours", "other",
                                                            "lost"])  # fmt: skip


def test_a_build_removes_what_a_killed_build_left(tmp_path):
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    left = out / f".tiny-article.tmp-{_dead_owner_tag()}-0123abcd"
    left.mkdir()
    (left / ".mastered.wav").write_bytes(b"\0" * 4096)
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", str(article), "--engine", "tone", "-q", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["tiny-article"]


def _publish_many(out: str, rounds: int, errors) -> None:
    try:
        for n in range(rounds):
            stage = staging.make_staging(Path(out), "same")
            (stage / "who.txt").write_text(f"{os.getpid()}-{n}")
            staging.publish(stage, Path(out) / "same", staging.Claim("loc", "sha"))
    except BaseException as error:  # reported to the parent, which fails the test
        errors.put(repr(error))


def test_concurrent_publishes_of_one_edition_all_succeed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    errors = multiprocessing.get_context("spawn").Queue()
    workers = [
        multiprocessing.get_context("spawn").Process(
            target=_publish_many, args=(str(out), 25, errors)
        )
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert all(worker.exitcode == 0 for worker in workers)
    assert errors.empty(), errors.get()
    assert [p.name for p in out.iterdir()] == ["same"]
    assert (out / "same" / "who.txt").read_text().endswith("-24")


@pytest.mark.slow
def test_concurrent_builds_of_one_article_all_succeed_and_the_last_wins(tmp_path):
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(3):
        procs = [_tone_build(str(article), "-o", str(out), env=env) for _ in range(3)]
        results = [proc.communicate(timeout=120) for proc in procs]
        for proc, (_, stderr) in zip(procs, results, strict=True):
            assert proc.returncode == 0, stderr.decode()
        assert [p.name for p in out.iterdir()] == ["tiny-article"]
        assert (out / "tiny-article" / "tiny-article.mp3").is_file()


def test_another_source_with_the_same_slug_is_refused_until_overwrite(tmp_path):
    first, second = tmp_path / "a" / "tiny.txt", tmp_path / "b" / "other.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(tiny_article_text(), encoding="utf-8")
    second.write_text(tiny_article_text().replace("Zeta", "Omega"), encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner(mix_stderr=False)

    def build(source: Path, *more: str):
        return runner.invoke(main, ["build", str(source), "--engine", "tone", "-q", "-o",
                                    str(out), *more])  # fmt: skip

    assert build(first).exit_code == 0
    before = (out / "tiny-article" / "tiny-article.mp3").read_bytes()
    refused = build(second)
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line and str(first.resolve()) in line and str(second.resolve()) in line
    assert "--overwrite" in line
    assert (out / "tiny-article" / "tiny-article.mp3").read_bytes() == before
    assert build(first).exit_code == 0  # the same source, rebuilt: fine
    replaced = build(second, "--overwrite")
    assert replaced.exit_code == 0, replaced.stderr
    assert "other.txt" in (out / "tiny-article" / "manifest.json").read_text()
    assert [p.name for p in out.iterdir()] == ["tiny-article"]


def test_publish_refuses_another_source_under_the_lock(tmp_path):
    """The check is repeated at the swap: a clash that appeared during synthesis is caught."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "slug").mkdir()
    (out / "slug" / "manifest.json").write_text(
        '{"schema": 1, "title": "t", "source": {"path": "a.txt", "sha256": "1", "location": '
        '"/a.txt"}, "files": {}, "duration_ms": 1, "created": "2026-01-01T00:00:00Z"}'
    )
    stage = staging.make_staging(out, "slug")
    with pytest.raises(OutputError, match="/a.txt"):
        staging.publish(stage, out / "slug", staging.Claim("/b.txt", "2"))
