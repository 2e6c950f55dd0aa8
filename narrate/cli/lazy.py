"""A Click group whose commands are imported when they run, as in Click's "Lazily Loading
Subcommands" and pip's commands/__init__.py: the group knows each command's module and short
help, so `--help` lists them all without importing one."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click
from click.utils import make_default_short_help


class LazyGroup(click.Group):
    """`lazy_commands` maps a command's name to (its module, its short help); the module
    defines the command under the same name. The group reads the mapping it was given, so a
    line added to it later is a command too."""

    def __init__(
        self,
        *args: Any,  # click.Group's own, passed on
        lazy_commands: Mapping[str, tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands if lazy_commands is not None else {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy_commands:
            return super().get_command(ctx, cmd_name)
        module = importlib.import_module(self.lazy_commands[cmd_name][0])
        command = getattr(module, cmd_name)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module.__name__}.{cmd_name} is not a Click command")
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their short help, as Click lays them out, from the table (a
        command already loaded is not asked: the listing is the same either way)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy_commands:
                rows.append((name, make_default_short_help(self.lazy_commands[name][1], limit)))
            else:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
