"""narrate: turn a written article into accessible, chaptered audio with a transcript.

    import narrate
    editions = narrate.build(["article.md"], narrate.BuildOptions(out_dir=Path("out")))

The API (narrate/api.py) is loaded on first use, so `import narrate` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what __getattr__ hands out, as the type checker should see it
    from narrate.api import (
        BuildOptions,
        EngineChoice,
        ReadOptions,
        build,
        editions,
        plan,
        read,
        script,
    )
    from narrate.pipeline import Edition

__version__ = "0.1.0"

__all__ = ["build", "editions", "plan", "read", "script", "BuildOptions", "ReadOptions",
           "EngineChoice", "Edition", "__version__"]  # fmt: skip
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> object:
    if name in _API:
        from narrate import api

        return getattr(api, name)
    raise AttributeError(f"module 'narrate' has no attribute {name!r}")
