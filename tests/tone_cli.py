"""`python -m tests.tone_cli ARGS`: the `narrate` command as users run it, in its own process,
with the test tone engine registered (kill, signal and concurrency tests)."""

from __future__ import annotations

import sys

from narrate import signals

if __name__ == "__main__":
    signals.install()
    try:
        import tests.tone_engine  # noqa: F401  (registers "tone")
    except KeyboardInterrupt as error:
        sys.stderr.write(signals.message(error) + "\n")
        sys.exit(signals.as_interrupted(error).exit_code)
    from narrate.__main__ import run

    run()
