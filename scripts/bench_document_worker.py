"""What reading a document in its own process costs (narrate.readers.document_worker): each
fixture read `--runs` times in this process (`read_document_bytes`) and in a child process
(`read_in_child`, as `narrate build` and `narrate serve` read it), after one unmeasured read
of each; prints the median wall time of both, their difference (the start-up and the answer's
trip), and the mean CPU time of a read in this process and in a child (the difference is the
child's start-up, mostly importing the readers: a busy machine stretches the wall times, the
CPU times much less).

    python scripts/bench_document_worker.py [--runs 10]
"""

from __future__ import annotations

import argparse
import logging
import resource
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from narrate.readers import MAX_CHARS, read_document_bytes
from narrate.readers.document_options import DEFAULT_DOCUMENT
from narrate.readers.document_worker import read_in_child

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [
    ROOT / "tests" / "fixtures" / "documents" / "report-outline.pdf",
    ROOT / "tests" / "fixtures" / "documents" / "office" / "handout.docx",
    ROOT / "tests" / "fixtures" / "documents" / "office" / "novel.epub",
]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _median_wall(read: Callable[[], object], runs: int) -> float:
    read()  # warm: the disk cache, this process's imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    logging.disable(logging.WARNING)  # the readers' warnings, once a read
    print(f"{'document':<20}{'wall: here':>11}{'child':>8}{'extra':>8}"
          f"{'CPU: here':>11}{'child':>8}{'extra':>8}")  # fmt: skip
    for path in FIXTURES:
        data, name = path.read_bytes(), str(path)
        before = _cpu(resource.RUSAGE_SELF)
        here = _median_wall(partial(read_document_bytes, data, name, MAX_CHARS), runs)
        here_cpu = (_cpu(resource.RUSAGE_SELF) - before) / (runs + 1)
        before = _cpu(resource.RUSAGE_CHILDREN)
        child = _median_wall(partial(read_in_child, data, name, DEFAULT_DOCUMENT, MAX_CHARS), runs)
        child_cpu = (_cpu(resource.RUSAGE_CHILDREN) - before) / (runs + 1)
        print(f"{path.name:<20}{here:>10.2f}s{child:>7.2f}s{child - here:>7.2f}s"
              f"{here_cpu:>10.2f}s{child_cpu:>7.2f}s{child_cpu - here_cpu:>7.2f}s")  # fmt: skip


if __name__ == "__main__":
    main()
