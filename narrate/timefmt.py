"""Every way narrate writes a time: integer milliseconds (or, for a stamp, a datetime) in,
text out, one function per form."""

from __future__ import annotations

from datetime import UTC, datetime


def _parts(seconds: int) -> tuple[int, int, int]:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, secs


def caption_stamp(ms: int, separator: str = ".") -> str:
    """`HH:MM:SS.mmm` (WebVTT) or, with separator ",", `HH:MM:SS,mmm` (SRT)."""
    hours, minutes, secs = _parts(ms // 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms % 1000:03d}"


def smil_clock(ms: int) -> str:
    """A SMIL full clock value with milliseconds: `0:01:05.250`."""
    hours, minutes, secs = _parts(ms // 1000)
    return f"{hours}:{minutes:02d}:{secs:02d}.{ms % 1000:03d}"


def hms(ms: int) -> str:
    """`HH:MM:SS` rounded to the second (DAISY's ncc:totalTime, iTunes' duration)."""
    hours, minutes, secs = _parts(round(ms / 1000))
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def clock(ms: int) -> str:
    """`mm:ss`, or `h:mm:ss` from an hour on, truncated to the second (transcripts)."""
    hours, minutes, secs = _parts(ms // 1000)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def minutes_clock(ms: float) -> str:
    """`m:ss` rounded to the second, minutes unbounded: `75:03` (estimates)."""
    minutes, secs = divmod(round(ms / 1000), 60)
    return f"{minutes}:{secs:02d}"


def tenths_clock(ms: int) -> str:
    """`m:ss.s`, e.g. `1:05.3` (phone message lengths)."""
    minutes, tenths = divmod(round(ms / 100), 600)
    return f"{minutes}:{tenths / 10:04.1f}"


def iso_duration(ms: int) -> str:
    """An ISO 8601 duration in whole seconds for HTML `<time datetime>`, e.g. `PT1M5S`."""
    hours, minutes, secs = _parts(ms // 1000)
    units = [(hours, "H"), (minutes, "M")] if hours else [(minutes, "M")] if minutes else []
    return "PT" + "".join(f"{n}{u}" for n, u in units if n) + f"{secs}S"


def spoken_length(ms: int) -> str:
    """A duration in words, rounded to the second: `1 min 18 s`, `2 h 5 min`."""
    hours, minutes, secs = _parts(round(ms / 1000))
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def utc_stamp(when: datetime | None = None) -> str:
    """`when` (default now; naive means local) in UTC to the second, ISO 8601 with `Z`:
    `2026-01-02T03:04:05Z` (manifest `created`, fetch and check times, EPUB `dcterms:modified`)."""
    stamp = (when or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return stamp.isoformat().replace("+00:00", "Z")
