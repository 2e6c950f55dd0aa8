"""File-system-safe names for editions, from their titles."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60


def slugify(title: str, fallback: str = "article") -> str:
    """Lower-case ASCII words joined by hyphens, at most MAX_LENGTH characters.

    Safe on every file system: no reserved characters, no leading dot, never empty.
    """
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            break
        slug = candidate
    return slug or (words[0][:MAX_LENGTH] if words else fallback)
