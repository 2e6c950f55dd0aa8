"""Where narrate keeps what it derives once per machine from the models it uses (the language
detector's arrays, each Piper voice's optimized graph), and how those files are checked.

The root is $NARRATE_MODEL_CACHE_DIR, else narrate's platform cache folder, with a folder
per kind (the language model's entries sit in the root itself, as they always have). Entries
are written whole or not at all and checked on every use: by a sampled digest (about a
millisecond) where a damaged part would be caught when it is read, by a whole digest where
it would not.
"""

from __future__ import annotations

import hashlib
import mmap
import os
from pathlib import Path

ENV_VAR = "NARRATE_MODEL_CACHE_DIR"  # where the cached models go (default: the user cache)
SAMPLE_EVERY = 1 << 20  # bytes between the samples a check digests
SAMPLE_BYTES = 4096
STALE_SECONDS = 30 * 24 * 3600  # another entry left unused this long is removed


def cache_root(kind: str, *, in_the_root: bool = False) -> Path:
    """The folder of `kind` in $NARRATE_MODEL_CACHE_DIR (the root itself if `in_the_root`),
    else in narrate's platform cache folder."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured) if in_the_root else Path(configured) / kind
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("narrate")) / kind


def sampled_digest(data: memoryview | bytes) -> str:
    """A digest of 4 KiB in every MiB of `data` and its last 4 KiB: a file zeroed, cut or
    overwritten in part is caught for about a millisecond."""
    digest = hashlib.blake2b(digest_size=16)
    view = memoryview(data).cast("B")
    for start in range(0, len(view), SAMPLE_EVERY):
        digest.update(view[start : start + SAMPLE_BYTES])
    digest.update(view[-SAMPLE_BYTES:])
    return digest.hexdigest()


def whole_digest_of(path: Path) -> tuple[int, str]:
    """The size and SHA-1 of the whole file at `path` (about 35 ms for 63 MB; it catches
    accidental damage anywhere, which is all a cache needs: OSError if it cannot be read,
    ValueError if it is empty)."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size == 0:
            raise ValueError(f"{path}: empty")
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return size, hashlib.sha1(mapped, usedforsecurity=False).hexdigest()


def write_synced(path: Path, data: bytes) -> None:
    """Write `data` to `path` and to the disk (a crash must not leave a file of zeros)."""
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def sync(path: Path) -> None:
    """Put the file another program wrote at `path` on the disk."""
    with open(path, "rb") as file:
        os.fsync(file.fileno())
