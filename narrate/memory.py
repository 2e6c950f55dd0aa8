"""The memory ceiling of speech synthesis: an engine may use at most so many megabytes of data
(heap and private mappings, RLIMIT_DATA), so a text that would need more fails with one clear
error instead of taking the machine. An engine process (narrate.engine_worker) is capped
whole; synthesis in this process may grow it by at most the ceiling, for the build's length.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MEMORY_MB = 1024  # the default ceiling (BuildOptions.memory_limit_mb, --memory-limit)
MIN_MEMORY_MB = 256  # below this, an engine process could not even load a voice
_MB = 1024 * 1024


def cap_memory(megabytes: int | None) -> None:
    """Cap this process's data segment at `megabytes` (None: leave it)."""
    if megabytes is not None:
        _set_soft(megabytes * _MB)


@contextmanager
def headroom(megabytes: int | None) -> Iterator[None]:
    """For the block, let this process's data grow by at most `megabytes` over what it holds
    now (None, or where the size cannot be read: no cap); the earlier cap comes back after."""
    used = _data_bytes()
    if megabytes is None or used is None:
        yield
        return
    before = resource.getrlimit(resource.RLIMIT_DATA)
    _set_soft(used + megabytes * _MB)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, before)


def out_of_memory(error: BaseException) -> bool:
    """Whether `error` is an allocation refused: Python's, or onnxruntime's."""
    return isinstance(error, MemoryError) or "failed to allocate memory" in str(error).lower()


def over_ceiling(megabytes: int | None) -> str:
    """What to say when the engine needed more memory than it may use."""
    ceiling = f"{megabytes} MB" if megabytes else "the memory it may use"
    return (f"the engine needed more than {ceiling} (--memory-limit) to speak this; raise "
            "the limit, or shorten the text")  # fmt: skip


def _set_soft(limit: int) -> None:
    """Set the soft data limit to `limit` bytes, never above the hard or the current soft."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _data_bytes() -> int | None:
    """This process's data segment now (VmData, Linux), or None where it cannot be read."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    return None
