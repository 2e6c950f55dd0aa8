"""`python -m narrate` and the `narrate` command: stop signals handled before anything loads."""

from __future__ import annotations

import sys


def run() -> None:
    """Install the signal handlers, then load and run the command line: a Ctrl-C while its
    libraries load (the first few tenths of a second) is one line too, not a traceback."""
    try:
        from narrate import signals  # inside: a Ctrl-C while it loads is caught below too

        signals.install()
        from narrate.cli import main

        main()
    except KeyboardInterrupt as error:
        from narrate import signals

        sys.stderr.write(signals.message(error) + "\n")
        sys.exit(signals.as_interrupted(error).exit_code)


if __name__ == "__main__":
    run()
