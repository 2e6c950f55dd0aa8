"""Webhooks per followed source: after an entry is built or updated, its edition's JSON (the
manifest, with the source, the entry and the outcome's status) is POSTed to the source's
callback URL, signed and retried by narrate.webhooks. `narrate follow --callback-url` and the
web app's poller both send them through `EntryHook`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from narrate.follow.report import EntryOutcome
from narrate.manifest import FILENAME as MANIFEST
from narrate.storage import Store, is_remote_location
from narrate.webhooks import (
    DEFAULT_POLICY,
    DeliveryPolicy,
    DeliveryResult,
    check_callback_url,
    deliver,
)

SENT_FOR = ("built", "updated")  # the outcomes whose edition is new or changed


def entry_payload(source_url: str, outcome: EntryOutcome, shown: str | None = None) -> bytes:
    """The webhook's body: `source`, `status`, `entry` (id, link, title), `edition` (where
    it is, or `shown`: the web app's page of it) and `manifest` (the edition's manifest.json;
    null when it cannot be read)."""
    body = {
        "source": source_url,
        "status": outcome.status,
        "entry": {"id": outcome.id, "link": outcome.link, "title": outcome.title},
        "edition": shown or outcome.edition,
        "manifest": read_manifest(outcome.edition) if outcome.edition else None,
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def read_manifest(edition: str) -> Any:
    """The manifest of the edition at `edition` (a folder, or a URL), or None."""
    try:
        if is_remote_location(edition):
            data = Store(edition).read_bytes(MANIFEST)
        else:
            data = (Path(edition) / MANIFEST).read_bytes()
        return json.loads(data) if data is not None else None
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class EntryHook:
    """Where and how a source's webhooks go: `url` (already checked by `checked`), the
    secret's key, and the delivery policy (its `public_only` judges every attempt again)."""

    url: str
    secret: bytes
    policy: DeliveryPolicy = DEFAULT_POLICY

    @classmethod
    def checked(cls, url: str, secret: bytes, policy: DeliveryPolicy = DEFAULT_POLICY) -> EntryHook:
        """The hook when `url` may be called (webhooks.check_callback_url); WebhookError
        (one line, `callback_url refused: ...`) when not."""
        return cls(check_callback_url(url.strip(), public_only=policy.public_only), secret, policy)

    def wanted(self, outcome: EntryOutcome) -> bool:
        return outcome.status in SENT_FOR and outcome.edition is not None

    def send(
        self, source_url: str, outcome: EntryOutcome, shown: str | None = None, **how: Any
    ) -> DeliveryResult:
        """Deliver the outcome's webhook (retried as the policy says); never raises for the
        receiver's failures. `how`: deliver()'s `stop`, `on_attempt`, `message_id`."""
        payload = entry_payload(source_url, outcome, shown)
        return deliver(self.url, payload, self.secret, self.policy, **how)


def delivery_line(outcome: EntryOutcome, result: DeliveryResult) -> str:
    """A delivery that failed, in one line, as the CLI prints it."""
    tries = "attempt" if result.attempts == 1 else "attempts"
    return (f"webhook not delivered: {outcome.title or outcome.link} "
            f"({result.error or 'no answer'}; {result.attempts} {tries})")  # fmt: skip
