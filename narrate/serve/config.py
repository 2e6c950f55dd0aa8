"""How a server runs: where, for whom, with which limits; the token that guards a server
reachable from other machines."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from narrate.errors import BadOption, OutputError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MAX_BODY_BYTES = 5_000_000  # a request's body: pasted text, a text file, a JSON call
MAX_UPLOAD_MB = 50  # a new edition's upload (a PDF, Word, OpenDocument or EPUB document)
MAX_URL_BYTES = 10_000_000  # a page fetched by URL
# an origin as a CSP source: scheme, host (or a *. wildcard of one), optional port; no path
ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")


@dataclass(frozen=True)
class ServeConfig:
    """A server's settings; `token` is None only on a loopback address without --token-file."""

    library: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    allow_private_urls: bool = False
    max_body_bytes: int = MAX_BODY_BYTES
    max_upload_bytes: int = MAX_UPLOAD_MB * 2**20  # --max-upload-mb
    max_url_bytes: int = MAX_URL_BYTES
    cache_dir: Path | None = None  # the clip cache; default: narrate's
    allowed_hosts: tuple[str, ...] = ()  # Host names answered besides loopback (--allowed-host)
    session_idle_hours: float = 12.0  # a login unused this long ends (--session-idle-hours)
    reset_queue: bool = False  # set a damaged job queue aside and rebuild it (--reset-queue)
    webhook_secret: bytes | None = field(default=None, repr=False)  # --webhook-secret-file
    embed_origins: tuple[str, ...] = ()  # sites that may frame /embed/ (--embed-origin); ():any
    poll_minutes: float = 60.0  # how often each followed source is read (--poll-minutes)

    @property
    def state(self) -> Path:
        """The server's own files in the library: the job queue and the pasted articles."""
        return self.library / ".narrate-serve"


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_origins(origins: tuple[str, ...]) -> tuple[str, ...]:
    """The --embed-origin values as CSP sources (scheme://host[:port]), or BadOption."""
    for origin in origins:
        if not ORIGIN.fullmatch(origin):
            raise BadOption(
                f"{origin[:80]!r} is not a site's origin such as https://blog.example",
                "--embed-origin",
            )
    return tuple(origin.lower() for origin in origins)


def read_token(path: Path) -> str:
    """The token in `path` (its first line), or an error naming the file and the problem."""
    try:
        token = path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    except (OSError, UnicodeDecodeError, IndexError) as error:
        problem = getattr(error, "strerror", None) or "it is empty or not text"
        raise BadOption(f"{path}: cannot read a token ({problem})", "--token-file") from None
    if len(token) < 16:
        raise BadOption(f"{path}: the token is shorter than 16 characters", "--token-file")
    return token


def new_token() -> str:
    """A fresh random token (printed once by the CLI, kept nowhere by the server)."""
    return secrets.token_urlsafe(24)


def prepare_library(library: Path) -> Path:
    """The library folder, made if missing, or an OutputError saying why it cannot be."""
    try:
        library.mkdir(parents=True, exist_ok=True)
        (library / ".narrate-serve").mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(f"{library}: cannot make the library folder: {error.strerror}") from None
    if not os.access(library, os.W_OK):
        raise OutputError(f"{library}: the library folder is not writable")
    return library.resolve()
