"""A Piper voice's graph, optimized once per machine and kept: an engine process loads the
voice in about a third of the CPU time.

onnxruntime optimizes a model's graph each time it makes a session: for a medium Piper voice
about 0.4 CPU-seconds in every engine process of every build, before the first sentence. The
first session on a machine saves the optimized graph (onnxruntime's `optimized_model_filepath`)
to narrate's model cache (`voice-graphs`, or $NARRATE_MODEL_CACHE_DIR), and later sessions
load that graph with optimization off: the same graph, so the same audio sample for sample.
The optimized graph may use the instruction set of the CPU it was made on, so an entry is
named after the voice file (its path, size, times and inode), onnxruntime's version and the
CPU. It is checked by size and SHA-1 on every use (35 ms); a damaged entry is made again, and
a cache that cannot be written costs only the time (the voice's own file is loaded as before).
Only files named as this module names them are ever removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from narrate import model_cache

if TYPE_CHECKING:  # pragma: no cover
    import onnxruntime

log = logging.getLogger(__name__)

KIND = "voice-graphs"
SWEEP_EVERY_SECONDS = 24 * 3600  # an entry in use sweeps the folder when last marked this long ago
STAGED_STALE_SECONDS = 3600  # a private file this old was left by a killed process
ERRORS_ONLY = 3  # onnxruntime's log severity: its warning that a saved graph is machine-bound


def session(
    model: Path, options: Callable[[], onnxruntime.SessionOptions]
) -> onnxruntime.InferenceSession:
    """A session of the voice `model` with `options()`, from its kept optimized graph when
    there is a sound one, else optimized here (and kept for the next process)."""
    import onnxruntime

    try:
        entry = model_cache.cache_root(KIND) / entry_name(model)
        kept = _sound(entry)
    except (OSError, ValueError) as error:
        log.debug("the voice graph cache cannot be used (%s)", error)
        return _make(model, options())
    if kept:
        loading = options()
        loading.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            made = _make(kept, loading)
        except Exception as error:  # onnxruntime raises its own types for a file it cannot read
            log.debug("the kept voice graph %s could not be loaded (%s)", kept, error)
        else:
            _touch(entry)
            return made
    return _optimized_and_kept(model, options, entry)


def entry_name(model: Path) -> str:
    """The kept graph's name: the voice, and a digest of the voice file's path, size, times
    and inode, onnxruntime's version and this CPU."""
    import onnxruntime

    stat = model.stat()
    made_from = [str(model.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                 stat.st_ino, onnxruntime.__version__, _cpu()]  # fmt: skip
    key = hashlib.sha256(json.dumps(made_from).encode("utf-8")).hexdigest()[:20]
    return f"{model.stem}-{key}"


# an entry's graph or check file, or a process's private copy of one (`_optimized_and_kept`)
OURS = re.compile(r"\.?.+-[0-9a-f]{20}(\.\d+\.[0-9a-f]{8})?\.(onnx|json)")


def _cpu() -> str:
    """What names this CPU's instruction set: its model and flags where Linux says them."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    wanted = ("model name", "flags", "Features", "CPU implementer", "CPU part")
    said: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        if name.strip() in wanted:
            said.setdefault(name.strip(), value.strip())
    return json.dumps([platform.machine(), platform.processor(), sorted(said.items())])


def _sound(entry: Path) -> Path | None:
    """The entry's graph if it is there and its size and SHA-1 are as kept."""
    graph, check = entry.with_suffix(".onnx"), entry.with_suffix(".json")
    try:
        expected = json.loads(check.read_text(encoding="utf-8"))
        size, digest = model_cache.whole_digest_of(graph)
    except (OSError, ValueError):
        return None
    if not isinstance(expected, dict) or [size, digest] != [expected.get("bytes"),
                                                            expected.get("sha1")]:  # fmt: skip
        log.debug("the kept voice graph %s is damaged; optimizing the voice again", graph)
        return None
    return graph


def _make(model: Path, options: onnxruntime.SessionOptions) -> onnxruntime.InferenceSession:
    import onnxruntime

    return onnxruntime.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )


def _optimized_and_kept(
    model: Path, options: Callable[[], onnxruntime.SessionOptions], entry: Path
) -> onnxruntime.InferenceSession:
    """A session optimizing `model`, its optimized graph saved beside `entry` under a
    private name and renamed into place (after its check file) once it is on the disk; a
    plain session when the graph cannot be saved there."""
    staged = entry.with_name(f".{entry.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.onnx")
    saving = options()
    saving.optimized_model_filepath = str(staged)
    saving.log_severity_level = ERRORS_ONLY
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        made = _make(model, saving)
    except Exception as error:  # a folder that cannot be made or written: onnxruntime's error
        log.debug("the voice graph cannot be kept in %s (%s)", entry.parent, error)
        _discard(staged)
        return _make(model, options())
    try:
        model_cache.sync(staged)
        size, digest = model_cache.whole_digest_of(staged)
        check = json.dumps({"bytes": size, "sha1": digest, "voice": str(model)})
        model_cache.write_synced(staged.with_suffix(".json"), check.encode("utf-8"))
        staged.replace(entry.with_suffix(".onnx"))
        staged.with_suffix(".json").replace(entry.with_suffix(".json"))
        _remove_stale(entry)
    except (OSError, ValueError) as error:
        log.debug("the voice graph could not be kept in %s (%s)", entry.parent, error)
    finally:
        _discard(staged)
    return made


def _discard(staged: Path) -> None:
    """Remove a private graph and its check file, if they are still there."""
    for left in (staged, staged.with_suffix(".json")):
        try:
            left.unlink(missing_ok=True)
        except OSError:
            pass


def _touch(entry: Path) -> None:
    """Mark the entry used now (its check file's time), so cleaning leaves it; once a day
    that is also when the folder is swept (`_remove_stale`)."""
    check = entry.with_suffix(".json")
    try:
        marked = check.stat().st_mtime
        os.utime(check)
        if time.time() - marked > SWEEP_EVERY_SECONDS:
            _remove_stale(entry)
    except OSError:
        pass


def _remove_stale(kept: Path) -> None:
    """Remove other entries unused for model_cache.STALE_SECONDS (an older onnxruntime, a
    moved voice), and the private files of processes killed while saving (an hour old): only
    files named as this module names them."""
    now = time.time()
    for check in kept.parent.glob("*.json"):
        if not OURS.fullmatch(check.name):
            continue
        graph = check.with_suffix(".onnx")
        staged = check.name.startswith(".")
        try:
            age = now - check.stat().st_mtime
        except OSError:
            continue
        if staged and age > STAGED_STALE_SECONDS:
            check.unlink(missing_ok=True)
        elif age > model_cache.STALE_SECONDS and check.stem != kept.name and graph.exists():
            graph.unlink(missing_ok=True)
            check.unlink(missing_ok=True)
    for graph in kept.parent.glob(".*.onnx"):
        if not OURS.fullmatch(graph.name):
            continue
        try:
            if now - graph.stat().st_mtime > STAGED_STALE_SECONDS:
                graph.unlink(missing_ok=True)
        except OSError:
            continue
