"""Storage by URL (fsspec): the clip cache, the mastering memo and editions on an object store
(`s3://bucket/prefix`) or any other fsspec file system, for builds on a cluster.

`Place.of(location)` decides once what a location is: a `LocalPlace` (a plain path, or a
`file://` URL), a folder handled by the code that always handled it (cache.py, staging.py:
temporary name, then rename), or a `UrlPlace`, whose files go through a `Store`: on an object
store each file is written with one PUT, which the store makes visible whole or not at all; on
another fsspec file system (sftp...) it is written under a temporary name and moved into
place. Keys stay the same content addresses as in a local cache. An edition is always staged
in a local folder (`Place.staging_root`) and then published to its place (`Place.publish`).
"""

from __future__ import annotations

import logging
import posixpath
import secrets
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

from narrate.errors import OutputError
from narrate.plural import count

log = logging.getLogger(__name__)

# fsspec protocols whose writes are single PUTs, atomic by the store's own rule
OBJECT_STORES = {"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "memory"}


def is_remote_location(location: str | Path | None) -> bool:
    """Whether `location` names a remote store (`s3://...`), not a local folder (a storage
    location; where articles come from is narrate.readers.url.is_web_address)."""
    if location is None or isinstance(location, Path):
        return False
    scheme = urlparse(str(location)).scheme
    return len(scheme) > 1 and scheme not in ("file", "local")


def local_or_url(location: str | Path) -> Path | str:
    """A local folder as a Path (`file://` URLs included), a remote one as its URL."""
    text = str(location)
    if is_remote_location(text):
        return text.rstrip("/")
    if text.startswith("file://"):
        return Path(urlparse(text).path)
    return Path(text)


class Store:
    """Files under one URL prefix: read, written whole, listed, removed (relative names)."""

    def __init__(self, url: str):
        import fsspec

        self.url = url.rstrip("/")
        try:
            # no listings cache: other workers write here too
            self.fs, self.root = fsspec.core.url_to_fs(self.url, use_listings_cache=False)
        except (ImportError, ValueError) as error:
            raise OutputError(
                f"{url}: cannot open this storage ({error}); "
                'install narrate-audio[cluster] for s3:// (s3fs)'
            ) from None
        self.root = self.root.rstrip("/")
        protocol = self.fs.protocol
        protocols = {protocol} if isinstance(protocol, str) else set(protocol)
        self.single_put = bool(protocols & OBJECT_STORES)

    def __reduce__(self) -> tuple[type[Store], tuple[str]]:
        # sent to cluster workers as its URL; each opens its own client
        return (Store, (self.url,))

    def child(self, name: str) -> Store:
        return Store(f"{self.url}/{name}")

    def url_of(self, name: str) -> str:
        return f"{self.url}/{name}"

    def _path(self, name: str) -> str:
        return posixpath.join(self.root, name) if name else self.root

    def exists(self, name: str) -> bool:
        return bool(self.fs.exists(self._path(name)))

    def size(self, name: str) -> int | None:
        """The size in bytes of `name`, or None when it is not there."""
        try:
            return int(self.fs.size(self._path(name)))
        except FileNotFoundError:
            return None

    def read_bytes(self, name: str) -> bytes | None:
        """The bytes of `name`, or None when it is not there."""
        try:
            data: bytes = self.fs.cat_file(self._path(name))  # fsspec is untyped
        except FileNotFoundError:
            return None
        return data

    def download(self, name: str, dest: Path) -> bool:
        """Copy `name` to the local `dest` (through a temporary name); False when missing."""
        from narrate.fs import write_atomic

        data = self.read_bytes(name)
        if data is None:
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(dest, data, sync=False)
        return True

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write `data` as `name`, appearing whole: one PUT, or a temporary name then a move."""
        path = self._path(name)
        try:
            if self.single_put:
                self.fs.pipe_file(path, data)
                return
            tmp = posixpath.join(posixpath.dirname(path), f".{posixpath.basename(path)}.tmp-"
                                 f"{secrets.token_hex(6)}")  # fmt: skip
            self.fs.makedirs(posixpath.dirname(path), exist_ok=True)
            self.fs.pipe_file(tmp, data)
            self.fs.mv(tmp, path)
        except OSError as error:
            raise OutputError(f"cannot write {self.url_of(name)}: {error}") from error

    def upload(self, source: Path, name: str) -> None:
        self.write_bytes(name, source.read_bytes())

    def names(self, pattern: str) -> list[str]:
        """Names (relative to the prefix) matching a glob `pattern`, sorted."""
        found = self.fs.glob(self._path(pattern))
        start = len(self.root) + 1 if self.root else 0
        return sorted(str(path)[start:] for path in found)

    def remove(self, name: str) -> None:
        try:
            self.fs.rm_file(self._path(name))
        except FileNotFoundError:
            pass

    def check_reachable(self) -> None:
        """Fail in one line when the store cannot be listed (no bucket, no access, no server)."""
        try:
            self.fs.ls(self.root, detail=False)
        except FileNotFoundError:
            if "/" not in self.root:  # the bucket itself is missing
                raise OutputError(f"{self.url}: no such bucket or folder") from None
        except Exception as error:  # botocore and aiohttp raise their own families
            raise OutputError(f"{self.url}: cannot reach the storage ({error})") from None


def publish_folder(folder: Path, store: Store) -> list[str]:
    """Upload the finished edition `folder` to `store` (the edition's own prefix), so that it
    appears only when complete: an earlier edition's manifest is removed first, every other
    file is uploaded, the new manifest.json last, then the earlier edition's files that the
    new one lacks are removed. A reader goes by the manifest (as `narrate feed` does), so it
    sees the old edition, then none, then the new one, never a mixture. The names written."""
    from narrate.manifest import FILENAME as MANIFEST

    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    earlier = set(store.names("**")) if store.exists("") else set()
    store.remove(MANIFEST)
    for name in files:
        if name != MANIFEST:
            store.upload(folder / name, name)
    store.upload(folder / MANIFEST, MANIFEST)
    for name in sorted(earlier - set(files)):
        if not store.fs.isdir(store._path(name)):
            store.remove(name)
    log.info("published %s (%s)", store.url, count(len(files), "file"))
    return files


class Place(ABC):
    """Where editions, a feed or a cache live: a local folder or a URL, decided once by
    `Place.of`, so that its users stage, publish and read without asking which it is."""

    is_remote: ClassVar[bool]  # files reached through a Store, not the local file system
    previews_here: ClassVar[bool]  # a listener here can play chapter previews while it builds

    @staticmethod
    def of(location: str | Path | Place) -> Place:
        """The place `location` names: a LocalPlace for a path or a `file://` URL (a Path is
        always local), a UrlPlace for any other URL (`s3://bucket/prefix`)."""
        if isinstance(location, Place):
            return location
        if isinstance(location, Path):
            return LocalPlace(location)
        found = local_or_url(location)
        return LocalPlace(found) if isinstance(found, Path) else UrlPlace(found)

    @abstractmethod
    def child(self, name: str) -> Place:
        """The place `name` inside this one (an edition's folder or prefix)."""

    @abstractmethod
    def check_writable(self) -> None:
        """Fail in one line (OutputError) when nothing can be written here."""

    @abstractmethod
    def staging_root(self) -> AbstractContextManager[Path]:
        """A context giving the local folder editions for this place are staged and published
        in: the folder itself, or a scratch folder (removed at the end) whose editions are then
        uploaded by `publish`."""

    @abstractmethod
    def check_published(self, check: Callable[[Store], None]) -> None:
        """Run `check` on what is published here when that is not the staging folder (a URL);
        a local folder's editions are checked where they are staged (narrate.staging)."""

    @abstractmethod
    def publish(self, folder: Path, check: Callable[[Store], None]) -> str | None:
        """Make the finished edition `folder` (published in `staging_root`) this place's
        content, running `check` on what is here just before: nothing to do for a local
        folder (None), an upload for a URL (its URL)."""


class LocalPlace(Place):
    """A folder on this machine."""

    is_remote = False
    previews_here = True

    def __init__(self, path: Path):
        self.path = Path(path)

    def __str__(self) -> str:
        return str(self.path)

    def __repr__(self) -> str:
        return f"LocalPlace({str(self.path)!r})"

    def child(self, name: str) -> LocalPlace:
        return LocalPlace(self.path / name)

    def check_writable(self) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"{self.path}: cannot make the output folder: {error.strerror}"
            ) from None

    @contextmanager
    def staging_root(self) -> Iterator[Path]:
        yield self.path

    def check_published(self, check: Callable[[Store], None]) -> None:
        return None

    def publish(self, folder: Path, check: Callable[[Store], None]) -> str | None:
        return None


class UrlPlace(Place):
    """A prefix on an object store or another fsspec file system (`s3://bucket/prefix`); its
    Store (and the fsspec client) is opened when first used."""

    is_remote = True
    previews_here = False  # the edition is uploaded whole at the end: nothing to play before

    def __init__(self, url: str):
        self.url = url.rstrip("/")

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"UrlPlace({self.url!r})"

    @cached_property
    def store(self) -> Store:
        return Store(self.url)

    def child(self, name: str) -> UrlPlace:
        return UrlPlace(f"{self.url}/{name}")

    def check_writable(self) -> None:
        self.store.check_reachable()

    @contextmanager
    def staging_root(self) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="narrate-out-") as scratch:
            yield Path(scratch)

    def check_published(self, check: Callable[[Store], None]) -> None:
        check(self.store)

    def publish(self, folder: Path, check: Callable[[Store], None]) -> str | None:
        """Uploaded whole, its manifest last (publish_folder)."""
        check(self.store)
        publish_folder(folder, self.store)
        return self.store.url
