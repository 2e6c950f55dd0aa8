"""py3langid's model, from narrate's cache, answering in milliseconds instead of 0.7 s.

py3langid ships its model LZMA-compressed (4.4 MB) and decompresses all 68 MB of it, then
imports numpy, each time it is loaded. The first load here does that once, restricts the model
to the languages narrate chooses among, and keeps the arrays uncompressed in
`<user cache>/narrate/language-model/` ($NARRATE_MODEL_CACHE_DIR), in an entry named after a
digest of py3langid's code and of the language list; the entry's manifest keeps the digest of
the model file it came from (checked again whenever the file's size or time changes). Later
runs map the entry's files into memory, so only the pages a text reaches are read.

`Detector.decide` walks py3langid's byte automaton and sums its naive Bayes scores in plain
Python, without numpy, and answers when the answer is clear by a wide margin (`MARGIN`, far
beyond float32's rounding in py3langid's sums); a borderline text is scored by py3langid's own
`LanguageIdentifier` over the same arrays (numpy is imported then), so every answer is the one
py3langid gives. The plain-Python scoring mirrors py3langid's code as it is in the version
pinned in pyproject.toml (`MIRRORED`, a digest of its langid.py): with any other py3langid
every text goes to py3langid's own classifier. This module is the only one that knows
py3langid's internals.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import mmap
import os
import struct
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from narrate import model_cache

if TYPE_CHECKING:  # pragma: no cover
    from py3langid.langid import LanguageIdentifier

log = logging.getLogger(__name__)

ENV_VAR = model_cache.ENV_VAR  # where the cached model goes (default: the user cache)
MANIFEST = "manifest.json"
MODEL_FILE = Path("data") / "model.npz.xz"  # in py3langid's package folder
CODE_FILES = ("langid.py", "modelio.py")  # what makes the identifier, beside the model
# sha256 of py3langid 0.4.0's langid.py, the code Detector's plain-Python scoring mirrors
MIRRORED = "87dd47f1253b2adc6f82ed96f53e385a80bbde4f3627741cc516e7d0dd4a55d5"
# how clear an answer must be to be given without py3langid's own float32 sums: its
# probability this far from the threshold, and this far above the runner-up's
MARGIN = 0.05
# the identifier's byte automaton: py3langid walks it with plain indexing
TABLES = ("tk_nextmove", "tk_row", "tk_output")


def cache_root() -> Path:
    """$NARRATE_MODEL_CACHE_DIR, else `language-model` in narrate's platform cache folder."""
    return model_cache.cache_root("language-model", in_the_root=True)


