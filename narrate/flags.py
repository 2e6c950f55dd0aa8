"""A command-line flag as data: engines and writers declare their own, the CLI builds them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Flag:
    """One command-line flag for a field of an engine's or a writer's `Options`: the CLI makes
    it a Click option (its default is the field's), and `check` holds an API caller to the same
    range. `kind` bool is an on/off flag; `kind` Path names a file that must exist."""

    name: str  # e.g. "--tld"
    field: str  # the Options field it sets
    help: str
    kind: type = str  # str, int, float, bool or Path
    low: float | None = None
    high: float | None = None
    show_default: bool = False

    def check(self, value: Any) -> str | None:
        """Why `value` cannot be given to this flag, or None."""
        if value is None or self.kind in (bool, str, Path):
            return None
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            return f"{value}; give {self.low:g} to {self.high:g}"
        return None
