"""A stretch of the master encoded on its own (a chapter file, a DAISY section, an EPUB
chapter's audio) keeps the edition's true-peak limit: its true peak is read back in the same
ffmpeg run (`loudness.read_back`), and when it peaks over the limit it is encoded again a
little quieter. An encoder's overshoot falls differently on a stretch than on the whole
programme (other frame boundaries: up to 0.8 dB higher, `scripts/bench_excerpt_peaks.py`),
so mastering's check of the whole does not cover it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from narrate.ffmpeg import Output
from narrate.loudness import peak_level, read_back

log = logging.getLogger(__name__)

TRIM_STEP_DB = 0.1  # a trim goes this much further than the excess it corrects
MAX_TRIMS = 3

# (the output's filter options, the read-back options to put after it) -> ffmpeg's log
Encode = Callable[[list[str], list[str]], str]


def encode_under(encode: Encode, output: Output, limit_dbtp: float | None, rate: int) -> float:
    """Run `encode` (one ffmpeg run writing `output`, file 0) so that `output` peaks at most
    `limit_dbtp` (None: no limit, nothing read back); return the trim in dB (0: none)."""
    trim = 0.0
    for _ in range(MAX_TRIMS + 1):
        filters = ["-af", f"volume={-trim:.2f}dB"] if trim else []
        meters = read_back([output], first=0, rate=rate) if limit_dbtp is not None else []
        peak = peak_level(encode(filters, meters), "encoded0")
        if limit_dbtp is None or peak is None or peak <= limit_dbtp:
            return trim
        trim += peak - limit_dbtp + TRIM_STEP_DB
    log.warning("%s still peaks at %.2f dBTP, over %.1f dBTP, %.2f dB quieter",
                output.path.name, peak, limit_dbtp, trim)  # fmt: skip
    return trim