def package_folder() -> Path:
    """py3langid's installed folder, found without importing it (which imports numpy)."""
    spec = find_spec("py3langid")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("py3langid is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def code_digest(package: Path) -> str:
    """sha256 of py3langid's langid.py and modelio.py."""
    digest = hashlib.sha256()
    for name in CODE_FILES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def entry_name(package: Path, languages: Sequence[str]) -> str:
    """The cache entry for this py3langid (its code) and language list."""
    chosen = hashlib.sha256(" ".join(languages).encode()).hexdigest()[:8]
    return f"py3langid-{code_digest(package)[:16]}-{chosen}-{sys.byteorder}"


def _model_stamp(model: Path) -> list[int]:
    stat = model.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _model_digest(model: Path) -> str:
    return hashlib.sha256(model.read_bytes()).hexdigest()


def packaged_identifier(languages: Sequence[str]) -> LanguageIdentifier:
    """py3langid's own loading (0.7 s): probabilities, among `languages`."""
    from py3langid.langid import LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(package_folder() / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


@dataclass
class Detector:
    """Names the language of a text as py3langid would, among the languages it was made for.
    `tables` are the cached arrays (None when the cache cannot be used); `exact` is
    py3langid's identifier, made from them when a borderline text first needs it."""

    languages: tuple[str, ...]
    entry: Path | None = None
    tables: _Tables | None = None
    exact: LanguageIdentifier | None = None
    mirrored: bool = False  # py3langid's code is the one the plain-Python scoring mirrors
    exact_answers: int = field(default=0, init=False)  # borderline texts py3langid scored

    def classify(self, text: str) -> tuple[str, float]:
        """py3langid's (language, probability) for `text`."""
        if self.exact is None:
            loaded = _exact_from(self.entry) if self.entry else None
            self.exact = loaded or packaged_identifier(self.languages)
        language, confidence = self.exact.classify(text)
        return str(language), float(confidence)

    def decide(self, text: str, min_confidence: float) -> str | None:
        """The language of `text` when py3langid gives it at least `min_confidence`, else
        None; computed without numpy when the answer is clear by `MARGIN`."""
        if self.tables is not None and self.mirrored:
            try:
                ranked = self.tables.probabilities(text)
            except (IndexError, struct.error, ValueError, OverflowError) as error:
                log.warning("the cached language model in %s is damaged (%s): it is built "
                            "again on the next run", self.entry, error)  # fmt: skip
                if self.entry is not None:
                    (self.entry / MANIFEST).unlink(missing_ok=True)
                self.tables, ranked = None, None
            if ranked is not None:
                (best, confidence), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
                if confidence - second >= 2 * MARGIN:
                    if confidence >= min_confidence + MARGIN:
                        return best
                    if confidence < min_confidence - MARGIN:
                        return None
        self.exact_answers += 1
        language, confidence = self.classify(text)
        return language if confidence >= min_confidence else None


@dataclass
class _Tables:
    """The cached model's arrays, mapped from its files, read with plain Python."""

    classes: list[str]
    nextmove: memoryview  # next state: nextmove[(row[state] << 8) + byte]
    row: memoryview
    output: memoryview  # the feature a state completes, or -1
    ptc: memoryview  # per feature, one float16 log-probability per class
    pc: list[float]  # per class, its log prior

    def _features(self, data: bytes) -> Counter[int]:
        """How often each feature occurs in `data` (py3langid's visit_counts)."""
        nextmove, row, output = self.nextmove, self.row, self.output
        state, found = 0, []
        for byte in data:
            state = nextmove[(row[state] << 8) + byte]
            if output[state] >= 0:
                found.append(output[state])
        return Counter(found)

    def probabilities(self, text: str) -> list[tuple[str, float]] | None:
        """Each language's probability for `text`, best first (py3langid's with norm_probs,
        computed in double precision), or None for a text with no features."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        features = self._features(data)
        if not features:
            return None
        width = len(self.classes)
        scores = list(self.pc)
        unpack = struct.Struct(f"={width}e").unpack_from
        for feature, times in features.items():
            weight, row = math.log1p(times), unpack(self.ptc, feature * width * 2)
            scores = [s + weight * p for s, p in zip(scores, row, strict=True)]
        scale = 1.0 / math.sqrt(len(data) or 1)
        top = max(scores) * scale
        exps = [math.exp(s * scale - top) for s in scores]
        total = sum(exps)
        merged: dict[str, float] = {}  # a label given twice (srl->sr): its values summed
        for language, value in zip(self.classes, exps, strict=True):
            merged[language] = merged.get(language, 0.0) + value / total
        return sorted(merged.items(), key=lambda pair: pair[1], reverse=True)


def detector(languages: Sequence[str]) -> Detector:
    """A Detector among `languages`: from the cache, built there first if it is missing or
    damaged; on py3langid's own loading alone if the cache cannot be used (a read-only home, a
    full disk)."""
    chosen = tuple(languages)
    try:
        package = package_folder()
        mirrored = hashlib.sha256((package / "langid.py").read_bytes()).hexdigest() == MIRRORED
        entry = cache_root() / entry_name(package, chosen)
        tables = _tables(entry, package / MODEL_FILE)
    except (OSError, ValueError) as error:
        log.debug("the cached language model could not be used (%s); loading py3langid's", error)
        return Detector(chosen, exact=packaged_identifier(chosen))
    if tables is not None:
        return Detector(chosen, entry, tables, mirrored=mirrored)
    built = packaged_identifier(chosen)
    try:
        _store(built, entry, package / MODEL_FILE)
        tables = _tables(entry, package / MODEL_FILE)
    except (OSError, ValueError) as error:
        log.debug("the language model could not be cached in %s (%s)", entry, error)
        return Detector(chosen, exact=built)
    return Detector(chosen, entry, tables, exact=built, mirrored=mirrored)


def _store(built: LanguageIdentifier, entry: Path, model: Path) -> None:
    """Write `built`'s arrays to `entry`, whole or not at all (a folder renamed into place,
    its files on the disk first), and remove leftovers (`_remove_leftovers`)."""
    import shutil
    import tempfile

    import numpy as np

    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
    try:
        files: dict[str, dict[str, Any]] = {}
        for name in TABLES:
            table = getattr(built, name)
            if not isinstance(table, array):  # py3langid gives tk_output as a list
                table = array("i", table)
            data = table.tobytes()
            files[name] = {"typecode": table.typecode, "bytes": len(data),
                           "sampled": model_cache.sampled_digest(data)}  # fmt: skip
            model_cache.write_synced(staging / name, data)
        for name, typed in (("nb_ptc", "float16"), ("nb_pc", "float32")):
            values = np.ascontiguousarray(getattr(built, name), dtype=typed)
            data = values.tobytes()
            sampled = model_cache.sampled_digest(data)
            files[name] = {"dtype": values.dtype.str, "shape": list(values.shape),
                           "bytes": len(data), "sampled": sampled}  # fmt: skip
            model_cache.write_synced(staging / name, data)
        made_from = {"sha256": _model_digest(model), "stamp": _model_stamp(model)}
        manifest = {"classes": list(built.nb_classes), "files": files, "model": made_from}
        model_cache.write_synced(staging / MANIFEST, json.dumps(manifest).encode("utf-8"))
        try:
            staging.rename(entry)
        except OSError:  # another process stored it first, or a damaged entry is in the way
            if _tables(entry, model) is None:
                shutil.rmtree(entry, ignore_errors=True)
                staging.rename(entry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_leftovers(entry)


STALE_SECONDS = model_cache.STALE_SECONDS  # another entry left this long is removed
STAGING_STALE_SECONDS = 3600  # a staging folder this old was left by a killed build


def _remove_leftovers(entry: Path) -> None:
    """Remove this cache's other entries unused for STALE_SECONDS (another py3langid or
    language list; an install sharing the cache keeps its own meanwhile) and staging folders
    of killed builds. Only folders holding this module's manifest are taken."""
    import shutil
    import time

    now = time.time()
    for old in entry.parent.glob("py3langid-*"):
        try:
            stale = now - (old / MANIFEST).stat().st_mtime > STALE_SECONDS
        except OSError:
            continue  # not an entry of this module: never touched
        if old != entry and stale:
            shutil.rmtree(old, ignore_errors=True)
    for staging in entry.parent.glob(".py3langid-*"):
        try:
            left = now - staging.stat().st_mtime > STAGING_STALE_SECONDS
        except OSError:
            continue
        if left and staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)


