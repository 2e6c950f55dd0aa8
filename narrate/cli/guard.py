"""narrate's errors as one line on stderr and an exit status, never a traceback."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from narrate import signals
from narrate.cli.lazy import LazyGroup
from narrate.errors import BadOption, NarrateError


def fail(message: str) -> NoReturn:
    click.echo(f"narrate: error: {message}", err=True)
    sys.exit(1)


class GuardedGroup(LazyGroup):
    """Turns narrate's errors into one line on stderr and exit 1; Ctrl-C into exit 130,
    SIGTERM 143, SIGHUP 129."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BadOption as error:  # a usage error: exit 2, as Click's own
            if error.option:
                # the hint quoted, as Click quotes a list of hints
                raise click.BadParameter(error.problem, param_hint=repr(error.option)) from None
            raise click.UsageError(str(error)) from None
        except NarrateError as error:
            fail(str(error))
        except BrokenPipeError:  # `narrate script x.txt | head`: the reader has had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:  # an output or cache folder that cannot be written
            fail(f"{error.filename}: {error.strerror}" if error.filename else str(error))
        except KeyboardInterrupt as error:  # Ctrl-C, SIGTERM, SIGHUP (narrate.signals)
            building = ctx.invoked_subcommand == "build"
            click.echo(signals.message(error, building=building), err=True)
            sys.exit(signals.as_interrupted(error).exit_code)
