"""The web app's webhooks: when a job with a callback_url ends (done, failed or cancelled), its
JSON as GET /api/editions/{id} shows it is delivered by narrate.webhooks on a thread of its own
(the worker goes on with the next job), and each attempt is recorded in the job queue. A
delivery a stop interrupted is taken up again when the server starts."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping

from narrate.serve.config import ServeConfig
from narrate.serve.jobs import CANCELLED, DONE, FAILED, CallbackRecord, Job, JobStore
from narrate.webhooks import DeliveryPolicy, DeliveryResult, deliver, new_message_id

log = logging.getLogger(__name__)
ENDED = (DONE, FAILED, CANCELLED)
PENDING, DELIVERED, UNDELIVERED = "pending", "delivered", "failed"


class Deliveries:
    """Sends the webhooks of ended jobs; `describe` makes a job's JSON (the API's view)."""

    def __init__(
        self,
        store: JobStore,
        config: ServeConfig,
        describe: Callable[[Job], Mapping[str, object]],
        policy: DeliveryPolicy | None = None,
    ) -> None:
        self.store, self.config, self.describe = store, config, describe
        self.policy = policy or DeliveryPolicy(public_only=not config.allow_private_urls)
        self._stop = threading.Event()

    def send(self, job_id: str) -> None:
        """Deliver the webhook of job `job_id`, if it has one and has ended, in the background."""
        job = self.store.get(job_id)
        if job is None or job.callback is None or job.status not in ENDED:
            return
        if self.config.webhook_secret is None:  # a server restarted without its secret
            self._record(job, {"state": UNDELIVERED, "error": "the server has no webhook secret"})
            return
        message_id = new_message_id()
        self._record(job, {"state": PENDING, "attempts": 0, "last_status": None,
                           "error": None, "message_id": message_id, "finished": None})  # fmt: skip
        threading.Thread(
            target=self._deliver, args=(job, message_id), name="narrate-webhook", daemon=True
        ).start()

    def resume(self) -> None:
        """Send again the webhooks a stop left pending."""
        for job in self.store.all():
            if job.callback and job.callback["state"] == PENDING and job.status in ENDED:
                self.send(job.id)

    def stop(self) -> None:
        """Stop waiting between attempts; what is not delivered stays pending."""
        self._stop.set()

    def _deliver(self, job: Job, message_id: str) -> None:
        assert job.callback is not None and self.config.webhook_secret is not None
        view = {k: v for k, v in self.describe(job).items() if k != "callback"}
        payload = json.dumps(view, ensure_ascii=False).encode("utf-8")

        def attempted(result: DeliveryResult) -> None:
            self._record(job, _progress(result))

        result = deliver(
            job.callback["url"],
            payload,
            self.config.webhook_secret,
            self.policy,
            message_id=message_id,
            stop=self._stop,
            on_attempt=attempted,
        )
        if not result.delivered and self._stop.is_set():
            return  # left pending: taken up on the next start
        state = DELIVERED if result.delivered else UNDELIVERED
        if not result.delivered:
            log.warning("job %s: webhook not delivered: %s", job.id, result.error)
        self._record(job, {**_progress(result), "state": state, "finished": time.time()})

    def _record(self, job: Job, changes: Mapping[str, object]) -> None:
        current = self.store.get(job.id)  # deleted meanwhile: nothing to record
        if current is None or current.callback is None:
            return
        record: CallbackRecord = {**current.callback, **changes}  # type: ignore[typeddict-item]
        self.store.update(job.id, callback=record)


def _progress(result: DeliveryResult) -> dict[str, object]:
    return {"attempts": result.attempts, "last_status": result.status, "error": result.error}
