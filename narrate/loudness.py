"""Loudness as EBU R128 measures it, by ffmpeg's `ebur128` filter: of a file, of a programme
fed live while it is stitched, and read from the summaries ffmpeg logs."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import LoggedRun, Output, run_for_log
from narrate.model import Loudness

log = logging.getLogger(__name__)

SILENT_LUFS = -70.0  # ebur128's floor: nothing to measure, so no gain
TRUE_PEAK_RATE = 176400  # a true peak is the sample peak at 4x 44.1 kHz or more (BS.1770: 4x)
LOUDNESS_METER = "ebur128=framelog=quiet"  # logs a summary: I and LRA
EBUR128 = "ebur128=peak=true:framelog=quiet"  # I, LRA and the true peak
SAMPLE_PEAK_METER = "ebur128=peak=sample:framelog=quiet"  # I, LRA and the sample peak
PEAK_METER = "astats=measure_perchannel=none:measure_overall=Peak_level"  # logs the peak


def named_peak_meter(name: str) -> str:
    """PEAK_METER as a filter called `name`, so `peak_level(log, name)` finds its figure among
    other meters' in one log."""
    return PEAK_METER.replace("astats=", f"astats@{name}=", 1)


def measure(path: Path) -> Loudness:
    """The integrated loudness, loudness range and true peak of any file ffmpeg reads."""
    return measure_run(["-i", str(path), "-af", EBUR128, "-f", "null", "-"], path.name)


def measure_run(args: list[str], subject: str, *, peak: bool = True) -> Loudness:
    """Run ffmpeg with an ebur128 filter in its graph and parse the summary it logs."""
    return summary(run_logged(args, subject), subject, peak=peak)


def run_logged(args: list[str], subject: str) -> str:
    """ffmpeg's log of a run that measures or masters `subject` (named in the error)."""
    try:
        return run_for_log(args)
    except NarrateError as error:
        raise OutputError(f"cannot measure or master {subject}: {error}") from None


def summary(log_text: str, subject: str, *, peak: bool) -> Loudness:
    """The ebur128 summary in an ffmpeg log: I, LRA and, with `peak`, its (true or sample) peak."""
    logged = log_text.rpartition("Summary:")[2]
    values = {}
    keys = (("I", "LUFS"), ("LRA", "LU"), ("Peak", "dBFS"))[: 3 if peak else 2]
    for key, unit in keys:
        found = re.search(rf"^\s*{key}:\s+(-?inf|-?[\d.]+) {unit}", logged, re.MULTILINE)
        if not found:
            raise OutputError(f"cannot measure {subject}: ffmpeg printed no {key} value")
        values[key] = float(found.group(1))
    return Loudness(values["I"], values["LRA"], values.get("Peak", math.nan))


def peak_level(log_text: str, name: str | None = None) -> float | None:
    """The peak (dBFS) that PEAK_METER (astats) logged, if it did; with `name`, the one of the
    meter so named (`named_peak_meter`)."""
    meter = rf"\[astats@{re.escape(name)} @ [^]]*\] " if name else ""
    found = re.search(rf"{meter}Peak level dB:\s+(-?inf|-?[\d.]+)", log_text)
    return float(found.group(1)) if found else None


def meter_rate(rate: int) -> int:
    """The lowest multiple of `rate` at or over TRUE_PEAK_RATE: where a sample peak is a true
    peak."""
    return rate * math.ceil(TRUE_PEAK_RATE / rate)


def read_back(outputs: Sequence[Output], *, first: int, rate: int) -> list[str]:
    """ffmpeg options, put after every output, that decode each of `outputs` (output files
    `first`, `first` + 1...) as it is encoded (ffmpeg 7's loopback decoders) and read its true
    peak with the meter `encoded<i>` (`peak_level(log, "encoded<i>")`), into a null output. The
    decoder and meter run in threads of their own, beside the encoder."""
    if not outputs:
        return []
    graphs, args = [], []
    for i, output in enumerate(outputs):
        args += ["-dec", f"{first + i}:0"]
        up = meter_rate(output.sample_rate or rate)
        graphs.append(f"[dec:{i}]aresample={up},{named_peak_meter(f'encoded{i}')}[c{i}]")
    maps = [arg for i in range(len(outputs)) for arg in ("-map", f"[c{i}]")]
    return [*args, "-filter_complex", ";".join(graphs), *maps, "-f", "null", "-"]


def as_json(loudness: Loudness, *, peak: str) -> dict[str, float | None]:
    """The measurements for JSON, the peak under the name of its kind; JSON has no -inf:
    silence has no peak (None)."""
    values = asdict(loudness)
    values[peak] = values.pop("true_peak_dbtp")
    return {k: v if math.isfinite(v) else None for k, v in values.items()}


class LiveScan:
    """The mastering scan (I, LRA, sample peak) of a programme fed to it while it is
    stitched: an ffmpeg reads the PCM on stdin, so the scan ends when synthesis does."""

    def __init__(self) -> None:
        self._run: LoggedRun | None = None
        self._rate = 0
        self._failed = False

    def feed(self, rate: int, pcm: bytes) -> None:
        """The next piece of the programme (mono 16-bit at `rate`)."""
        if self._failed:
            return
        try:
            if self._run is None:
                self._rate = rate
                pcm_in = ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]
                self._run = LoggedRun([*pcm_in, "-af", SAMPLE_PEAK_METER, "-f", "null", "-"])
            self._run.write(pcm)
        except OSError as error:  # then mastering scans the file instead
            log.debug("live loudness scan stopped: %s", error)
            self._failed = True

    def result(self, rate: int) -> Loudness | None:
        """What was measured, if the whole programme was fed at `rate` and ffmpeg succeeded."""
        if self._run is None or self._failed or rate != self._rate:
            return None
        try:
            measured = summary(self._run.log(), "the programme", peak=True)
        except NarrateError as error:
            log.debug("live loudness scan failed: %s", error)
            measured = None
        self._run = None  # finished; on Ctrl-C it stays for `stop` to end
        return measured

    def stop(self) -> None:
        """End the scan if its result was not taken."""
        if self._run is not None:
            self._run.stop()
            self._run = None
