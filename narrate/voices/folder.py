"""Where downloaded voices live: $NARRATE_DATA_DIR/voices, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NARRATE_DATA_DIR"


def data_dir() -> Path:
    """$NARRATE_DATA_DIR as given, else the platform's user data folder for narrate (on Linux
    $XDG_DATA_HOME/narrate, else ~/.local/share/narrate). A cluster's workers can share it."""
    given = os.environ.get(ENV_VAR)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("narrate", appauthor=False))


def voices_dir() -> Path:
    """The folder of downloaded voices, one folder per voice (made when the first is added)."""
    return data_dir() / "voices"
