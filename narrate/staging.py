"""Edition folders: staged under a name that records its owner, published under a lock.

A build stages its edition in `.<name>.tmp-<pid>-<start>-<random>` beside its final folder
`<name>` (`<slug>`, or `<slug>.<profile>` for the profiles other than podcast);
the owner's process id and start time let the next build in that folder tell a staging
folder whose owner was killed (`kill -9`, a power cut) from one still being written, and
remove it. Publishing holds an exclusive `flock` on the output folder itself (no lock file is
left behind; the swap takes milliseconds, so one lock per folder costs nothing), so two builds
of one article never rename the same folder at once: both succeed, the last one wins.
An edition of another source under the same slug (in any profile's folder), or one of another
profile in the folder itself, is refused unless `overwrite` is set (`Claim`).
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

from narrate import manifest as manifest_file
from narrate.errors import OutputError
from narrate.ffmpeg import NO_SPACE
from narrate.plural import count
from narrate.profiles import PROFILES
from narrate.storage import Store

log = logging.getLogger(__name__)

OWNED = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)-(?P<start>\d+)-[0-9a-f]+$")


def _owner_tag(pid: int | None = None) -> str:
    """`<pid>-<start time in centiseconds>` of this (or that) process."""
    process = psutil.Process(pid)
    return f"{process.pid}-{round(process.create_time() * 100)}"


def _alive(pid: int, start: int) -> bool:
    try:
        return round(psutil.Process(pid).create_time() * 100) == start
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


def owner_tag() -> str:
    """This process's owner tag, `<pid>-<start>`: what a folder it owns records."""
    return _owner_tag()


def owner_alive(tag: str) -> bool:
    """Whether the process `owner_tag` named is still running (False for a tag not of that
    form): a folder it owned is left by a build that was killed."""
    pid, _, start = tag.strip().partition("-")
    return pid.isdigit() and start.isdigit() and _alive(int(pid), int(start))


def owned_name(name: str, kind: str) -> str:
    """A hidden folder name for the edition folder `name` owned by this process: kind is "tmp"
    or "old"."""
    return f".{name}.{kind}-{_owner_tag()}-{secrets.token_hex(4)}"


def make_staging(out_dir: Path, name: str) -> Path:
    """A new staging folder for the edition folder `name` in `out_dir` (readable by all, like
    an edition)."""
    staging = out_dir / owned_name(name, "tmp")
    staging.mkdir(mode=0o755)
    staging.chmod(0o755)  # whatever the umask: an edition is meant to be shared
    return staging


def remove_stale(out_dir: Path) -> list[Path]:
    """Remove the staging and retired folders in `out_dir` whose owner is gone; their paths."""
    removed: list[Path] = []
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = OWNED.match(entry.name)
        if match and entry.is_dir() and not _alive(int(match["pid"]), int(match["start"])):
            final = out_dir / match["name"]
            if match["kind"] == "old" and not final.exists():
                try:  # killed mid-swap: the earlier edition comes back
                    os.rename(entry, final)
                    log.info("restored %s, which an interrupted build had moved aside", final)
                except OSError:  # another build restored it, or published one, first
                    pass
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    if removed:
        folders = count(len(removed), "folder")
        log.info("removed %s left by interrupted builds in %s", folders, out_dir)
    return removed


class SourceClash(OutputError):
    """The edition folder holds an edition of another article with the same slug."""


class ProfileClash(OutputError):
    """The edition folder holds an edition of another profile (written before each profile
    had its own folder)."""


@dataclass(frozen=True)
class Claim:
    """What a build may replace: an edition of the same source (the same `location`, an edited
    article rebuilt, or the same text, `sha256`, an article moved) and the same `profile`.
    `kin`: the folder names of the article's editions in other profiles, beside its own, which
    must narrate the same source too. `overwrite` lifts every check; `profile` None skips the
    profile's (a folder that holds one profile's editions)."""

    location: str
    sha256: str
    overwrite: bool = False
    profile: str | None = None
    kin: tuple[str, ...] = ()


