"""The library's warnings as one line each on stderr: `narrate: warning: ...`."""

from __future__ import annotations

import logging

import click


class WarningLines(logging.Handler):
    """Each warning (or worse) logged under `narrate` as one line on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"narrate: {record.levelname.lower()}: {record.getMessage()}", err=True)


def show_warnings() -> None:
    """Send narrate's warnings to stderr as lines, once however often a command runs."""
    logger = logging.getLogger("narrate")
    if not any(isinstance(handler, WarningLines) for handler in logger.handlers):
        logger.addHandler(WarningLines())
