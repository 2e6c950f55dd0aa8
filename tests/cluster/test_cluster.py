"""narrate on a real Dask cluster: a LocalCluster of two worker processes (one thread each),
the tone voice where speech itself is not the point, S3 through moto's server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import import_or_missing, moto_s3

import_or_missing("distributed", extra="cluster")
import_or_missing("s3fs", extra="cluster")

from distributed import Client, LocalCluster  # noqa: E402

from narrate import api, ffmpeg  # noqa: E402
from narrate.cluster import ClusterOptions, editions  # noqa: E402
from narrate.errors import ClusterError, EngineError, OutputError  # noqa: E402
from narrate.storage import Store  # noqa: E402

ROOT = Path(__file__).parents[2]
BUCKET = "narrate-test"


def _article(folder: Path, name: str, sections: int, sentences: int) -> Path:
    lines = [f"The {name.title()} Notes", ""]
    for s in range(sections):
        lines += [f"Part {s + 1} of {name}", ""]
        lines += [" ".join(f"{name.title()} sentence {s}-{n} is here." for n in range(sentences))]
        lines.append("")
    path = folder / f"{name}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def moto_url():
    """An S3 server on 127.0.0.1 (moto), in the environment before the workers start."""
    with moto_s3(BUCKET) as url:
        yield url


@pytest.fixture(scope="module")
def cluster(moto_url):
    """Two worker processes, one thread each, as `--cluster local:2` starts them."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local, Client(local) as client:  # fmt: skip
        yield local, client


def _options(out, cache, engine="tone", **more) -> api.BuildOptions:
    return api.BuildOptions(out_dir=out, cache_dir=cache, engine=api.EngineChoice(engine),
                            date="2026-11-30", **more)  # fmt: skip


def _same_editions(ours: list[api.Edition], theirs: list[api.Edition]) -> None:
    """Same chapters, timings and decoded audio, edition by edition."""
    assert [e.manifest.title for e in ours] == [e.manifest.title for e in theirs]
    for mine, other in zip(ours, theirs, strict=True):
        assert mine.timeline.chapters == other.timeline.chapters
        assert [(c.start_ms, c.end_ms) for c in mine.timeline.cues] == [
            (c.start_ms, c.end_ms) for c in other.timeline.cues
        ]
        assert mine.manifest.duration_ms == other.manifest.duration_ms
        a = ffmpeg.decode(mine.main_file.read_bytes())
        b = ffmpeg.decode(other.main_file.read_bytes())
        assert a.raw_data == b.raw_data


def test_a_cluster_build_equals_a_local_one_and_uses_both_workers(cluster, tmp_path):
    local, client = cluster
    articles = [_article(tmp_path, name, 2, 3) for name in ("apple", "birch", "cedar")]
    long = _article(tmp_path, "longread", 6, 10)  # about 70 cues: split in chunks of 20
    sources = [*articles, long]
    options = _options(tmp_path / "out", tmp_path / "cache", engine="tone-slow")
    cluster_options = ClusterOptions(address=local.scheduler_address, split_over_s=30,
                                     chunk_sentences=20)  # fmt: skip
    seen = []

    def record(done, total, cue):
        seen.append((done, total))

    built = list(editions(sources, options, cluster_options, on_progress=record))
    here = api.build(sources, _options(tmp_path / "here", tmp_path / "cache-here"))
    _same_editions(built, here)
    assert all(e.folder.is_dir() and e.folder.parent == tmp_path / "out" for e in built)
    cues = sum(len(e.timeline.cues) for e in built)
    assert seen and seen[-1][1] == cues and all(d <= t for d, t in seen)
    assert built[3].report.synthesized == here[3].report.synthesized  # chunks counted
    ran = client.run(lambda: __import__("narrate.cluster.worker").cluster.worker.tasks_run)
    assert len(ran) == 2 and all(sum(counts.values()) >= 1 for counts in ran.values())
    assert sum(counts["chunk"] for counts in ran.values()) == 4  # 70 distinct sentences / 20
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    loaded = client.run(lambda: __import__("tests.tone_engine").tone_engine.SlowToneEngine.loaded)
    assert list(loaded.values()) == [1, 1]  # once per worker, for 8 tasks


