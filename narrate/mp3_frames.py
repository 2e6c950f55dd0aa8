"""An MP3's length and soundness from its frame headers, without decoding it.

Every MPEG audio frame starts with a 4-byte header that gives its length, so walking them
from the first (after the ID3v2 tag) to the end of the file finds a header that is not one, a
file cut in the middle of a frame, or a frame whose format differs from the first. ffmpeg's
encoder writes an Info (Xing) frame first, with the number of audio frames and bytes, and a
LAME tag with the encoder's delay and padding (what a decoder trims), a CRC-16 of the Info
frame and a CRC-16 of all the audio frames: checked too, they catch a changed byte anywhere in
the audio. A ten-hour book is walked in a second or two, in blocks, never held whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BLOCK_BYTES = 4 << 20  # read this much at a time
_BITRATES_KBPS = {  # layer III, by MPEG version: 1, and 2 / 2.5
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_FIXED = 0xFFFF0CCF  # header bits every frame of a stream shares (not bitrate, padding,
# private bit, joint-stereo mode extension)
_ID3V1_BYTES = 128
_TAG_CRC_BYTES = 190  # the LAME tag's CRC covers the Info frame's first 190 bytes


class Mp3Damaged(Exception):
    """The file is not a sound MP3; the message says where and how."""


@dataclass(frozen=True)
class Mp3Length:
    """What the frames say: how many there are and how many samples a decoder plays."""

    frames: int  # audio frames (the Info frame not counted)
    samples: int  # after the encoder's delay and padding are trimmed
    sample_rate: int

    @property
    def ms(self) -> int:
        return round(self.samples * 1000 / self.sample_rate)


def _crc_table() -> list[int]:
    """CRC-16/ARC (ffmpeg's AV_CRC_16_ANSI_LE, which the LAME tag uses), by byte."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()
_LOW_BYTES = bytes(crc & 0xFF for crc in _TABLE)  # for bytes.translate: a lookup per byte in C
_HIGH_BYTES = bytes(crc >> 8 for crc in _TABLE)
_SPAN = 256  # bytes per lane in crc16: the CRCs of many spans are run side by side


def _zero_tables(span: int) -> tuple[list[int], list[int]]:
    """What running `span` zero bytes does to a CRC state, by its low and its high byte (the
    CRC is linear: the state after a span is that of the span run from 0, xor this)."""

    def run(crc: int) -> int:
        for _ in range(span):
            crc = (crc >> 8) ^ _TABLE[crc & 0xFF]
        return crc

    bits = [run(1 << bit) for bit in range(16)]

    def spread(byte: int, shift: int) -> int:
        out = 0
        for bit in range(8):
            if byte >> bit & 1:
                out ^= bits[bit + shift]
        return out

    return [spread(b, 0) for b in range(256)], [spread(b, 8) for b in range(256)]


_LOW, _HIGH = _zero_tables(_SPAN)


def _xor(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(len(a), "little")


def crc16(data: bytes | memoryview, crc: int = 0) -> int:
    """CRC-16/ARC of `data`, going on from `crc` (a few ms a megabyte, where a loop over its
    bytes takes 0.3 s; no numpy, whose import would cost more than the check).

    The data is cut into spans of _SPAN bytes whose CRCs run side by side: the states of all
    spans are two byte strings (low and high bytes), each step a C-speed xor (of big ints)
    and table lookup (bytes.translate) over all of them; then the spans' CRCs are joined."""
    data = bytes(data)
    head = len(data) % _SPAN
    for byte in data[:head]:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    lanes = (len(data) - head) // _SPAN
    if not lanes:
        return crc
    low = high = bytes(lanes)
    for at in range(head, head + _SPAN):
        index = _xor(low, data[at::_SPAN])
        low, high = _xor(high, index.translate(_LOW_BYTES)), index.translate(_HIGH_BYTES)
    for state_low, state_high in zip(low, high, strict=True):
        crc = _LOW[crc & 0xFF] ^ _HIGH[crc >> 8] ^ state_low ^ state_high << 8
    return crc


@dataclass(frozen=True)
class _Header:
    length: int  # bytes, header included
    samples: int
    rate: int
    side_info: int  # bytes of side information after the header (where an Info tag starts)
    fixed: int


_known: dict[bytes, _Header | None] = {}


def _header(raw: bytes) -> _Header | None:
    """The frame header `raw` (4 bytes) describes, or None if it is not a layer III one."""
    if raw in _known:
        return _known[raw]
    value = int.from_bytes(raw, "big")
    version, layer = (value >> 19) & 3, (value >> 17) & 3
    bitrate, rate = (value >> 12) & 15, (value >> 10) & 3
    header = None
    if value >> 21 == 0x7FF and version != 1 and layer == 1 and 0 < bitrate < 15 and rate < 3:
        mpeg1 = version == 3
        kbps = _BITRATES_KBPS[1 if mpeg1 else 2][bitrate]
        hz = _RATES[version][rate]
        padding = (value >> 9) & 1
        mono = (value >> 6) & 3 == 3
        side = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
        header = _Header((144 if mpeg1 else 72) * kbps * 1000 // hz + padding,
                         1152 if mpeg1 else 576, hz, side, value & _FIXED)  # fmt: skip
    if len(_known) < 4096:
        _known[raw] = header
    return header


def _id3v2_end(start: bytes) -> int:
    """Where the audio starts: after the ID3v2 tag at the file's start, if there is one."""
    if start[:3] != b"ID3" or len(start) < 10:
        return 0
    size = 0
    for byte in start[6:10]:
        if byte & 0x80:
            raise Mp3Damaged("its ID3 tag's header is damaged")
        size = size << 7 | byte
    return 10 + size + (10 if start[5] & 0x10 else 0)


@dataclass
class _Info:
    """An Info (Xing) frame's figures."""

    frames: int | None = None
    size: int | None = None
    delay: int = 0
    padding: int = 0
    audio_crc: int | None = None


def _info(frame: bytes, header: _Header) -> _Info | None:
    """The Info/Xing tag in the first frame, if it is one (checked by its own CRC)."""
    at = 4 + header.side_info
    if frame[at : at + 4] not in (b"Xing", b"Info"):
        return None
    flags = int.from_bytes(frame[at + 4 : at + 8], "big")
    info, pos = _Info(), at + 8
    if flags & 1:
        info.frames = int.from_bytes(frame[pos : pos + 4], "big")
        pos += 4
    if flags & 2:
        info.size = int.from_bytes(frame[pos : pos + 4], "big")
        pos += 4
    pos += (100 if flags & 4 else 0) + (4 if flags & 8 else 0)
    lame = frame[pos : pos + 36]
    if len(lame) == 36 and pos + 36 <= header.length and lame[:4] in (b"LAME", b"Lavc", b"Lavf"):
        # as it was summed: its CRC field zero, a frame shorter than 190 bytes zero-padded
        sealed = bytearray(frame[:_TAG_CRC_BYTES].ljust(_TAG_CRC_BYTES, b"\0"))
        for at in (pos + 34, pos + 35):
            if at < _TAG_CRC_BYTES:
                sealed[at] = 0
        if crc16(bytes(sealed)) != int.from_bytes(lame[34:36], "big"):
            raise Mp3Damaged("its Info frame does not match its own checksum")
        both = int.from_bytes(lame[21:24], "big")
        info.delay, info.padding = both >> 12, both & 0xFFF
        info.audio_crc = int.from_bytes(lame[32:34], "big")
    return info


def mp3_length(path: Path) -> Mp3Length:
    """Walk every frame of the MP3 at `path`: its length as a decoder plays it, or Mp3Damaged
    saying what is wrong (OSError if it cannot be read)."""
    first: _Header | None = None
    info: _Info | None = None
    fixed: int | None = None  # the first audio frame's format, which every other keeps
    frames = samples = crc = 0
    with open(path, "rb") as file:
        buffer = file.read(BLOCK_BYTES)
        pos = crc_from = _id3v2_end(buffer)  # audio bytes from crc_from to pos are in `crc`
        offset = 0  # of buffer[0] in the file
        if pos > len(buffer):  # a tag longer than a block (a large cover picture)
            file.seek(pos)
            buffer, offset, pos, crc_from = file.read(BLOCK_BYTES), pos, 0, 0
        while True:
            while pos + 4 <= len(buffer):
                raw = buffer[pos : pos + 4]
                header = _header(raw)
                if header is None:
                    if raw[:3] == b"TAG" and len(buffer) - pos <= _ID3V1_BYTES:
                        break  # an ID3v1 tag, if the file ends with it
                    where = "no MPEG audio found" if first is None else "not an MPEG frame"
                    raise Mp3Damaged(f"{where} at byte {offset + pos}")
                if pos + header.length > len(buffer):
                    break  # the frame goes on in the next block (the Info frame too)
                if first is None:
                    first = header
                    info = _info(buffer[pos : pos + header.length], header)
                    if info is not None:  # the Info frame: not audio, not in the CRC
                        pos = crc_from = pos + header.length
                        continue
                if fixed is None:
                    fixed = header.fixed
                elif header.fixed != fixed:
                    raise Mp3Damaged(f"frame {frames + 1} (byte {offset + pos}) changes format")
                frames += 1
                samples += header.samples
                pos += header.length
            crc = crc16(memoryview(buffer)[crc_from:pos], crc)
            more = file.read(BLOCK_BYTES)
            if not more:
                break
            offset += pos
            buffer, pos, crc_from = buffer[pos:] + more, 0, 0
    left = buffer[pos:]
    if left and not (left[:3] == b"TAG" and len(left) == _ID3V1_BYTES):
        header = _header(left[:4])
        if header is None:
            raise Mp3Damaged(f"not an MPEG frame at byte {offset + pos}")
        raise Mp3Damaged(f"the file ends in the middle of frame {frames + 1} (byte "
                         f"{offset + pos} of {offset + len(buffer)})")  # fmt: skip
    if first is None or frames == 0:
        raise Mp3Damaged("no MPEG audio frames")
    info = info or _Info()
    if info.frames is not None and info.frames != frames:
        raise Mp3Damaged(f"it has {frames} audio frames where its Info frame says {info.frames}")
    if info.audio_crc is not None and crc != info.audio_crc:
        raise Mp3Damaged("its audio frames do not match their checksum (changed bytes)")
    return Mp3Length(frames, max(samples - info.delay - info.padding, 0), first.rate)
