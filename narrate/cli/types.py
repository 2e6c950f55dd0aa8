"""Parameter types the commands share: choices read from a registry, a folder or a URL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from narrate.storage import local_or_url


class LazyChoice(click.Choice):
    """A Choice whose names are read from a registry when the command runs or shows help, so
    engines registered after the CLI is imported are offered too."""

    def __init__(self, names: Callable[[], Sequence[str]]) -> None:
        super().__init__(())
        self._names = names

    @property
    def choices(self) -> Sequence[str]:
        return self._names()

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass


class FolderOrURL(click.ParamType):
    """A folder (a Path), or a storage URL such as s3://bucket/prefix (kept as text)."""

    name = "dir|url"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> object:
        return local_or_url(value) if isinstance(value, str) else value


EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
