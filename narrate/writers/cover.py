"""Cover art: a square PNG or JPEG of at least 1400 px, as podcast directories require.

The size is read from the image's own header (PNG IHDR, JPEG SOFn), so no imaging library is
needed and the check costs nothing before synthesis starts.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from narrate.errors import OutputError

MIN_SIDE = 1400  # Apple Podcasts: 1400 to 3000 px, square
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, lossless...); not DHT, JPG or DAC.
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class CoverError(OutputError):
    """The cover image cannot be used."""


@dataclass(frozen=True)
class Cover:
    """A checked cover image: its bytes, MIME type and size in pixels."""

    data: bytes
    mime: str
    width: int
    height: int


def check_cover(path: Path) -> Cover:
    """Read and check the cover at `path`, or raise CoverError saying what is wrong with it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CoverError(f"cannot read the cover {path}: {e.strerror or e}") from e
    mime, size = _png_size(data) if data.startswith(PNG_SIGNATURE) else _jpeg_size(data)
    if mime is None:
        raise CoverError(f"cover {path}: not a PNG or JPEG image; convert it to one of those")
    if size is None:
        raise CoverError(f"cover {path}: the {mime} header is damaged; export the image again")
    width, height = size
    need = f"podcast apps need a square image of at least {MIN_SIDE}x{MIN_SIDE} px"
    if width != height:
        raise CoverError(f"cover {path}: {width}x{height} px is not square; {need}")
    if width < MIN_SIDE:
        raise CoverError(f"cover {path}: {width}x{height} px is too small; {need}")
    return Cover(data, mime, width, height)


def _png_size(data: bytes) -> tuple[str, tuple[int, int] | None]:
    """PNG: the IHDR chunk comes first and holds width and height."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return "image/png", None
    return "image/png", struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[str | None, tuple[int, int] | None]:
    """JPEG: walk the marker segments to the first start-of-frame, which holds the size."""
    if not data.startswith(b"\xff\xd8"):
        return None, None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return "image/jpeg", None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length field
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in SOF_MARKERS and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "image/jpeg", (width, height)
        at += 2 + length
    return "image/jpeg", None
