"""Downloading from Piper's voices repository: the index (`--refresh`) and a voice's files
(`--add`). Each file is fetched into the voices folder's .partial/ area, resumed from where an
interrupted transfer stopped (an HTTP Range request), and checked against the index's size and
MD5 digest; the voice's folder is renamed into place only when every file is whole, so nothing
half-written is ever used. Requests go through narrate's pinned session (readers/pinned.py):
each connects to the addresses its host was checked at."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from narrate import __version__
from narrate.errors import ArticleError, NarrateError
from narrate.fs import atomic_write_bytes
from narrate.voices.catalogue import (
    INDEX_NAME,
    CatalogueVoice,
    VoiceFile,
    check_name,
    find_voice,
    parse_index,
    refreshed_index,
)
from narrate.voices.folder import voices_dir
from narrate.voices.store import ENTRY_NAME, PARTIAL, InstalledVoice, installed_voice, voice_lock

if TYPE_CHECKING:
    import requests

DEFAULT_REPOSITORY = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
URL_ENV = "NARRATE_VOICES_URL"  # the voices repository's address, for a mirror or a test
USER_AGENT = f"narrate/{__version__} (downloads Piper voices; python-requests)"
CHUNK = 256 * 1024
MAX_INDEX_BYTES = 20_000_000

Progress = Callable[[str, int, int], None]  # file name, bytes so far, bytes in all


class DownloadError(NarrateError):
    """A voice or the index could not be downloaded; the message says why."""


@dataclass(frozen=True)
class DownloadOptions:
    """Where the voices repository is (None: $NARRATE_VOICES_URL, else Piper's on Hugging
    Face), seconds to wait for an answer, and how many times a broken transfer is resumed."""

    repository: str | None = None
    timeout_s: float = 30.0
    attempts: int = 3

    def base_url(self) -> str:
        base = self.repository or os.environ.get(URL_ENV) or DEFAULT_REPOSITORY
        return base if base.endswith("/") else base + "/"

    def url(self, path: str) -> str:
        return self.base_url() + quote(path)


def refresh_index(options: DownloadOptions) -> int:
    """Fetch the repository's current voices index into the voices folder (used from then on
    instead of the shipped snapshot); how many voices it lists."""
    url = options.url(INDEX_NAME)
    with _session() as session:
        response = _get(session, url, options, {})
        with response:
            data = b""
            for chunk in _chunks(response):
                data += chunk
                if len(data) > MAX_INDEX_BYTES:
                    raise DownloadError(f"{url}: over {MAX_INDEX_BYTES} bytes: not a voices index")
    voices = parse_index(data, url)  # refuses what is not an index before anything is kept
    refreshed_index().parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(refreshed_index(), data)
    return len(voices)


def add_voice(
    name: str, options: DownloadOptions, on_progress: Progress | None = None
) -> InstalledVoice:
    """Download the catalogue's voice `name` (its model, config and card), check each file's
    size and digest, and move the voice into place; the installed voice. An interrupted
    download resumes, in this call (`options.attempts`) or the next."""
    voice = find_voice(check_name(name))
    done = installed_voice(name)
    if done is not None and done.problem() is None:
        return done
    staging = voices_dir() / PARTIAL / name
    staging.mkdir(parents=True, exist_ok=True)
    with _only_download(staging, name), _session() as session:
        for file in voice.files:
            _download(session, file, staging / file.name, options, on_progress)
        _install(voice, staging)
    installed = installed_voice(name)
    if installed is None:  # renamed into place just now: only a broken index entry gets here
        raise DownloadError(f"{name}: the voice was downloaded but cannot be read back")
    return installed


@contextmanager
def _only_download(staging: Path, name: str) -> Iterator[None]:
    """Hold the voice's download lock (a lock file beside its staging folder), or raise
    DownloadError when another process (the web app, another terminal) is adding it now."""
    with voice_lock(name) as held:
        if not held:
            raise DownloadError(
                f"{name}: another download of this voice is under way; wait for it to end"
            )
        yield


def _install(voice: CatalogueVoice, staging: Path) -> None:
    """Rename the checked files' folder into place as the voice's folder."""
    import json

    atomic_write_bytes(staging / ENTRY_NAME, json.dumps(voice.to_entry(), indent=1).encode())
    for file in voice.files:  # only the checked files: no .part left
        (staging / f"{file.name}.part").unlink(missing_ok=True)
    target = voices_dir() / voice.name
    if target.exists():  # an earlier copy with a file missing or damaged
        old = voices_dir() / PARTIAL / f"{voice.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        shutil.rmtree(old)
    staging.rename(target)


def _download(
    session: requests.Session,
    file: VoiceFile,
    final: Path,
    options: DownloadOptions,
    on_progress: Progress | None,
) -> None:
    """`file` at `final` (in the staging folder), whole and checked: kept from an earlier
    call if it is, else fetched into `final`.part, resumed after a broken transfer."""
    if final.is_file() and final.stat().st_size == file.size and _md5(final) == file.md5:
        return
    part = final.with_name(final.name + ".part")
    url = options.url(file.path)
    for attempt in range(1, options.attempts + 1):
        have = part.stat().st_size if part.is_file() else 0
        if have > file.size:  # not this file: start again
            part.unlink()
            have = 0
        if have < file.size:
            try:
                _fetch_into(session, url, part, have, file.size, options, on_progress)
            except _Broken as broken:
                if attempt == options.attempts:
                    raise DownloadError(
                        f"{url}: the transfer broke off at {broken.at} of {file.size} bytes "
                        f"({broken.cause}); run the same command again to resume it"
                    ) from None
                time.sleep(min(2.0, 0.2 * attempt))
                continue
        size = part.stat().st_size
        if size != file.size:
            continue  # the server ended early without an error: resume
        digest = _md5(part)
        if digest != file.md5:
            part.unlink()
            raise DownloadError(
                f"{url}: wrong MD5 digest {digest}, the index says {file.md5}; the file was "
                "deleted (a damaged or changed file: try again, or --refresh the index)"
            )
        part.rename(final)
        return
    raise DownloadError(
        f"{url}: the server sent {part.stat().st_size} of {file.size} bytes "
        f"{options.attempts} times; run the same command again to resume it"
    )


class _Broken(Exception):
    def __init__(self, at: int, cause: str):
        self.at = at
        self.cause = cause


def _fetch_into(
    session: requests.Session,
    url: str,
    part: Path,
    have: int,
    size: int,
    options: DownloadOptions,
    on_progress: Progress | None,
) -> None:
    """Append to `part` what the server sends from byte `have` on (all of it if it ignores
    the Range request, which then starts the file again)."""
    import requests

    headers = {"Range": f"bytes={have}-"} if have else {}
    response = _get(session, url, options, headers)
    with response:
        if have and response.status_code != 206:
            have = 0  # the whole file again
        mode = "ab" if have else "wb"
        written = have
        try:
            with part.open(mode) as out:
                for chunk in _chunks(response):
                    out.write(chunk)
                    written += len(chunk)
                    if written > size:
                        raise DownloadError(f"{url}: longer than the {size} bytes the index says")
                    if on_progress:
                        on_progress(part.name.removesuffix(".part"), written, size)
        except DownloadError:
            part.unlink(missing_ok=True)
            raise
        except requests.exceptions.RequestException as error:
            raise _Broken(written, _cause(error, options)) from None


def _session() -> requests.Session:
    from narrate.readers.pinned import pinned_session

    session = pinned_session(public_only=False)  # a mirror on the local network is fine
    session.headers["User-Agent"] = USER_AGENT
    return session


def _get(
    session: requests.Session, url: str, options: DownloadOptions, headers: dict[str, str]
) -> requests.Response:
    """The response to GET `url` (redirects followed: Hugging Face sends files from its CDN),
    or DownloadError saying why there is none."""
    import requests

    try:
        response = session.get(url, headers=headers, stream=True, timeout=options.timeout_s)
    except ArticleError as refused:  # an address that is not a web address
        raise DownloadError(f"{url}: {refused.problem}") from None
    except requests.exceptions.RequestException as error:
        raise DownloadError(f"{url}: {_cause(error, options)}") from None
    if response.status_code >= 400:
        response.close()
        why = "no such file in the voices repository" if response.status_code in (404, 410) else (
            "the server failed; try again later" if response.status_code >= 500
            else "the server refused the request")  # fmt: skip
        raise DownloadError(f"{url}: HTTP {response.status_code}: {why}")
    return response


def _chunks(response: requests.Response) -> Iterator[bytes]:
    """The body, a chunk at a time, as it arrives."""
    return response.iter_content(CHUNK)


def _cause(error: Exception, options: DownloadOptions) -> str:
    import requests

    if isinstance(error, requests.exceptions.Timeout) or "timed out" in str(error).lower():
        return f"no answer within {options.timeout_s:g} s; the server is slow or down"
    if isinstance(error, requests.exceptions.ConnectionError) and "refused" in str(error).lower():
        return "nothing answers at that address (connection refused)"
    if isinstance(error, requests.exceptions.ChunkedEncodingError | requests.exceptions.
                  ConnectionError):  # fmt: skip
        return "the connection broke"
    return str(error)


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