def _map(path: Path, size: int) -> memoryview:
    """The file's bytes, mapped read-only (never read whole); ValueError if not `size` long."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size != size or size == 0:
            raise ValueError(f"{path}: not {size} bytes")
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _manifest(entry: Path, model: Path) -> dict[str, Any]:
    """The entry's manifest, if it was made from `model` as it is now (ValueError if not)."""
    manifest: dict[str, Any] = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    made_from = manifest["model"]
    if made_from["stamp"] != _model_stamp(model) and made_from["sha256"] != _model_digest(model):
        raise ValueError(f"{entry} was made from another {model.name}")
    return manifest


def _tables(entry: Path, model: Path) -> _Tables | None:
    """The arrays kept in `entry`, or None when there is none, it is not whole, or it was
    made from another model file."""
    try:
        manifest = _manifest(entry, model)
        files = manifest["files"]
        mapped = {name: _map(entry / name, files[name]["bytes"]) for name in files}
        for name, table in mapped.items():
            if model_cache.sampled_digest(table) != files[name]["sampled"]:
                raise ValueError(f"{entry / name}: its contents changed")
        tables = {name: mapped[name].cast(files[name]["typecode"]) for name in TABLES}
        classes = [str(language) for language in manifest["classes"]]
        rows, width = files["nb_ptc"]["shape"]
        if (width, files["nb_ptc"]["dtype"], files["nb_pc"]["dtype"]) != (len(classes), "<f2",
                                                                          "<f4"):  # fmt: skip
            raise ValueError(f"{entry}: not the arrays this module writes")
        pc = [float(value) for value in mapped["nb_pc"].cast("f")]
    except (OSError, ValueError, KeyError, TypeError) as error:
        if entry.exists():
            log.debug("cached language model %s is unusable (%s): building it again", entry, error)
        return None
    return _Tables(classes, tables["tk_nextmove"], tables["tk_row"], tables["tk_output"],
                   mapped["nb_ptc"], pc)  # fmt: skip


def _exact_from(entry: Path) -> LanguageIdentifier | None:
    """py3langid's identifier over the arrays kept in `entry` (imports numpy)."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        mapped = {name: _map(entry / name, files[name]["bytes"]) for name in files}
    except (OSError, ValueError, KeyError) as error:
        log.debug("cached language model %s is not usable (%s)", entry, error)
        return None
    tables = {name: mapped[name].cast(files[name]["typecode"]) for name in TABLES}
    arrays = {name: np.frombuffer(mapped[name], dtype=files[name]["dtype"]).reshape(
        files[name]["shape"]) for name in ("nb_ptc", "nb_pc")}  # fmt: skip
    return LanguageIdentifier(arrays["nb_ptc"], arrays["nb_pc"], list(manifest["classes"]),
                              tables["tk_nextmove"], tables["tk_output"], norm_probs=True,
                              tk_row=tables["tk_row"])  # fmt: skip
