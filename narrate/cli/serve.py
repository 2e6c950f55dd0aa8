"""`narrate serve`: the web app and its JSON API."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--library", type=click.Path(file_okay=False, path_type=Path),
              default=Path("narrate-library"), show_default=True,
              help="Folder of the editions, their pronunciations (narrate.toml) and the jobs.")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path),
              help="A file holding the token that API calls and logins need [default: none on "
              "127.0.0.1; one is made and printed once for any other --host].")
@click.option("--allow-private-urls", is_flag=True,
              help="Fetch articles from private, loopback and link-local addresses too.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Clip cache folder [default: $NARRATE_CACHE_DIR, else the user cache].")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A Host name to answer besides localhost and loopback addresses (repeat "
              "for more); with a token, only these and loopback [default: with a token, any].")
@click.option("--session-idle-hours", type=click.FloatRange(min=0, min_open=True), metavar="HOURS",
              default=12.0, show_default=True,
              help="A login unused this long ends; log in again with the token.")
@click.option("--max-upload-mb", type=click.IntRange(min=1), metavar="MB", default=50,
              show_default=True,
              help="Cap on a new edition's uploaded document (PDF, Word, OpenDocument, EPUB); "
              "pasted text, text files and JSON calls keep a 5 MB cap.")
@click.option("--webhook-secret-file", type=click.Path(dir_okay=False, path_type=Path),
              envvar="NARRATE_WEBHOOK_SECRET_FILE", show_envvar=True,
              help="A file holding the Standard Webhooks secret (whsec_...) that signs the "
              "webhooks sent to a new edition's callback_url [default: no webhooks].")
@click.option("--embed-origin", "embed_origins", multiple=True, metavar="ORIGIN",
              help="A site (https://blog.example) whose pages may show /embed/ players in an "
              "iframe (repeat for more) [default: any site].")
@click.option("--reset-queue", is_flag=True,
              help="Set a damaged job queue aside and start a new one listing the editions "
              "in the library (they are kept).")
@click.option("--poll-minutes", type=click.FloatRange(min=0, min_open=True), metavar="MINUTES",
              default=60.0, show_default=True,
              help="How often each followed source (the Sources page) is read for new entries.")
def serve(host: str, port: int, library: Path, token_file: Path | None,
          allow_private_urls: bool, cache_dir: Path | None, allowed_hosts: tuple[str, ...],
          session_idle_hours: float, max_upload_mb: int, webhook_secret_file: Path | None,
          embed_origins: tuple[str, ...], reset_queue: bool,
          poll_minutes: float) -> None:  # fmt: skip
    """Serve the web app and the JSON API (documented at /openapi.json) until stopped."""
    from narrate.serve import config as settings
    from narrate.serve import run
    from narrate.webhooks import read_secret

    token = settings.read_token(token_file) if token_file else None
    secret = read_secret(webhook_secret_file) if webhook_secret_file else None
    made = token is None and not settings.is_loopback(host)
    if made:
        token = settings.new_token()
    config = settings.ServeConfig(
        library=settings.prepare_library(library),
        host=host,
        port=port,
        token=token,
        allow_private_urls=allow_private_urls,
        cache_dir=cache_dir,
        allowed_hosts=allowed_hosts,
        session_idle_hours=session_idle_hours,
        max_upload_bytes=max_upload_mb * 2**20,
        reset_queue=reset_queue,
        webhook_secret=secret,
        embed_origins=settings.checked_origins(embed_origins),
        poll_minutes=poll_minutes,
    )

    def ready() -> None:
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"narrate: serving {config.library} at http://{shown}:{port}/", err=True)
        if made:
            click.echo(f"narrate: token (shown once; log in with it, or send it as Bearer): "
                       f"{token}", err=True)  # fmt: skip

    run(config, on_ready=ready)
