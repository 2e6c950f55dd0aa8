"""A network guard for the processes the serve tests start: a connection or datagram to anything
but 127.0.0.0/8 or ::1, or a lookup of a name but localhost, is refused, and a line starting with
GUARD_MARK goes to stderr, which the fixtures turn into a test failure (tests/serve/conftest.py).
So a variant of an attack that slips past the server's checks fails its test instead of
reaching out."""

from __future__ import annotations

import ipaddress
import socket
import sys

GUARD_MARK = "narrate-test-network-guard: refused"


def _loopback(host) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        text = host.decode() if isinstance(host, bytes) else str(host)
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _literal(host) -> bool:
    """An IP address written out (0.0.0.0 to listen on): looking it up sends nothing."""
    try:
        text = host.decode() if isinstance(host, bytes) else str(host)
        ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return False
    return True


def _refuse(what: str, where) -> None:
    print(f"{GUARD_MARK} {what} {where!r}", file=sys.stderr, flush=True)
    raise ConnectionRefusedError(f"the test network guard refused {what} {where!r}")


def install_network_guard() -> None:
    """Refuse, in this process, all traffic that would leave 127.0.0.0/8 (and ::1)."""
    if getattr(socket, "_narrate_guarded", False):
        return
    socket._narrate_guarded = True  # type: ignore[attr-defined]
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo

    def checked(sock: socket.socket, address, what: str) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            _refuse(what, address)

    def connect(self, address):
        checked(self, address, "a connection to")
        return real_connect(self, address)

    def connect_ex(self, address):
        checked(self, address, "a connection to")
        return real_connect_ex(self, address)

    def sendto(self, data, *args):
        checked(self, args[-1], "a datagram to")
        return real_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        flags = kwargs.get("flags", args[4] if len(args) > 4 else 0)
        numeric_only = bool(flags & socket.AI_NUMERICHOST)  # sends nothing: no name is looked up
        if not (numeric_only or _loopback(host) or _literal(host)):
            print(f"{GUARD_MARK} a lookup of {host!r}", file=sys.stderr, flush=True)
            raise socket.gaierror(socket.EAI_NONAME, f"the test network guard refused {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