def test_a_worker_killed_mid_run_does_not_stop_the_build(cluster, tmp_path):
    local, client = cluster
    sources = [_article(tmp_path, name, 2, 4) for name in ("delta", "ember", "fjord", "grove")]
    before = client.run(os.getpid)
    killed = []

    def kill_one(done, total, cue):
        if not killed and done >= 3:
            pid = next(iter(before.values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    options = _options(tmp_path / "out", tmp_path / "cache", engine="tone-slow")
    built = list(editions(sources, options, ClusterOptions(address=local.scheduler_address),
                          on_progress=kill_one))  # fmt: skip
    assert killed
    here = api.build(sources, _options(tmp_path / "here", tmp_path / "cache-here"))
    _same_editions(built, here)
    client.wait_for_workers(2, timeout=30)  # the nanny started another
    after = client.run(os.getpid)
    assert killed[0] not in after.values() and len(after) == 2
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_cache_and_editions_on_s3_then_a_feed_there(cluster, tmp_path, moto_url):
    local, _ = cluster
    sources = [_article(tmp_path, name, 2, 2) for name in ("harbor", "island")]
    out, cache = f"s3://{BUCKET}/editions", f"s3://{BUCKET}/cache"
    built = list(editions(sources, _options(out, cache), ClusterOptions(
        address=local.scheduler_address)))  # fmt: skip
    assert [e.url for e in built] == [f"{out}/the-harbor-notes", f"{out}/the-island-notes"]
    store = Store(out)
    for edition in built:
        slug = edition.url.rsplit("/", 1)[1]
        kept = json.loads(store.read_bytes(f"{slug}/manifest.json"))
        for name in kept["files"].values():
            assert store.size(f"{slug}/{name}"), name
        assert edition.main_location == f"{edition.url}/{kept['files']['mp3']}"
    clips = Store(cache).names("??/*.wav")
    # every spoken sentence's clip is on S3; the two articles share one sentence (the
    # synthetic-voice notice), which both workers may speak at once into the same key
    shared = 1
    synthesized = sum(e.report.synthesized for e in built)
    assert synthesized - shared <= len(clips) <= synthesized and clips
    assert Store(cache).names("mastering/*.json")
    # a local build with a fresh local cache finds every clip and the mastering on S3
    again = api.build(sources[:1], _options(tmp_path / "local", cache))
    assert again[0].report.synthesized == 0 and again[0].rendered is False
    feed = subprocess.run(
        [sys.executable, "-m", "narrate", "feed", out, "--base-url", "https://example.org/pod/",
         "--image", "cover.png"], capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert feed.returncode == 0, feed.stderr
    assert feed.stdout.strip() == f"{out}/feed.xml"
    xml = store.read_bytes("feed.xml").decode()
    assert xml.count("<item>") == 2
    mp3 = json.loads(store.read_bytes("the-harbor-notes/manifest.json"))["files"]["mp3"]
    size = store.size(f"the-harbor-notes/{mp3}")
    assert f'length="{size}"' in xml


def test_profiles_side_by_side_on_s3_through_the_cluster(cluster, tmp_path, moto_url):
    """Each profile's edition of one article under its own prefix, the feed there listing the
    podcast edition once, and another source with the same slug refused in any profile."""
    local, _ = cluster
    source = _article(tmp_path, "harbor", 2, 2)
    out, cache = f"s3://{BUCKET}/side-by-side", f"s3://{BUCKET}/cache"
    on = ClusterOptions(address=local.scheduler_address)
    built = [next(editions([source], _options(out, cache, profile=profile), on))
             for profile in ("podcast", "accessible", "phone")]  # fmt: skip
    names = ["the-harbor-notes", "the-harbor-notes.accessible", "the-harbor-notes.phone"]
    assert [e.url for e in built] == [f"{out}/{name}" for name in names]
    store = Store(out)
    for name, profile in zip(names, ("podcast", "accessible", "phone"), strict=True):
        kept = json.loads(store.read_bytes(f"{name}/manifest.json"))
        assert kept["profile"] == profile
        assert all(store.size(f"{name}/{file}") for file in kept["files"].values())
    feed = subprocess.run(
        [sys.executable, "-m", "narrate", "feed", out, "--base-url", "https://example.org/pod/"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert feed.returncode == 0, feed.stderr
    xml = store.read_bytes("feed.xml").decode()
    assert xml.count("<item>") == 1 and "pod/the-harbor-notes/the-harbor-notes.mp3" in xml
    other = tmp_path / "copy.txt"  # another file, the same title
    other.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    store.fs.rm(store._path("the-harbor-notes.accessible"), recursive=True)
    for profile in ("accessible", "podcast"):  # beside the others' editions; in one's place
        with pytest.raises(OutputError) as refused:
            api.build([other], _options(out, cache, profile=profile))
        assert str(source.resolve()) in str(refused.value)
        assert str(other.resolve()) in str(refused.value)
    assert not store.exists("the-harbor-notes.accessible/manifest.json")
    assert json.loads(store.read_bytes("the-harbor-notes/manifest.json"))["source"][
        "location"] == str(source.resolve())  # fmt: skip


def test_an_error_that_retrying_cannot_mend_stops_the_build_in_one_line(cluster, tmp_path):
    local, _ = cluster
    bad = tmp_path / "bad.txt"
    bad.write_text("Bad Notes\n\nThis one will FAIL here. And more.\n", encoding="utf-8")
    good = _article(tmp_path, "jade", 1, 2)
    options = _options(tmp_path / "out", tmp_path / "cache", engine="tone-fail")
    with pytest.raises(EngineError, match="503"):
        list(editions([good, bad], options, ClusterOptions(address=local.scheduler_address)))
    assert not (tmp_path / "out" / "bad-notes").exists()


def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    article = _article(tmp_path, "kite", 1, 1)
    result = subprocess.run(
        [sys.executable, "-m", "tests.tone_cli", "build", str(article), "--engine", "tone",
         "-o", str(tmp_path / "out"), "--cluster", f"tcp://127.0.0.1:{port}",
         "--connect-timeout", "1"], capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("narrate: error: cannot reach the Dask scheduler at tcp://")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
    with pytest.raises(ClusterError, match="no such scheduler file"):
        list(editions([article], _options(tmp_path / "out", None),
                      ClusterOptions(scheduler_file=tmp_path / "none.json")))  # fmt: skip


def _piper_voices() -> list[str]:
    """The Piper voices loaded in a worker process, each held once (engines/piper.py)."""
    from narrate.engines import piper

    return sorted(piper._loaded)


def test_dask_scheduler_and_worker_processes_with_the_preload(tmp_path):
    """The cluster as users start it: `dask scheduler`, `dask worker --preload narrate.cluster`
    (which loads the offline voice), and `narrate build --scheduler-file`."""
    bin_dir = Path(sys.executable).parent
    file = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = [subprocess.Popen([bin_dir / "dask", "scheduler", "--scheduler-file", file,
                                 "--port", "0", "--no-dashboard", "--host", "127.0.0.1"],
                                env=env, stderr=subprocess.DEVNULL)]  # fmt: skip
    try:
        for _ in range(100):
            if file.exists():
                break
            time.sleep(0.1)
        started.append(subprocess.Popen(
            [bin_dir / "dask", "worker", "--scheduler-file", file, "--nthreads", "1",
             "--preload", "narrate.cluster", "--no-dashboard"],
            env=env, cwd=tmp_path, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        with Client(scheduler_file=str(file), timeout=30) as client:
            client.wait_for_workers(1, timeout=60)
            voices = client.run(_piper_voices)
            assert list(voices.values()) == [["en_US-joe-medium"]]  # the preload loaded it
        article = _article(tmp_path, "lantern", 1, 1)
        result = subprocess.run(
            [sys.executable, "-m", "narrate", "build", str(article), "--engine", "piper",
             "--deterministic", "-o", str(tmp_path / "out"), "--cache-dir",
             str(tmp_path / "cache"), "--scheduler-file", str(file)],
            capture_output=True, text=True, cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "engine: piper (chosen)" in result.stderr
        # the title, the heading, the sentence and the synthetic-voice notice
        assert "wrote " in result.stderr and "4 clips synthesized" in result.stderr
        assert Path(result.stdout.strip()).is_file()
        with Client(scheduler_file=str(file), timeout=30) as client:
            assert client.run(_piper_voices) == voices  # the same voice object, not another
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)


def _extend(name: str, until: float) -> None:
    from narrate.cluster.worker import VariablePause

    VariablePause(name).extend(until)


def _until(name: str) -> float:
    from narrate.cluster.worker import VariablePause

    return VariablePause(name).until()


def test_a_pause_one_worker_asks_for_is_seen_by_the_other(cluster):
    """gTTS's pause after a 429 (tests/engines/test_gtts.py) reaches every worker."""
    from distributed import Variable

    _, client = cluster
    variable = Variable("narrate-test-pause", client=client)
    variable.set(0.0)
    first, second = sorted(client.scheduler_info()["workers"])
    until = time.time() + 60
    client.submit(_extend, variable.name, until, workers=[first], pure=False).result()
    assert client.submit(_until, variable.name, workers=[second], pure=False).result() == until
    variable.delete()


def test_a_line_heard_before_a_build_is_kept_in_the_shared_cache(moto_url, tmp_path):
    """The web app's Listen (`api.hear`) with an s3:// cache: the clip lands in the bucket,
    the WAV it returns is there to play after the call, and a build then reuses the clip."""
    cache = f"s3://{BUCKET}/heard-cache"
    heard = api.hear("A line heard first.", "en", _options(tmp_path / "out", cache))
    assert heard.is_file() and "s3:" not in heard.parts
    assert heard.read_bytes() == Store(cache).read_bytes(f"{heard.name[:2]}/{heard.name}")
    again = api.hear("A line heard first.", "en", _options(tmp_path / "out", cache))
    assert again == heard
    article = tmp_path / "heard.txt"
    article.write_text("Heard\n\nA line heard first.\n", encoding="utf-8")
    built = api.build([article], _options(tmp_path / "out", cache, disclosure="none"))
    assert built[0].report.from_cache >= 1
