"""Engines' and writers' own flags (narrate.flags.Flag) as Click options, read from the
registries when a command runs or shows help, so a plug-in brings its flags with it."""

from __future__ import annotations

from pathlib import Path

import click

from narrate.cli.types import EXISTING_FILE
from narrate.engines import engine_flags
from narrate.flags import Flag
from narrate.writers import writer_flags


def click_option(flag: Flag, default: object) -> click.Option:
    """An engine's or a writer's Flag as a Click option."""
    if flag.kind is bool:
        return click.Option([flag.name, flag.field], is_flag=True, help=flag.help)
    kind: object = EXISTING_FILE if flag.kind is Path else flag.kind
    if flag.low is not None or flag.high is not None:
        kind = (click.IntRange if flag.kind is int else click.FloatRange)(flag.low, flag.high)
    return click.Option(
        [flag.name, flag.field],
        type=kind,
        default=default,
        show_default=flag.show_default,
        help=flag.help,
    )


class WithPluginFlags(click.Command):
    """A command whose engine and writer flags come from the registries when it runs or shows
    help (engines' after `--rate`, writers' after `--split-chapters`), so an engine or writer
    registered after the CLI is imported brings its own flags."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        for after, flags in (
            ("split_chapters", [(flag, default) for _, flag, default in writer_flags()]),
            ("rate", engine_flags()),
        ):
            at = next(i for i, param in enumerate(params) if param.name == after) + 1
            params = [*params[:at], *(click_option(*pair) for pair in flags), *params[at:]]
        return params


def engine_settings(fields: dict[str, object]) -> dict[str, object]:
    """Take the engines' flags out of a command's `fields`: {field: value}."""
    return {flag.field: fields.pop(flag.field) for flag, _ in engine_flags()}


def writer_settings(fields: dict[str, object]) -> dict[str, dict[str, object]]:
    """Take the writers' flags out of a command's `fields`: {format: {field: value}}."""
    settings: dict[str, dict[str, object]] = {}
    for writer, flag, _ in writer_flags():
        settings.setdefault(writer, {})[flag.field] = fields.pop(flag.field)
    return settings
