"""narrate: turn a written article into accessible, chaptered audio with a transcript.

    import narrate
    editions = narrate.build(["article.md"], narrate.BuildOptions(out_dir=Path("out")))

The API (narrate/api.py) is loaded on first use, so `import narrate` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = ("build", "editions", "plan", "read", "script", "BuildOptions", "ReadOptions",
        "EngineChoice", "Edition")  # fmt: skip
__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    if name in _API:
        from narrate import api

        return getattr(api, name)
    raise AttributeError(f"module 'narrate' has no attribute {name!r}")
