"""The web app's webhooks per followed source: a source's optional callback_url, checked as
an edition's is (the article URLs' address rules; only with the server's webhook secret), and
after the poller builds or updates an entry, its edition's JSON (narrate.follow.hooks) sent on
a thread of its own, the source keeping its last delivery's state (`last_delivery`)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import replace

from narrate.follow import EntryOutcome
from narrate.follow.hooks import EntryHook
from narrate.serve.config import ServeConfig
from narrate.serve.followed import FollowedSource, FollowedSources
from narrate.serve.inputs import InputError, refuse_unwritable
from narrate.serve.wording import web_message
from narrate.webhooks import DeliveryPolicy, DeliveryResult, WebhookError, new_message_id

log = logging.getLogger(__name__)
PENDING, DELIVERED, UNDELIVERED = "pending", "delivered", "failed"


def checked_source_callback(config: ServeConfig, url: str | None) -> str | None:
    """The source's callback URL when one is given and may be called, else None; a
    one-line InputError (422) saying why not."""
    if url is None or not url.strip():
        return None
    refuse_unwritable(url, "callback_url")
    if config.webhook_secret is None:
        raise InputError(
            "callback_url: this server has no webhook secret to sign with; start it with "
            "--webhook-secret-file",
            422,
        )
    try:
        return EntryHook.checked(url, config.webhook_secret, policy_of(config)).url
    except WebhookError as error:
        raise InputError(web_message(str(error)), 422) from None


def policy_of(config: ServeConfig) -> DeliveryPolicy:
    return DeliveryPolicy(public_only=not config.allow_private_urls)


def send_entry_hook(
    config: ServeConfig,
    sources: FollowedSources,
    followed: FollowedSource,
    outcome: EntryOutcome,
    edition_page: str | None,
    stop: threading.Event,
) -> None:
    """Deliver the webhook of `outcome` (built or updated) to the source's callback URL, in
    the background, its progress kept on the source; nothing when it has no callback URL."""
    if followed.callback_url is None or outcome.status not in ("built", "updated"):
        return
    if config.webhook_secret is None:  # a server restarted without its secret
        _record(sources, followed.id, {"state": UNDELIVERED, "entry": outcome.title,
                                       "error": "the server has no webhook secret"})  # fmt: skip
        return
    hook = EntryHook(followed.callback_url, config.webhook_secret, policy_of(config))
    message_id = new_message_id()
    _record(sources, followed.id, {"state": PENDING, "entry": outcome.title or outcome.link,
                                   "message_id": message_id, "attempts": 0, "last_status": None,
                                   "error": None, "finished": None})  # fmt: skip

    def attempted(result: DeliveryResult) -> None:
        _record(sources, followed.id, _progress(result), message_id)

    def delivering() -> None:
        result = hook.send(followed.url, outcome, edition_page, message_id=message_id,
                           stop=stop, on_attempt=attempted)  # fmt: skip
        state = DELIVERED if result.delivered else UNDELIVERED
        if not result.delivered:
            log.warning("source %s: webhook not delivered: %s", followed.url, result.error)
        _record(sources, followed.id, {**_progress(result), "state": state,
                                       "finished": time.time()}, message_id)  # fmt: skip

    threading.Thread(target=delivering, name="narrate-source-webhook", daemon=True).start()


def _record(
    sources: FollowedSources,
    source_id: str,
    changes: Mapping[str, object],
    message_id: str | None = None,
) -> None:
    """`changes` kept on the source's last delivery (when it is still `message_id`'s)."""

    def noted(source: FollowedSource) -> FollowedSource:
        last = dict(source.last_delivery or {})
        if message_id is not None and last.get("message_id") != message_id:
            return source  # a later delivery has taken its place
        return replace(source, last_delivery={**last, **changes})

    sources.change(source_id, noted)


def _progress(result: DeliveryResult) -> dict[str, object]:
    return {"attempts": result.attempts, "last_status": result.status, "error": result.error}
