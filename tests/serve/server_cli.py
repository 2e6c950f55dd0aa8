"""`python -m tests.serve.server_cli serve ARGS`: `narrate serve` as users run it, in its own
process, with the test tone engines registered: "tone", and "tone-paced" (the same tones, 0.15 s
each, so a test can stop the server while a build is under way).

The process runs under the test network guard (tests/serve/network_guard.py), installed here and,
through tests/serve/guarded/sitecustomize.py, in every Python process the server starts."""

from __future__ import annotations

import time

from narrate.engines.base import register
from tests.serve.network_guard import install_network_guard
from tests.tone_engine import ToneEngine

SLOW_S = 0.15


@register
class SlowToneEngine(ToneEngine):
    name = "tone-paced"

    def synthesize(self, text: str):
        time.sleep(SLOW_S)
        return super().synthesize(text)


if __name__ == "__main__":
    install_network_guard()
    from narrate.__main__ import run

    run()
