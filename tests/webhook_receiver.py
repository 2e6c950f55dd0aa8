"""A webhook receiver on 127.0.0.1 for the webhook tests: it records every request (method,
path, headers, exact body) and answers each path with the statuses it is given, in turn (the
last one repeats), with an optional Location and a delay before answering."""

from __future__ import annotations

import base64
import http.server
import secrets
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def new_secret() -> str:
    """A Standard Webhooks secret, as the docs tell users to make one."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class Receiver:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.delay_s: dict[str, float] = {}
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(self.command, self.path, dict(self.headers.items()), body)
                )
                time.sleep(receiver.delay_s.get(self.path, 0))
                turns = receiver.answers.get(self.path) or [(200 if self.command == "POST"
                                                             else 404, {})]  # fmt: skip
                status, headers = turns.pop(0) if len(turns) > 1 else turns[0]
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, path: str, *statuses: int, location: str | None = None) -> None:
        headers = {"Location": location} if location else {}
        self.answers[path] = [(status, headers) for status in statuses]

    def posts(self, path: str | None = None) -> list[Received]:
        return [r for r in self.received if r.method == "POST" and path in (None, r.path)]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