def check_same_source(final: Path, claim: Claim) -> None:
    """Refuse to replace an edition of another source or profile in `final`, or to put one
    beside an edition of another source in a kin folder, unless `claim.overwrite`."""
    if claim.overwrite:
        return
    for folder in (final, *(final.parent / name for name in claim.kin)):
        kept = _kept_manifest(folder)
        if kept is not None:
            _refuse_other_source(kept, str(folder), claim, beside=folder != final)
            if folder == final:
                _refuse_other_profile(kept, str(folder), claim)


def _kept_manifest(folder: Path) -> manifest_file.Manifest | None:
    path = folder / manifest_file.FILENAME
    if not path.exists():
        return None
    try:
        return manifest_file.load(path)
    except manifest_file.ManifestError:
        return None  # a damaged edition: replacing it loses nothing


def check_same_source_at(store: Store, claim: Claim) -> None:
    """check_same_source for an edition published at a URL (`store`: its own prefix; its kin
    are its siblings under the same parent)."""
    if claim.overwrite:
        return
    parent, own = store.url.rsplit("/", 1)
    for name in (own, *claim.kin):
        url = f"{parent}/{name}"
        data = Store(url).read_bytes(manifest_file.FILENAME)
        if data is None:
            continue
        try:
            kept = manifest_file.parse(json.loads(data), Path(url) / manifest_file.FILENAME)
        except (ValueError, manifest_file.ManifestError):
            continue
        _refuse_other_source(kept, url, claim, beside=name != own)
        if name == own:
            _refuse_other_profile(kept, url, claim)


def _refuse_other_source(
    kept: manifest_file.Manifest, folder: str, claim: Claim, *, beside: bool = False
) -> None:
    location = claim.location
    if kept.source.location == location or (claim.sha256 and kept.source.sha256 == claim.sha256):
        return
    if kept.source.location is None and Path(kept.source.path).name == Path(location).name:
        return  # written before manifests kept the location: the same file name will do
    same, then = ("slug", "to put it beside") if beside else ("folder name", "to replace it")
    raise SourceClash(
        f"{folder} holds an edition of {kept.source.location or kept.source.path}; "
        f"{location} has a title that makes the same {same}; give one of them --title, build "
        f"it with another -o, or pass --overwrite {then}"
    )


def _refuse_other_profile(kept: manifest_file.Manifest, folder: str, claim: Claim) -> None:
    if claim.profile is None or kept.profile == claim.profile:
        return
    known = PROFILES.get(kept.profile)
    its_own = Path(folder).name + (known.folder_suffix if known else f".{kept.profile}")
    raise ProfileClash(
        f"{folder} holds the {kept.profile} edition of {kept.source.location or kept.source.path}"
        f", written before each profile had its own folder; move it to {its_own} (where "
        f"{kept.profile} editions go now), or pass --overwrite to replace it"
    )


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (released when the process dies, however it dies)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def publish(staging: Path, final: Path, claim: Claim) -> Path:
    """Swap the finished `staging` folder into place as `final`, under the output folder's
    lock (the checks of `claim` again, with it); the old edition goes once the new one is in."""
    with _locked(final.parent):
        check_same_source(final, claim)
        retired = None
        if final.exists():
            retired = final.parent / owned_name(final.name, "old")
            os.rename(final, retired)
        try:
            os.rename(staging, final)
        except OSError as error:
            if retired:
                os.rename(retired, final)
            raise OutputError(f"cannot write {final}: {error.strerror}") from error
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
    return final


FULL = (errno.ENOSPC, errno.EDQUOT)


@contextmanager
def full_disk_named(out_dir: Path, cache_root: Path) -> Iterator[None]:
    """Turn running out of space anywhere in a build (Python's own writes, or ffmpeg's) into
    one OutputError naming the folder that is full."""
    try:
        yield
    except Exception as error:
        full = _out_of_space(error)
        if full is None:
            raise
        folder = out_dir
        if full.filename and Path(full.filename).is_relative_to(cache_root):
            folder = cache_root
        raise OutputError(
            f"{folder}: the disk is full (no space left on device); free some space there "
            "and build again. Nothing was published"
        ) from error


def _out_of_space(error: BaseException | None) -> OSError | None:
    """The OSError (or an ffmpeg error that said so) in `error`'s chain meaning a full disk."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in FULL:
            return error
        if NO_SPACE in str(error):
            return OSError(errno.ENOSPC, NO_SPACE)
        error = error.__cause__ or error.__context__
    return None
