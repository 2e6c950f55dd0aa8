"""The clip cache: content-addressed WAV files, each with a sidecar holding its length and
BLAKE2b digest, both written atomically, so a crash leaves none broken and damage is caught.

`<root>/<key[:2]>/<key>.wav` and `<key>.wav.b2` ("<bytes> <digest>"). The sidecar is written
first: a crash between the two leaves a miss, not a clip without its check. A clip that does
not match its sidecar (truncated, zeroed, overwritten) is reported once as a warning, deleted
and made again. A clip without a sidecar (kept by narrate before sidecars) is taken when its
WAV header agrees with its length, and gets one. Reading a clip marks it used (its time of
last modification), which `prune` goes by.

A cache at a URL (`s3://bucket/prefix`, narrate.storage) keeps the same keys there, and a
scratch mirror of what one build (or task) used, removed after it: a clip is fetched from the
store with its sidecar and checked as any clip, and a new clip is written to both, sidecar
first, each upload one PUT. The store is the only copy that outlives the build, so what one
worker finds every other finds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir

from narrate import checksum
from narrate._pydub import AudioSegment
from narrate.checksum import Fingerprint
from narrate.fs import write_atomic
from narrate.storage import Store, is_remote_location
from narrate.wav import mono16_wav_bytes

ENV_VAR = "NARRATE_CACHE_DIR"
SIDECAR = ".b2"
WAV_HEADER_BYTES = 44
log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """$NARRATE_CACHE_DIR as given (like --cache-dir), else the platform's cache folder."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else Path(user_cache_dir("narrate")) / "clips"


def open_cache(
    location: str | Path | None, *, enabled: bool = True, keep_mirror: bool = False
) -> ClipCache:
    """The clip cache at `location` (a folder, a URL, or None for the default folder). A URL's
    clips are mirrored in a scratch folder removed at close(), or with `keep_mirror` in a
    folder of its own under the default cache folder, whose paths outlive the cache."""
    if not is_remote_location(location):
        return ClipCache(Path(location) if location else default_cache_dir(), enabled=enabled)
    if keep_mirror:
        name = hashlib.sha256(str(location).encode()).hexdigest()[:16]
        mirror = default_cache_dir() / "mirrors" / name
        return ClipCache(mirror, enabled=enabled, remote=Store(str(location)))
    scratch = tempfile.TemporaryDirectory(prefix="narrate-mirror-")
    return ClipCache(Path(scratch.name), enabled=enabled, remote=Store(str(location)),
                     _scratch=scratch)  # fmt: skip


def clip_problem(path: Path) -> str | None:
    """What is wrong with the clip at `path` (None: it is sound): checked against its sidecar,
    else (a clip from before sidecars) its WAV header against its length."""
    try:
        expected = Fingerprint.parse(Path(f"{path}{SIDECAR}").read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError):
        expected = None
    try:
        if expected is not None:
            found = checksum.of_file(path)
            if found.size != expected.size:
                return f"{found.size} bytes where {expected.size} were kept"
            return None if found == expected else "its content changed (digest mismatch)"
        return _header_problem(path)
    except OSError as error:
        return f"cannot be read ({error.strerror})"


def _header_problem(path: Path) -> str | None:
    try:
        with wave.open(str(path), "rb") as wav:
            data_bytes = wav.getnframes() * wav.getsampwidth() * wav.getnchannels()
            if wav.getnframes() == 0:
                return "holds no audio"
    except (wave.Error, EOFError) as error:
        return f"is not a WAV file ({error or 'it ends inside its header'})"
    if path.stat().st_size < data_bytes + WAV_HEADER_BYTES:
        return "is shorter than its header says (truncated)"
    return None


@dataclass
class ClipCache:
    """WAV clips stored under their cache key; `enabled=False` keeps clips for one run only."""

    root: Path
    enabled: bool = True
    remote: Store | None = None  # the shared cache at a URL; `root` then mirrors it
    _checked: set[str] = field(default_factory=set, repr=False)
    _scratch: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.enabled and self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="narrate-")
            self.root = Path(self._scratch.name)
        self.root = Path(self.root)

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    @staticmethod
    def name_for(key: str) -> str:
        """The clip's name relative to the cache's root (the same in a folder and a store)."""
        return f"{key[:2]}/{key}.wav"

    @property
    def location(self) -> str:
        """Where the cache lives, as a user named it: its URL, or its folder."""
        return self.remote.url if self.remote else str(self.root)

    def get(self, key: str) -> Path | None:
        """The clip's path when it is cached and sound, else None (a damaged clip is reported,
        deleted, and so made again). Each clip is checked once per run."""
        path = self.path_for(key)
        if key in self._checked:
            return path
        if not path.is_file() and not self._pull(key):
            return None
        problem = clip_problem(path)
        if problem:
            log.warning("damaged clip in the cache, made again: %s %s", path, problem)
            remove_clip(path)
            return None
        if not Path(f"{path}{SIDECAR}").exists():  # a clip from before sidecars
            try:
                sidecar = checksum.of_file(path).line().encode()
                write_atomic(Path(f"{path}{SIDECAR}"), sidecar, sync=False)
            except OSError:  # a cache shared read-only: checked by its header this time
                pass
        _touch(path)
        self._checked.add(key)
        return path

    def put(self, key: str, audio: AudioSegment) -> Path:
        """Store `audio` under `key` as 16-bit mono WAV, its sidecar first."""
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        pcm = audio.set_channels(1).set_sample_width(2).raw_data
        data = mono16_wav_bytes(pcm, audio.frame_rate)
        write_atomic(Path(f"{path}{SIDECAR}"), checksum.of_bytes(data).line().encode(), sync=False)
        write_atomic(path, data, sync=False)
        if self.remote and self.enabled:
            name = self.name_for(key)
            self.remote.write_bytes(f"{name}{SIDECAR}", Path(f"{path}{SIDECAR}").read_bytes())
            self.remote.write_bytes(name, data)
        self._checked.add(key)
        return path

    def _pull(self, key: str) -> bool:
        """Fetch the clip of `key` and its sidecar from the shared store into the mirror."""
        if not (self.remote and self.enabled):
            return False
        name, path = self.name_for(key), self.path_for(key)
        if not self.remote.download(f"{name}{SIDECAR}", Path(f"{path}{SIDECAR}")):
            return False
        return self.remote.download(name, path)

    def clips(self) -> Iterator[Path]:
        """Every clip in the cache."""
        yield from sorted(self.root.glob("??/*.wav"))

    def close(self) -> None:
        if self._scratch:
            self._scratch.cleanup()


def remove_clip(path: Path) -> None:
    """Delete a clip and its sidecar."""
    path.unlink(missing_ok=True)
    Path(f"{path}{SIDECAR}").unlink(missing_ok=True)


def _touch(path: Path) -> None:
    """Mark a clip used now, for `prune` (a read-only cache is still read)."""
    try:
        os.utime(path)
    except OSError:
        pass
