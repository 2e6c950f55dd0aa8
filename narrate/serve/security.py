"""Who may use the server. With a token, API calls carry `Authorization: Bearer <token>` and
pages a session got by logging in with it: sessions are kept here, in the server, end at
logout or after an idle while, and each has its own CSRF token; a few wrong tokens from one
address earn a pause (429). Without a token, a CSRF token is bound to a cookie instead."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time

SESSION_COOKIE = "narrate_session"
CSRF_COOKIE = "narrate_csrf"
CSRF_FIELD = "csrf"
IDLE_HOURS = 12.0  # a session unused this long has ended
MAX_FAILURES = 5  # wrong tokens from one address within FAILURE_WINDOW_S ...
FAILURE_WINDOW_S = 600.0
LOCKOUT_S = 300.0  # ... and it is answered 429 for this long


class Guard:
    """Checks for one server; `token` None means no login is needed (loopback only)."""

    def __init__(self, token: str | None, *, idle_hours: float = IDLE_HOURS):
        self.token = token
        self.idle_s = idle_hours * 3600
        self._secret = secrets.token_bytes(32)  # CSRF tokens end with the process
        self._sessions: dict[str, float] = {}  # session id → last use (time.monotonic)
        self._failures: dict[str, list[float]] = {}  # address → times of wrong tokens
        self._locked: dict[str, float] = {}  # address → until when (time.monotonic)
        self._lock = threading.Lock()

    @property
    def required(self) -> bool:
        return self.token is not None

    def bearer_ok(self, header: str | None) -> bool:
        if not self.token:
            return True
        scheme, _, value = (header or "").partition(" ")
        return scheme.lower() == "bearer" and self.token_ok(value)

    def token_ok(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(
            _bytes(given.strip()), (self.token or "").encode()
        )

    # sessions
    def new_session(self) -> str:
        """A fresh session (a random id kept here); its id goes in the cookie."""
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._forget_idle()
            self._sessions[session] = time.monotonic()
        return session

    def session_ok(self, session: str | None) -> bool:
        """True for a session that exists and has not been idle too long (its use renews it)."""
        if not self.token:
            return True
        with self._lock:
            self._forget_idle()
            if not session or session not in self._sessions:
                return False
            self._sessions[session] = time.monotonic()
            return True

    def end_session(self, session: str | None) -> None:
        with self._lock:
            self._sessions.pop(session or "", None)

    def _forget_idle(self) -> None:
        now = time.monotonic()
        for session in [s for s, used in self._sessions.items() if now - used > self.idle_s]:
            del self._sessions[session]

    # CSRF
    def csrf_for(self, binding: str) -> str:
        """The CSRF token of a session id (or, without a session, of a CSRF cookie's value)."""
        return hmac.new(self._secret, f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, binding: str | None, field: str | None) -> bool:
        if not binding or not field:
            return False
        return hmac.compare_digest(self.csrf_for(binding).encode(), _bytes(field))

    # wrong tokens
    def locked_for(self, address: str) -> float:
        """Seconds left before `address` may try a token again (0: it may now)."""
        address = _network_of(address)
        with self._lock:
            left = self._locked.get(address, 0.0) - time.monotonic()
            if left <= 0:
                self._locked.pop(address, None)
                return 0.0
            return left

    def failed(self, address: str) -> None:
        """Count a wrong token from `address`; too many in a while lock it out."""
        address = _network_of(address)
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 10_000:  # many addresses: forget the ones gone quiet
                self._failures = {
                    a: times for a, times in self._failures.items()
                    if times and now - times[-1] < FAILURE_WINDOW_S
                }  # fmt: skip
            recent = [t for t in self._failures.get(address, []) if now - t < FAILURE_WINDOW_S]
            recent.append(now)
            if len(recent) >= MAX_FAILURES:
                self._locked[address] = now + LOCKOUT_S
                recent = []
            self._failures[address] = recent


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def _bytes(text: str) -> bytes:
    """`text` as UTF-8 (a lone surrogate as "?"), for compare_digest, which takes ASCII str only."""
    return text.encode("utf-8", "replace")


def _network_of(address: str) -> str:
    """Whom wrong tokens are counted against: an IPv4 address, or an IPv6 address's /64 (one
    host is usually given a whole /64, so counting single IPv6 addresses would let it rotate)."""
    try:
        parsed = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
