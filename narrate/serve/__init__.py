"""`narrate serve`: a local web app and JSON API over narrate.api, for people who make the
audio without a terminal and for CMSs that ask for it (FastAPI, uvicorn, Jinja2; jobs in SQLite).

Needs the optional extra: pip install "narrate-audio[serve]".
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import TYPE_CHECKING

from narrate.errors import NarrateError

if TYPE_CHECKING:
    from narrate.serve.config import ServeConfig

INSTALL_HINT = 'narrate serve needs the serve extra: pip install "narrate-audio[serve]"'


class ServeUnavailable(NarrateError):
    """The web stack (the serve extra) is not installed, or the address cannot be listened on."""


def run(config: ServeConfig, *, on_ready: Callable[[], None] | None = None) -> None:
    """Serve `config` (a ServeConfig) until stopped; `on_ready` is called once listening."""
    try:
        import uvicorn

        from narrate.serve.app import create_app
    except ImportError:
        raise ServeUnavailable(INSTALL_HINT) from None
    listening = listen(config.host, config.port)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            log_level="warning",
            server_header=False,
            proxy_headers=False,
        )
    )
    if on_ready:
        on_ready()
    server.run(sockets=[listening])


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or one line saying why it cannot be."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror:
        raise ServeUnavailable(f"--host {host}: not an address of this machine") from None
    listening = socket.socket(family, kind, proto)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind(address)
    except OSError as error:
        listening.close()
        raise ServeUnavailable(
            f"cannot listen on {host}:{port}: {error.strerror} (another server there? try "
            "another --port)"
        ) from None
    listening.listen(128)
    listening.set_inheritable(True)
    return listening
