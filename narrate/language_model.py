"""py3langid's model, loaded in milliseconds from narrate's cache instead of in 0.6 s.

py3langid ships its model LZMA-compressed (4.4 MB) and decompresses all 68 MB of it each time
it is loaded. The first load here does that once, restricts the model to the languages narrate
chooses among, and keeps the arrays, uncompressed, in `<user cache>/narrate/language-model/`
under a name made of py3langid's version, a digest of its model file and a digest of the
language list: a new py3langid, a changed model or another list makes a new entry. Later loads
map those files into memory, so only the pages the text reaches are read. The identifier is
py3langid's own class, given the same arrays, so its answers are the same (tests hold it).

This module is the only one that knows py3langid's internals (its model file, the fields and
constructor of `LanguageIdentifier`); pyproject.toml pins the version it was written for, and
anything unexpected falls back to py3langid's own loading.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import shutil
import sys
import tempfile
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from py3langid.langid import LanguageIdentifier

log = logging.getLogger(__name__)

ENV_VAR = "NARRATE_MODEL_CACHE_DIR"  # where the cached model goes (default: the user cache)
MANIFEST = "manifest.json"
# the identifier's DFA tables: py3langid walks them with plain indexing, one byte at a time
TABLES = ("tk_nextmove", "tk_row", "tk_output")


def cache_root() -> Path:
    """$NARRATE_MODEL_CACHE_DIR, else `language-model` in narrate's platform cache folder."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("narrate")) / "language-model"


def _package_model() -> tuple[Path, str]:
    """py3langid's model file and version."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE, str(py3langid.__version__)


def entry_name(model: Path, version: str, languages: Sequence[str]) -> str:
    """The cache entry for this py3langid version, model file and language list."""
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    chosen = hashlib.sha256(" ".join(languages).encode()).hexdigest()[:8]
    return f"py3langid-{version}-{digest}-{chosen}-{sys.byteorder}"


def packaged_identifier(languages: Sequence[str]) -> LanguageIdentifier:
    """py3langid's own loading (0.6 s): probabilities, among `languages`."""
    from py3langid.langid import LanguageIdentifier

    model, _ = _package_model()
    identifier = LanguageIdentifier.from_model_file(model, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def identifier(languages: Sequence[str]) -> LanguageIdentifier:
    """py3langid's identifier with probabilities, among `languages`: from the cache, built
    there first if it is missing or damaged; from py3langid's file if the cache cannot be
    used (a read-only home, a full disk, a py3langid that is not the one pinned)."""
    try:
        model, version = _package_model()
        entry = cache_root() / entry_name(model, version, languages)
        cached = _load(entry)
    except (OSError, ValueError, TypeError, AttributeError, KeyError) as error:
        log.debug("the cached language model could not be used (%s); loading py3langid's", error)
        return packaged_identifier(languages)
    if cached is not None:
        return cached
    built = packaged_identifier(languages)
    try:
        _store(built, entry)
    except (OSError, ValueError, TypeError, AttributeError) as error:
        log.debug("the language model could not be cached in %s (%s)", entry, error)
    return built


def _store(built: LanguageIdentifier, entry: Path) -> None:
    """Write `built`'s arrays to `entry`, whole or not at all (a folder renamed into place)."""
    import numpy as np

    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
    try:
        files: dict[str, dict[str, Any]] = {}
        for name in TABLES:
            table = getattr(built, name)
            if not isinstance(table, array):  # py3langid gives tk_output as a list
                table = array("i", table)
            files[name] = {"typecode": table.typecode, "bytes": len(table) * table.itemsize}
            (staging / name).write_bytes(table.tobytes())
        for name, values in (("nb_ptc", built.nb_ptc), ("nb_pc", built.nb_pc)):
            values = np.ascontiguousarray(values)
            files[name] = {"dtype": values.dtype.str, "shape": list(values.shape),
                           "bytes": values.nbytes}  # fmt: skip
            (staging / name).write_bytes(values.tobytes())
        manifest = {"classes": list(built.nb_classes), "files": files}
        (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        try:
            staging.rename(entry)
        except OSError:  # another process stored it first, or a damaged entry is in the way
            if _load(entry) is None:
                shutil.rmtree(entry, ignore_errors=True)
                staging.rename(entry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for old in entry.parent.glob("py3langid-*"):  # an earlier py3langid's or language list's
        if old != entry:
            shutil.rmtree(old, ignore_errors=True)


def _map(path: Path, size: int) -> memoryview:
    """The file's bytes, mapped read-only (never read whole); ValueError if not `size` long."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size != size:
            raise ValueError(f"{path}: not {size} bytes")
        if size == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _load(entry: Path) -> LanguageIdentifier | None:
    """The identifier kept in `entry`, or None when there is none or it is not whole."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        tables = {name: _map(entry / name, files[name]["bytes"]).cast(files[name]["typecode"])
                  for name in TABLES}  # fmt: skip
        import numpy as np

        arrays = {}
        for name in ("nb_ptc", "nb_pc"):
            spec = files[name]
            data = _map(entry / name, spec["bytes"])
            arrays[name] = np.frombuffer(data, dtype=spec["dtype"]).reshape(spec["shape"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        if entry.exists():
            log.debug("cached language model %s is damaged (%s): building it again", entry, error)
        return None
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier(arrays["nb_ptc"], arrays["nb_pc"], list(manifest["classes"]),
                              tables["tk_nextmove"], tables["tk_output"], norm_probs=True,
                              tk_row=tables["tk_row"])  # fmt: skip
