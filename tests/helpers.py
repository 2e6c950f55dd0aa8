"""Small audio measurements shared by tests, and the one way a test says what it is missing."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import numpy as np
import pytest
from pydub import AudioSegment

REQUIRE_TOOLS = "NARRATE_REQUIRE_TOOLS"  # scripts/test (and so .ci/run) sets it to 1


def dominant_hz(audio: AudioSegment) -> float:
    """The strongest frequency in `audio` (mono), by FFT."""
    samples = np.array(audio.get_array_of_samples(), dtype=float)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / audio.frame_rate)
    return float(freqs[int(np.argmax(spectrum))])


def tiny_article_text() -> str:
    return (
        "Tiny Article\n\n"
        "An opening sentence. A second one.\n\n"
        "First Heading\n\n"
        "Alpha beta gamma. Delta epsilon.\n\n"
        "Second Heading\n\n"
        "Zeta eta theta.\n"
    )


def _set(variable: str) -> bool:
    return os.environ.get(variable, "").lower() not in ("", "0", "false", "no")


def missing(what: str, install: str, *, required_by: str = REQUIRE_TOOLS) -> NoReturn:
    """Stop a test that cannot run without `what`: one line naming it and how to install it.

    A skip under plain `pytest`; a failure where `required_by` is set (NARRATE_REQUIRE_TOOLS=1
    by scripts/test and .ci/run, which install every tool), so nothing skips there for want of
    a tool. Works at module level too (an import a whole module needs)."""
    line = f"{what} missing: {install}"
    if _set(required_by):
        pytest.fail(f"{line} ({required_by} is set, so this is a failure)", pytrace=False)
    pytest.skip(line, allow_module_level=True)


def import_or_missing(module: str, *, extra: str) -> ModuleType:
    """`module` imported, or `missing` naming narrate's pip extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"the Python module {module}",
                f"pip install -c constraints.txt -e '.[{extra}]' (scripts/test does)")  # fmt: skip


def needs(available: bool, what: str, install: str, *, required_by: str = REQUIRE_TOOLS):
    """A mark for a test (or `pytestmark` for a module) that needs `what`: when it is not
    `available`, tests/conftest.py calls `missing` before the test runs."""
    return pytest.mark.needs(available, what, install, required_by=required_by)


def as_non_root(command: list[str]) -> list[str]:
    """`command` run as file modes see an unprivileged user: root runs it through setpriv with
    the capabilities that bypass file modes (DAC override, DAC read-search) dropped."""
    if os.name != "posix" or os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *command]


def narrate_process(*args: str, module: str = "narrate") -> subprocess.CompletedProcess[str]:
    """`python -m narrate ARGS` in its own process, as a user runs it, from the checkout
    (`module="tests.tone_cli"` adds the test tone engine); its output as text."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def script_of(source: Path, text: str | None = None) -> str:
    """What `narrate script SOURCE` prints, run as a user runs it (`text` written to `source`
    first, if given); the test fails with narrate's stderr if it exits non-zero."""
    if text is not None:
        source.write_text(text, encoding="utf-8")
    run = narrate_process("script", str(source))
    assert run.returncode == 0, run.stderr
    return run.stdout


# What a test run adds to the environment to measure the processes it starts (coverage's
# patch = ["subprocess"]): its start-up and its save at exit are code users never run.
MEASURING = ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")


def users_environment(**extra: str) -> dict[str, str]:
    """This environment as a user's shell has it: without the coverage measurement, for tests
    whose point is timing (a signal during start-up or exit lands in narrate's code, not in
    coverage's), plus `extra`."""
    return {**{k: v for k, v in os.environ.items() if k not in MEASURING}, **extra}


def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 0 obj: the catalog) with a right cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)  # fmt: skip
    return bytes(out)


@contextmanager
def moto_s3(bucket: str) -> Iterator[str]:
    """An S3 server on 127.0.0.1 (moto) holding `bucket`, in the environment (AWS_ENDPOINT_URL
    and test keys) while it runs; its URL. fsspec keeps one S3 filesystem per set of arguments,
    and its endpoint is read from the environment when made, so the cache is emptied on the way
    in and out: an earlier test's server (another file on the same worker) is never asked."""
    import socket

    import boto3
    from moto.server import ThreadedMotoServer
    from s3fs import S3FileSystem

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    saved = dict(os.environ)
    os.environ.update(AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="test",
                      AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")  # fmt: skip
    S3FileSystem.clear_instance_cache()
    try:
        boto3.client("s3", endpoint_url=url).create_bucket(Bucket=bucket)
        yield url
    finally:
        S3FileSystem.clear_instance_cache()
        os.environ.clear()
        os.environ.update(saved)
        server.stop()
