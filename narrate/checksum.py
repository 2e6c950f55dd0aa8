"""Length and BLAKE2b digest of stored files, so damaged cache and memo entries are caught."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass(frozen=True)
class Fingerprint:
    """What a stored file must still be: its length in bytes and its BLAKE2b-256 digest."""

    size: int
    blake2b: str

    def line(self) -> str:
        return f"{self.size} {self.blake2b}\n"

    @classmethod
    def parse(cls, text: str) -> Fingerprint | None:
        """The fingerprint in a sidecar's text, or None when it is not one."""
        parts = text.split()
        if len(parts) != 2 or not parts[0].isdigit() or len(parts[1]) != 64:
            return None
        return cls(int(parts[0]), parts[1])


def of_bytes(data: bytes) -> Fingerprint:
    return Fingerprint(len(data), hashlib.blake2b(data, digest_size=32).hexdigest())


def of_file(path: Path) -> Fingerprint:
    """The file's fingerprint (OSError if it cannot be read)."""
    digest = hashlib.blake2b(digest_size=32)
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Fingerprint(size, digest.hexdigest())


def copy(source: Path, dest: Path) -> Fingerprint:
    """Copy `source` to `dest` and return the fingerprint of what was copied."""
    digest = hashlib.blake2b(digest_size=32)
    size = 0
    with open(source, "rb") as src, open(dest, "wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return Fingerprint(size, digest.hexdigest())
