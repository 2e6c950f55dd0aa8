"""`--workers N`: sentences spoken in N engine processes, each loading its voice once; the
edition does not depend on N; a failing, killed or interrupted pool leaves one clear line,
nothing half-written and no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from narrate import api
from narrate.cli import main
from narrate.engine_pool import MB_PER_VOICE_PROCESS, cores, default_workers, pool_for
from narrate.engines.base import EngineOptions
from narrate.errors import BadOption
from narrate.ffmpeg import ffmpeg_exe
from tests.tone_engine import PooledToneEngine, ToneEngine

ROOT = Path(__file__).resolve().parents[1]


def _article(folder: Path, name: str = "pooled.txt", sentences: int = 24, extra: str = "") -> Path:
    article = folder / name
    body = " ".join(f"Sentence {n} of {name} says something new." for n in range(sentences))
    article.write_text(f"Pooled {name}\n\nFirst Part\n\n{body}\n\nSecond Part\n\nThe end "
                       f"of it.{extra}\n", encoding="utf-8")  # fmt: skip
    return article


def _pcm(path: Path) -> bytes:
    """The decoded samples of an audio file."""
    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"]
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def _build(article: Path, out: Path, cache: Path, workers: int, engine: str = "tone-pool"):
    options = api.BuildOptions(
        out_dir=out, cache_dir=cache, workers=workers, date="2026-01-01",
        engine=api.EngineChoice(engine, settings={"deterministic": True} if engine == "piper"
                                else {}),
    )  # fmt: skip
    return api.build([article], options)[0]


@pytest.mark.slow
def test_piper_samples_do_not_depend_on_the_number_of_workers(tmp_path):
    article = tmp_path / "short.txt"
    article.write_text(
        "Short Piper Test\n\nThe first sentence is here. The second one follows it. A third "
        "sentence ends the paragraph.\n\nA Heading\n\nMore words in a new section. And the "
        "last sentence, which is a little longer than the others.\n",
        encoding="utf-8",
    )
    editions = {n: _build(article, tmp_path / f"out{n}", tmp_path / f"cache{n}", n, "piper")
                for n in (1, 2, 4)}  # fmt: skip
    reference = _pcm(editions[1].main_file)
    for n in (2, 4):
        assert _pcm(editions[n].main_file) == reference, f"--workers {n}"
        assert editions[n].timeline.chapters == editions[1].timeline.chapters
    assert editions[1].report.workers == ()  # one worker: synthesis in this process
    pooled = editions[2].report.workers
    assert len({w.pid for w in pooled}) == 2 and os.getpid() not in {w.pid for w in pooled}
    assert all(w.voice_loads == 1 for w in [*pooled, *editions[4].report.workers])
    assert sum(w.clips for w in pooled) == editions[2].report.synthesized


def test_a_pooled_build_equals_one_in_this_process(tmp_path):
    article = _article(tmp_path)
    alone = _build(article, tmp_path / "alone", tmp_path / "c1", 1)
    pooled = _build(article, tmp_path / "pooled", tmp_path / "c3", 3)
    assert _pcm(pooled.main_file) == _pcm(alone.main_file)
    assert pooled.timeline.cues == alone.timeline.cues
    assert pooled.report.synthesized == alone.report.synthesized


def test_each_worker_loads_its_voice_once_for_the_whole_run(tmp_path):
    articles = [_article(tmp_path, f"article{n}.txt") for n in range(2)]
    options = api.BuildOptions(out_dir=tmp_path / "out", workers=2,
                               engine=api.EngineChoice("tone-pool"))  # fmt: skip
    first, second = api.build(articles, options)
    for edition in (first, second):
        assert {w.voice_loads for w in edition.report.workers} == {1}
    pids = {w.pid for w in first.report.workers}
    assert len(pids) == 2 and os.getpid() not in pids
    assert {w.pid for w in second.report.workers} <= pids  # the same processes, not new ones


def test_an_engine_error_in_a_worker_names_chapter_and_sentence(tmp_path):
    article = _article(tmp_path, extra=" This one will FAIL now.")
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", str(article), "--engine", "tone-pool", "--workers", "2", "-q",
               "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        "narrate: error: chapter 2, sentence “This one will FAIL now.”: 503 (Service "
        "Unavailable) from TTS API\n"
    )
    assert list((tmp_path / "out").iterdir()) == []


def _start(article: Path, out: Path, cache: Path, *more: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", str(article), "--engine", "tone-pool",
         "-q", "-o", str(out), *more],
        cwd=ROOT, env={**os.environ, "NARRATE_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def _workers_of(proc: subprocess.Popen, count: int) -> list[psutil.Process]:
    """The build's engine processes, once `count` of them are speaking."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [child for child in psutil.Process(proc.pid).children()
                 if "narrate.engine_worker" in child.cmdline()]  # fmt: skip
        if len(found) >= count:
            time.sleep(0.5)  # the voices are loaded and sentences are being spoken
            return found
        time.sleep(0.05)
    raise AssertionError("the worker processes did not start")


def _gone(processes: list[psutil.Process], within_s: float = 5.0) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=within_s)
    return not alive


def test_a_killed_worker_is_a_clear_error_not_a_hang(tmp_path):
    out = tmp_path / "out"
    proc = _start(_article(tmp_path, sentences=200), out, tmp_path / "cache", "--workers", "2")
    workers = _workers_of(proc, 2)
    workers[0].kill()
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert stderr.decode() == (
        "narrate: error: a synthesis worker process ended unexpectedly (killed, or out of "
        "memory); run again to go on from the clips already made, or give fewer --workers\n"
    )
    assert list(out.iterdir()) == []
    assert _gone(workers)


