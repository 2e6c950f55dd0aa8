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


class NewsLines(logging.Handler):
    """Each INFO message of one logger as `narrate: <message>` on stderr (warnings have their
    own lines: WarningLines)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            click.echo(f"narrate: {record.getMessage()}", err=True)


def show_news(name: str, *, quiet: bool = False) -> None:
    """Say what the logger `name` tells at INFO on stderr (e.g. where a build's first chapter
    preview can be heard), unless `quiet`; the handler is added once however often a command
    runs, and `quiet` decides each time."""
    logger = logging.getLogger(name)
    if not any(isinstance(handler, NewsLines) for handler in logger.handlers):
        logger.addHandler(NewsLines())
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
