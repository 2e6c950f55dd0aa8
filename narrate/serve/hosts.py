"""Against DNS rebinding: the `Host` a request names must be one this server answers to, and a
state-changing request from a browser must come from a page of that same host (`Origin`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def host_name(header: str) -> str | None:
    """The name in a Host header, lower-case, without its port or IPv6 brackets; None when the
    header is not a host[:port]."""
    header = header.strip().lower()
    if not header or any(c in header for c in "/\\@?#% \t") or not header.isascii():
        return None
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not (rest[0] == ":" and rest[1:].isdigit())):
            return None
        return name
    name, _, port = header.partition(":")
    if port and not port.isdigit():
        return None
    return name.rstrip(".") or None


def is_loopback_name(name: str) -> bool:
    """localhost, 127.0.0.0/8 and ::1: names only this machine can mean."""
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostCheck:
    """Which Host names a server answers to: without a token, loopback names and the
    `--allowed-host` names; with one, any name unless `--allowed-host` narrows them (loopback
    names are always answered: a page cannot rebind a name to them and stay a literal)."""

    def __init__(self, allowed: tuple[str, ...], *, token: bool):
        self.allowed = frozenset(name.strip().lower().rstrip(".") for name in allowed)
        self.any_name = token and not self.allowed

    def host_ok(self, header: str | None) -> bool:
        name = host_name(header or "")
        if name is None:
            return False
        return self.any_name or is_loopback_name(name) or name in self.allowed

    def problem(self, method: str, headers: Mapping[str, str]) -> tuple[int, str] | None:
        """Why a request must be refused, with its status (400 for the Host, 403 for where it
        came from), or None."""
        host = headers.get("host")
        if not self.host_ok(host):
            shown = (host or "")[:100]
            return 400, (
                f"Host {shown!r} is not a name this server answers to; start it with "
                "--allowed-host NAME to add one"
            )
        if method not in STATE_CHANGING:
            return None
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "a request from another site; send it from this server's own pages"
        origin = headers.get("origin")
        if origin is not None and not same_origin(origin, host or ""):
            return 403, (
                f"Origin {origin[:100]!r} is not this server ({host}); send the form from "
                "this server's own pages"
            )
        return None


def same_origin(origin: str, host: str) -> bool:
    """True when `origin` (scheme://host[:port]) names the host the request was sent to."""
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and not parts.path
        and parts.netloc.lower() == host.strip().lower()
    )
