"""Who may use the server: with a token, API calls carry `Authorization: Bearer <token>` and
pages a session cookie got by logging in with it; every form post carries a CSRF token that
matches its cookie (double submit, SameSite=Strict)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

SESSION_COOKIE = "narrate_session"
CSRF_COOKIE = "narrate_csrf"
CSRF_FIELD = "csrf"


class Guard:
    """Checks for one server; `token` None means no login is needed (loopback only)."""

    def __init__(self, token: str | None):
        self.token = token
        self._key = hashlib.sha256(f"narrate-session:{token}".encode()).digest() if token else b""

    @property
    def required(self) -> bool:
        return self.token is not None

    def bearer_ok(self, header: str | None) -> bool:
        if not self.token:
            return True
        scheme, _, value = (header or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip(), self.token)

    def token_ok(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.strip(), self.token or "")

    def new_session(self) -> str:
        """A session cookie value: a random id signed with a key derived from the token."""
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._sign(nonce)}"

    def session_ok(self, cookie: str | None) -> bool:
        if not self.token:
            return True
        nonce, _, signature = (cookie or "").partition(".")
        return bool(nonce) and hmac.compare_digest(signature, self._sign(nonce))

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    return bool(cookie) and bool(field) and hmac.compare_digest(cookie or "", field or "")