def test_a_worker_that_dies_by_itself_is_the_same_clear_error(tmp_path):
    article = _article(tmp_path, extra=" This one will DIE now.")
    proc = _start(article, tmp_path / "out", tmp_path / "cache", "--workers", "2")
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "a synthesis worker process ended unexpectedly" in stderr.decode()
    assert "Traceback" not in stderr.decode()


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "narrate: interrupted"),  # Ctrl-C: the terminal signals every process
    (signal.SIGTERM, 143, "narrate: stopped by SIGTERM"),  # a service manager: the main one
])  # fmt: skip
def test_a_stopped_pooled_build_leaves_nothing_and_no_process(tmp_path, signum, code, said):
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = _start(_article(tmp_path, sentences=200), out, cache, "--workers", "2")
    workers = _workers_of(proc, 2)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr.decode()
    assert stderr.decode() == f"{said}; the edition in progress was not written\n"
    assert list(out.iterdir()) == []
    assert not list(cache.rglob("*.tmp"))
    assert _gone(workers, within_s=1.0)


def test_workers_end_themselves_when_the_build_is_killed(tmp_path):
    proc = _start(_article(tmp_path, sentences=200), tmp_path / "out", tmp_path / "cache",
                  "--workers", "2")  # fmt: skip
    workers = _workers_of(proc, 2)
    proc.kill()
    proc.communicate(timeout=30)
    assert _gone(workers, within_s=5.0)  # not left speaking to no one


@pytest.mark.parametrize("given", ["0", "-2", "two", "1.5"])
def test_workers_must_be_a_whole_number_from_one(tmp_path, given):
    article = _article(tmp_path)
    result = CliRunner(mix_stderr=False).invoke(main, ["build", str(article), "--workers", given])
    assert result.exit_code == 2
    assert "Invalid value for '--workers'" in result.stderr
    assert not (tmp_path / "audio_out").exists()


@pytest.mark.parametrize("given", [0, -1, 1.5, True, "2"])
def test_the_api_refuses_workers_that_cannot_work(given):
    with pytest.raises(BadOption, match="^--workers: "):
        api.BuildOptions(workers=given).validate()


def test_only_cpu_bound_engines_get_processes():
    options = EngineOptions()
    assert pool_for(ToneEngine(options), 4) is None  # threads, bounded by the engine
    assert pool_for(PooledToneEngine(options), 1) is None  # one worker: this process
    assert pool_for(PooledToneEngine(options), 3).workers == 3


def test_default_workers_are_the_cores_capped_by_memory(monkeypatch):
    assert 1 <= default_workers() <= cores()

    class Memory:
        available = int(2.5 * MB_PER_VOICE_PROCESS * 1024 * 1024)

    monkeypatch.setattr(psutil, "virtual_memory", lambda: Memory)
    assert default_workers() == min(2, cores())
    Memory.available = 0
    assert default_workers() == 1


def _engine_processes() -> list[psutil.Process]:
    return [child for child in psutil.Process().children()
            if "narrate.engine_worker" in " ".join(child.cmdline())]  # fmt: skip


def test_engine_processes_start_while_the_article_is_read_and_speak_it(tmp_path, monkeypatch):
    seen: list[set[int]] = []
    real_prepare = api.prepare

    def prepare(*args, **kwargs):
        seen.append({p.pid for p in _engine_processes()})
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(api, "prepare", prepare)
    edition = _build(_article(tmp_path), tmp_path / "out", tmp_path / "cache", 2)
    assert len(seen[0]) == 2  # started before the article was read
    assert {w.pid for w in edition.report.workers} == seen[0]  # and they spoke it
    assert _engine_processes() == []


@pytest.mark.parametrize("case", ["all cached", "bad input", "one worker"])
def test_engine_processes_started_early_are_ended_when_no_pool_takes_them(tmp_path, case):
    article = _article(tmp_path)
    if case == "all cached":
        _build(article, tmp_path / "out", tmp_path / "cache", 2)
        again = _build(article, tmp_path / "out", tmp_path / "cache", 2)
        assert again.report.synthesized == 0 and again.report.workers == ()
    elif case == "bad input":
        with pytest.raises(Exception, match="missing.txt"):
            _build(tmp_path / "missing.txt", tmp_path / "out", tmp_path / "cache", 2)
    else:
        assert _build(article, tmp_path / "out", tmp_path / "cache", 1).report.workers == ()
    assert _engine_processes() == []


def test_narrate_build_starts_its_engine_processes_while_it_reads(tmp_path):
    """The CLI as people run it: while `narrate build -` waits for the article on its standard
    input, its two engine processes are already starting; they then speak it."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", "-", "--engine", "tone-pool",
         "--workers", "2", "-q", "-o", str(out)],
        cwd=ROOT, env={**os.environ, "NARRATE_CACHE_DIR": str(cache)}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    waiting = _workers_of(proc, 2)  # nothing has been read yet
    article = _article(tmp_path).read_bytes()
    _, stderr = proc.communicate(article, timeout=120)
    assert proc.returncode == 0, stderr.decode()
    assert len(waiting) == 2 and _gone(waiting)
    assert list(out.glob("*/manifest.json"))
