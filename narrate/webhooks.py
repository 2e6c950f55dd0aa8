"""Webhooks: a JSON payload POSTed to a receiver's URL, signed as the Standard Webhooks
specification signs (standardwebhooks.com: `webhook-id`, `webhook-timestamp`,
`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), retried with exponential
backoff, and sent only to addresses judged as article URLs are (readers/addresses.py): resolved,
judged and connected to as judged, at every attempt, with redirects never followed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from narrate import __version__
from narrate.errors import ArticleError, BadOption, NarrateError
from narrate.readers.addresses import WEBHOOK_NOTE, check_public
from narrate.readers.weburl import parse_web_address, shown

if TYPE_CHECKING:
    import requests

SECRET_PREFIX = "whsec_"  # Standard Webhooks: the key, base64-encoded, after this prefix
SECRET_BYTES = (24, 64)  # the key's length the specification asks for
TOLERANCE_S = 300  # a receiver refuses a timestamp further than this from its clock
RETRIED_STATUSES = frozenset({408, 425, 429})  # and every 5xx: the receiver may take it later
USER_AGENT = f"narrate/{__version__} (webhooks)"
MAKE_SECRET = (
    "python3 -c \"import base64, secrets; "
    "print('whsec_' + base64.b64encode(secrets.token_bytes(32)).decode())\""
)


class WebhookError(NarrateError):
    """A callback URL that may not be called, or a signature that does not verify."""


@dataclass(frozen=True)
class DeliveryPolicy:
    """How hard a delivery tries: attempts in all, the first wait (doubled after each failed
    attempt, plus up to half of it at random, up to `max_wait_s`), the seconds one attempt may
    take to connect and to answer, and whether only public addresses may be called."""

    attempts: int = 6
    first_wait_s: float = 2.0
    max_wait_s: float = 300.0
    timeout_s: float = 10.0
    public_only: bool = True


DEFAULT_POLICY = DeliveryPolicy()


@dataclass(frozen=True)
class DeliveryResult:
    """How a delivery went: delivered or not, after how many attempts, the receiver's last HTTP
    status (None when it never answered), one line on the last failure, the webhook-id sent."""

    delivered: bool
    attempts: int
    status: int | None
    error: str | None
    message_id: str


@dataclass(frozen=True)
class _Attempt:
    status: int | None
    error: str | None
    again: bool  # worth another attempt (a timeout, a 5xx), not a refusal that will stay one


def parse_secret(text: str) -> bytes:
    """The key of a Standard Webhooks secret (`whsec_` then base64 of 24 to 64 bytes), or
    ValueError saying what is wrong with it."""
    text = text.strip()
    if not text.startswith(SECRET_PREFIX):
        raise ValueError(f"a webhook secret starts with {SECRET_PREFIX}; make one: {MAKE_SECRET}")
    try:
        key = base64.b64decode(text.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"the webhook secret after {SECRET_PREFIX} is not base64") from None
    low, high = SECRET_BYTES
    if not low <= len(key) <= high:
        raise ValueError(f"the webhook secret's key is {len(key)} bytes; give {low} to {high}")
    return key


def read_secret(path: Path, option: str = "--webhook-secret-file") -> bytes:
    """The key in `path` (its first line), or BadOption naming the file and the problem."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        problem = getattr(error, "strerror", None) or "it is not text"
        raise BadOption(f"{path}: cannot read the webhook secret ({problem})", option) from None
    try:
        return parse_secret(lines[0] if lines else "")
    except ValueError as error:
        raise BadOption(f"{path}: {error}", option) from None


def new_message_id() -> str:
    """A webhook-id: the same for every attempt of one delivery, so a receiver can drop repeats."""
    return "msg_" + secrets.token_hex(12)


