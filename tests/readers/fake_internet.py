"""A pretend internet for the URL-safety tests, so nothing ever leaves the machine.

Host names resolve from a table (each lookup may get a different answer, as a rebinding name
does); a few chosen "public" addresses are carried to servers on 127.0.0.1; every other
connection is refused, and every attempt is recorded first. Numeric hosts resolve as usual,
without any DNS. It patches `socket.getaddrinfo` and `socket.socket.connect` in-process
(`with FakeInternet(...):`), or, in a `narrate serve` subprocess, from a sitecustomize that
calls `install_from_environment()`.
"""

from __future__ import annotations

import errno
import http.server
import ipaddress
import json
import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

ENVIRONMENT = "NARRATE_TEST_FAKE_INTERNET"  # read only by this test module, never by narrate
PUBLIC_V4 = "93.184.215.14"  # globally routable: narrate's public-only check lets it through
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"


class Refused(ConnectionRefusedError):
    """A connection the fake internet does not carry."""


@dataclass
class FakeInternet:
    """`names`: host name → the answers to its successive lookups (the last one repeats);
    `routes`: (address, port) → the (127.0.0.1, port) that answers for it; `loopback`: whether
    connections to 127.0.0.0/8 and ::1 go through as they are (a server's own intranet)."""

    names: dict[str, list[list[str]]] = field(default_factory=dict)
    routes: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)
    loopback: bool = False
    log: Path | None = None  # every connection attempt, one JSON line each (for a subprocess)
    attempts: list[tuple[str, int]] = field(default_factory=list)
    lookups: dict[str, int] = field(default_factory=dict)

    def __enter__(self) -> FakeInternet:
        self._saved = (socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex)
        real_getaddrinfo, real_connect, _ = self._saved
        socket.getaddrinfo = self._resolver(real_getaddrinfo)
        socket.socket.connect = self._connector(real_connect)
        socket.socket.connect_ex = _no_connect_ex
        return self

    def __exit__(self, *exc) -> None:
        socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex = self._saved

    def _resolver(self, real):
        def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
            try:  # an address written as numbers: no DNS is involved
                return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
            except (socket.gaierror, UnicodeError):
                pass
            name = (host.decode() if isinstance(host, bytes) else str(host)).rstrip(".").lower()
            if name not in self.names:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            turn = self.lookups.get(name, 0)
            self.lookups[name] = turn + 1
            answers = self.names[name][min(turn, len(self.names[name]) - 1)]
            found = []
            for text in answers:
                ip = ipaddress.ip_address(text)
                af = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
                if family in (0, socket.AF_UNSPEC, af):
                    address = (text, int(port or 0)) + ((0, 0) if ip.version == 6 else ())
                    found.append((af, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address))
            if not found:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return found

        return getaddrinfo

    def _connector(self, real):
        internet = self

        def connect(sock, address):
            host, port = str(address[0]), int(address[1])
            internet._record(host, port)
            if (host, port) in internet.routes:
                local_host, local_port = internet.routes[(host, port)]
                if sock.family == socket.AF_INET6:
                    return real(sock, (f"::ffff:{local_host}", local_port, 0, 0))
                return real(sock, (local_host, local_port))
            if internet.loopback and ipaddress.ip_address(host.partition("%")[0]).is_loopback:
                return real(sock, address)
            raise Refused(errno.ECONNREFUSED, f"Connection refused by the test network ({host})")

        return connect

    def _record(self, host: str, port: int) -> None:
        self.attempts.append((host, port))
        if self.log is not None:
            with self.log.open("a") as out:
                out.write(json.dumps([host, port]) + "\n")

    def environment(self) -> str:
        """This network as the value of NARRATE_TEST_FAKE_INTERNET, for a subprocess."""
        return json.dumps(
            {
                "names": self.names,
                "routes": [[*a, *b] for a, b in self.routes.items()],
                "loopback": self.loopback,
                "log": str(self.log) if self.log else None,
            }
        )


def _no_connect_ex(sock, address):
    raise Refused(errno.ECONNREFUSED, "Connection refused: the test network carries no connect_ex")


def install_from_environment() -> None:
    """Put the fake internet described by NARRATE_TEST_FAKE_INTERNET in place for the whole
    life of this process (called from a test's sitecustomize)."""
    described = os.environ.get(ENVIRONMENT)
    if not described:
        return
    settings = json.loads(described)
    FakeInternet(
        names=settings["names"],
        routes={(h, p): (lh, lp) for h, p, lh, lp in settings["routes"]},
        loopback=settings["loopback"],
        log=Path(settings["log"]) if settings["log"] else None,
    ).__enter__()


def logged_attempts(log: Path) -> list[tuple[str, int]]:
    """The connections a subprocess tried, in order."""
    if not log.exists():
        return []
    return [tuple(json.loads(line)) for line in log.read_text().splitlines()]


class Site:
    """A web site on 127.0.0.1 that sends exactly the headers it is given (a Location with a
    backslash or a control character is not tidied on the way, as werkzeug would) and records
    each request's path and Host header."""

    def __init__(self, pages: dict[str, tuple[int, dict[str, str], str]] | None = None):
        self.pages = dict(pages or {})
        self.requests: list[tuple[str, str]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, self.headers.get("Host", "")))
                status, headers, body = site.pages.get(self.path, (404, {}, "not here"))
                data = body.encode()
                self.send_response(status)
                for name, value in {"Content-Type": "text/html", **headers}.items():
                    self.send_header(name, value.encode().decode("latin-1"))  # UTF-8 bytes
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def page(self, path: str, body: str) -> None:
        self.pages[path] = (200, {}, body)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.pages[path] = (status, {"Location": location}, "")

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
