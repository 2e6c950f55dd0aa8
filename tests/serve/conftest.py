"""`narrate serve` started for real: a subprocess on 127.0.0.1 (or 0.0.0.0) with a library and
a clip cache of the test's own, stopped the way a user stops it (SIGTERM, then SIGINT). Every
server runs under the test network guard (tests/serve/network_guard.py); a server that tried to
reach beyond 127.0.0.0/8 fails the test when it is stopped."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.serve.network_guard import GUARD_MARK

ROOT = Path(__file__).parents[2]
GUARDED = Path(__file__).parent / "guarded"  # its sitecustomize installs the guard
ARTICLE = """# Clinic hours

We are open on weekdays. The front desk answers the phone from 8 am.

## Medicines

Take 5 mg of the medicine IV every morning. Ask the nurse about the dose.

## Parking

Parking is free for patients. The garage is on the north side.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Running:
    """A `narrate serve` process and how to reach it."""

    library: Path
    cache: Path
    args: tuple[str, ...] = ()
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    stderr: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Running:
        path = os.pathsep.join([str(GUARDED), str(ROOT), os.environ.get("PYTHONPATH", "")])
        env = {
            **os.environ,
            "NARRATE_CACHE_DIR": str(self.cache),
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": path.rstrip(os.pathsep),
        }
        self.stderr = self.library.parent / f"serve-{self.port}-{time.monotonic_ns()}.log"
        command = [
            sys.executable,
            "-m",
            "tests.serve.server_cli",
            "serve",
            "--library",
            str(self.library),
            "--port",
            str(self.port),
            *self.args,
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=self.stderr.open("w")
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"narrate serve exited: {self.log()}")
            try:  # an answer, not just a connection: the app has started (and its worker)
                requests.get(f"{self.url}/login", timeout=2)
                return self
            except (requests.ConnectionError, requests.Timeout):  # not yet, or a busy machine
                time.sleep(0.1)
        raise AssertionError(f"narrate serve did not listen within 30 s: {self.log()}")

    def log(self) -> str:
        return self.stderr.read_text() if self.stderr else ""

    def stop(self) -> int:
        """Stop the server as Ctrl-C or a service manager would; its exit status. Fails when
        the network guard refused anything the server tried."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.assert_stayed_local()
        return self.process.returncode

    def assert_stayed_local(self) -> None:
        refused = [line for line in self.log().splitlines() if GUARD_MARK in line]
        assert not refused, "the server tried to reach beyond 127.0.0.0/8:\n" + "\n".join(refused)


def _starter(folder: Path):
    started: list[Running] = []
    library, cache = folder / "library", folder / "cache"

    def start(*args: str, port: int | None = None) -> Running:
        running = Running(library, cache, args, **({"port": port} if port else {}))
        started.append(running.start())
        return running

    return start, started


@pytest.fixture
def start_server(tmp_path: Path):
    """Start `narrate serve` with extra arguments; every server is stopped after the test."""
    start, started = _starter(tmp_path)
    yield start
    for running in started:
        running.stop()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory):
    """One plain `narrate serve` (127.0.0.1, no token) for a whole test module."""
    start, started = _starter(tmp_path_factory.mktemp("serve"))
    yield start()
    for running in started:
        running.stop()


def wait_for(url: str, *, until=("done", "failed"), timeout: float = 60, **kwargs) -> dict:
    """Poll a job until its status is one of `until`; its last state."""
    deadline = time.monotonic() + timeout
    while True:
        job = requests.get(url, timeout=10, **kwargs).json()
        if job["status"] in until or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def raw_get(running: Running, raw_path: str, headers: dict | None = None, method: str = "GET"):
    """Send `raw_path` exactly as written (no client normalises `../` or re-encodes it), with
    `headers` (a Host among them replaces the real one): status, headers (lower-case names)
    and body."""
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    try:
        skip_host = any(name.lower() == "host" for name in headers or {})
        connection.putrequest(method, raw_path, skip_host=skip_host, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def token_server(folder: Path, *args: str) -> tuple[Running, str]:
    """A server with a token read from a file; the server and the token."""
    secret = folder / "token"
    secret.write_text(TOKEN + "\n")
    args = ("--token-file", str(secret), *args)
    return Running(folder / "library", folder / "cache", args), TOKEN


TOKEN = "serve-test-token-0123456789abcdef"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
