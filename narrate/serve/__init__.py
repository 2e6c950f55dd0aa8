"""`narrate serve`: a local web app and JSON API over narrate.api, for people who make the
audio without a terminal and for CMSs that ask for it (FastAPI, uvicorn, Jinja2; jobs in SQLite).

Needs the optional extra: pip install "narrate[serve]".
"""

from __future__ import annotations

from narrate.errors import NarrateError

INSTALL_HINT = 'narrate serve needs the serve extra: pip install "narrate[serve]"'


class ServeUnavailable(NarrateError):
    """The web stack (the serve extra) is not installed."""


def run(config, *, on_ready=None) -> None:
    """Serve `config` (a ServeConfig) until stopped; `on_ready` is called before listening."""
    try:
        import uvicorn

        from narrate.serve.app import create_app
    except ImportError:
        raise ServeUnavailable(INSTALL_HINT) from None
    app = create_app(config)
    if on_ready:
        on_ready()
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )
