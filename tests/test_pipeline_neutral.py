"""The pipeline knows no profile and no kind of storage: what a writer needs it declares (its
audio, the lines it needs spoken), and where editions go is a storage.Place that decides for
itself how to stage and publish. Read from pipeline.py's source, as a reviewer would."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from narrate.profiles import PROFILES

SOURCE = Path(__file__).parents[1] / "narrate" / "pipeline.py"
TREE = ast.parse(SOURCE.read_text(encoding="utf-8"))
PROFILE_NAMES = {"podcast", "accessible", "phone", *PROFILES}


def _is_module(name: str) -> bool:
    """Whether the dotted `name` is a module or package of narrate's source tree."""
    path = SOURCE.parents[1].joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported_modules() -> set[str]:
    """Every module pipeline.py imports, `from narrate.x import y` counting as `narrate.x.y`
    when y is a module."""
    found = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if _is_module(f"{node.module}.{alias.name}"))  # fmt: skip
    return found


def test_the_pipeline_imports_no_writer_module_by_name() -> None:
    """Only the writers package itself: its registry, the hooks it asks every writer
    (audio_needs, extra_speech) and the checks it exports."""
    named = {m for m in _imported_modules() if m.startswith("narrate.writers.")}
    assert not named, f"pipeline.py imports writer modules {sorted(named)}; use narrate.writers"
    assert "narrate.writers" in _imported_modules()  # the test reads the imports it should


def test_the_pipeline_names_no_profile() -> None:
    words = re.compile(r"\b(" + "|".join(sorted(PROFILE_NAMES)) + r")\b", re.IGNORECASE)
    strings = [
        node.value
        for node in ast.walk(TREE)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    named = [text for text in strings if words.search(text)]
    assert not named, f"pipeline.py names a profile in {named}"
    identifiers = {node.id for node in ast.walk(TREE) if isinstance(node, ast.Name)}
    identifiers |= {node.attr for node in ast.walk(TREE) if isinstance(node, ast.Attribute)}
    assert not {name for name in identifiers if words.search(name.replace("_", " "))}


def test_the_pipeline_does_not_branch_on_urls() -> None:
    names = {node.id for node in ast.walk(TREE) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(TREE) if isinstance(node, ast.Attribute)}
    names |= {alias.name for node in ast.walk(TREE) if isinstance(node, ast.ImportFrom)
              for alias in node.names}  # fmt: skip
    asks = {"is_url", "is_remote", "is_remote_location", "is_web_address", "UrlPlace",
            "LocalPlace", "Store", "publish_folder", "tempfile"}  # fmt: skip
    assert not names & asks, f"pipeline.py asks what its storage is: {sorted(names & asks)}"
    assert not any(
        isinstance(node, ast.Constant) and isinstance(node.value, str) and "://" in node.value
        for node in ast.walk(TREE)
    )


def test_each_meaning_of_url_has_its_own_name() -> None:
    """Where an article comes from (readers.url.is_web_address) and where editions go
    (storage.Place, storage.is_remote_location): no module defines or imports an `is_url`."""
    package = SOURCE.parent
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            defined = isinstance(node, ast.FunctionDef) and node.name == "is_url"
            imported = isinstance(node, ast.ImportFrom) and any(
                alias.name == "is_url" for alias in node.names
            )
            assert not (defined or imported), f"{path.relative_to(package.parent)} has is_url"