def sign(key: bytes, message_id: str, timestamp: int, payload: bytes) -> str:
    """The webhook-signature value of `payload`: `v1,` and base64 HMAC-SHA256 of
    `id.timestamp.body` over the exact body bytes."""
    signed = f"{message_id}.{timestamp}.".encode() + payload
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(key: bytes, payload: bytes, message_id: str, timestamp: int) -> dict[str, str]:
    """The headers of one attempt: content type, webhook-id, webhook-timestamp, signature."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(key, message_id, timestamp, payload),
    }


def verify(
    key: bytes, headers: dict[str, str], payload: bytes, *, now: float | None = None
) -> None:
    """Check a received webhook as a receiver should (signature, and a timestamp within
    TOLERANCE_S of `now`), or raise WebhookError saying why it is refused."""
    found = {name.lower(): value for name, value in headers.items()}
    message_id = found.get("webhook-id", "")
    stamp = found.get("webhook-timestamp", "")
    if not message_id or not stamp.isdigit():
        raise WebhookError("no webhook-id or webhook-timestamp header")
    if abs((time.time() if now is None else now) - int(stamp)) > TOLERANCE_S:
        raise WebhookError("the webhook-timestamp is too old or too new (a replay?)")
    expected = sign(key, message_id, int(stamp), payload)
    offered = found.get("webhook-signature", "").split()
    if not any(hmac.compare_digest(expected, one) for one in offered):
        raise WebhookError("the webhook-signature does not match the body")


def check_callback_url(url: str, *, public_only: bool = True) -> str:
    """`url` when a webhook may be sent there: an http(s) address read one way only and, when
    `public_only`, a host whose every address is public; WebhookError saying why not."""
    try:
        check_public(url, WEBHOOK_NOTE) if public_only else parse_web_address(url)
    except ArticleError as error:
        raise WebhookError(f"callback_url refused: {error}") from None
    return url


def deliver(
    url: str,
    payload: bytes,
    secret: bytes,
    policy: DeliveryPolicy = DEFAULT_POLICY,
    *,
    message_id: str | None = None,
    stop: threading.Event | None = None,
    on_attempt: Callable[[DeliveryResult], None] | None = None,
) -> DeliveryResult:
    """POST `payload` to `url`, signed with `secret`, until a 2xx answer, a refusal that would
    stay one (a 4xx, a redirect, a private address), or `policy.attempts` attempts; `stop` set
    ends the waiting between attempts; `on_attempt` hears how each attempt went. Never raises
    for the receiver's failures."""
    from tenacity import (
        Retrying,
        retry_if_result,
        stop_after_attempt,
        stop_when_event_set,
        wait_exponential_jitter,
    )

    from narrate.readers.pinned import pinned_session

    message_id = message_id or new_message_id()
    stopped = stop or threading.Event()

    def pause(seconds: float) -> None:  # between attempts; a stop ends it
        stopped.wait(seconds)

    retrying = Retrying(
        stop=stop_after_attempt(policy.attempts) | stop_when_event_set(stopped),
        wait=wait_exponential_jitter(
            multiplier=policy.first_wait_s, max=policy.max_wait_s, jitter=policy.first_wait_s / 2
        ),
        retry=retry_if_result(lambda attempt: attempt.again),
        retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
        sleep=pause,
    )
    attempts = 0
    last: _Attempt | None = None

    def attempt() -> _Attempt:
        nonlocal attempts, last
        if last is not None and stopped.is_set():  # stopped while waiting: no further attempt
            return _Attempt(last.status, last.error, again=False)
        attempts += 1
        with pinned_session(public_only=policy.public_only, note=WEBHOOK_NOTE) as session:
            outcome = _post(session, url, payload, secret, message_id, policy)
        if on_attempt is not None:
            on_attempt(_result(outcome, attempts, message_id))
        last = outcome
        return outcome

    return _result(retrying(attempt), attempts, message_id)


def _result(outcome: _Attempt, attempts: int, message_id: str) -> DeliveryResult:
    delivered = outcome.status is not None and 200 <= outcome.status < 300
    return DeliveryResult(delivered, attempts, outcome.status, outcome.error, message_id)


def _post(
    session: requests.Session,
    url: str,
    payload: bytes,
    secret: bytes,
    message_id: str,
    policy: DeliveryPolicy,
) -> _Attempt:
    """One attempt, signed afresh (its own timestamp); what came of it, never an exception."""
    import requests

    headers = signed_headers(secret, payload, message_id, int(time.time()))
    try:
        address = parse_web_address(url)  # the one reading that is judged and connected to
        response = session.post(
            address.url,
            data=payload,
            headers=headers,
            timeout=policy.timeout_s,
            allow_redirects=False,
            stream=True,
        )
    except ArticleError as refused:
        return _Attempt(None, f"refused: {refused.problem}", again=False)
    except requests.exceptions.Timeout:
        return _Attempt(None, f"no answer within {policy.timeout_s:g} s", again=True)
    except requests.exceptions.RequestException as error:
        return _Attempt(None, f"cannot connect: {_first_line(error)}", again=True)
    with response:
        status = response.status_code
        if 200 <= status < 300:
            return _Attempt(status, None, again=False)
        if response.is_redirect:
            where = shown(response.headers.get("Location", ""))
            problem = f"HTTP {status}: redirects to {where}, which webhooks do not follow"
            return _Attempt(status, problem, again=False)
        again = status >= 500 or status in RETRIED_STATUSES
        return _Attempt(status, f"HTTP {status} {response.reason or ''}".rstrip(), again=again)


def _first_line(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return " ".join(text.split())[:200]
