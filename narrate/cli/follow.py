"""`narrate follow`: a feed or sitemap followed into editions and a podcast feed, once (for
cron and systemd timers) or `--every` interval until stopped."""

from __future__ import annotations

import re
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from narrate import api
from narrate.cli.types import FolderOrURL, LazyChoice
from narrate.engines import ENGINES
from narrate.errors import NarrateError
from narrate.profiles import PROFILES
from narrate.readers.url import FetchOptions

INTERVAL = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
SECONDS = (86_400, 3_600, 60, 1)


class Interval(click.ParamType):
    """A time between runs: 1h, 30m, 1h30m, 90s, 1d."""

    name = "interval"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int | float):
            return value
        found = INTERVAL.fullmatch(str(value).strip().lower())
        seconds = sum(int(n) * unit for n, unit in zip(found.groups(), SECONDS, strict=True)
                      if n) if found else 0  # fmt: skip
        if seconds < 1:
            self.fail(f"{value!r} is not an interval such as 1h, 30m, 1h30m or 90s", param, ctx)
        return seconds


@click.command()
@click.argument("source", metavar="SOURCE")
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=FolderOrURL(),
    default="audio_out",
    show_default=True,
    help="Folder for the editions and feed.xml, or a URL (s3://bucket/podcast).",
)
@click.option(
    "--base-url",
    help="Where OUT is published, e.g. https://cdn.example/podcast/; "
    "feed.xml is written only with it.",
)
@click.option("--title", "feed_title", help="The podcast's title [default: the source's].")
@click.option("--author", "feed_author", help="The podcast's author (itunes:author).")
@click.option("--email", help="The podcast owner's e-mail (itunes:owner).")
@click.option("--image", help="Podcast artwork: a URL, or a file name under --base-url.")
@click.option("--category", help='iTunes category, e.g. "Health & Fitness/Medicine".')
@click.option("--description", help="What the podcast is about.")
@click.option(
    "--every",
    type=Interval(),
    help="Run again after this long (1h, 30m, 1h30m) "
    "until stopped (SIGTERM, Ctrl-C) [default: run once].",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Build at most N entries a run, newest first; the rest wait for the next.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Leave out entries dated before this day (YYYY-MM-DD).",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Remove the editions of entries the source no longer lists [default: keep].",
)
@click.option(
    "--content",
    type=click.Choice(["auto", "link", "feed"]),
    default="auto",
    show_default=True,
    help="Read each article from the feed's content when it is the "
    "whole article (auto), always from its link, or from the feed.",
)
@click.option(
    "--profile",
    "profile_name",
    type=click.Choice(list(PROFILES)),
    default="podcast",
    show_default=True,
    help="The editions' profile.",
)
@click.option(
    "--engine",
    "engine_name",
    type=LazyChoice(lambda: ["auto", *sorted(ENGINES)]),
    default="auto",
    show_default=True,
    help="auto: gtts when Google answers, else the offline piper.",
)
@click.option("--voice", help="Engine voice (see `narrate voices`).")
@click.option("--lang", "language", help="Language code, e.g. en [default: each article's own].")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=FetchOptions.max_bytes,
    show_default=True,
    help="Refuse a feed, sitemap or page larger than this.",
)
@click.option(
    "--fetch-timeout",
    type=click.FloatRange(min=0.1),
    default=FetchOptions.timeout_s,
    show_default=True,
    help="Seconds to wait for the source or a page to answer.",
)
@click.option("--cache-dir", type=FolderOrURL(), help="Clip cache folder, or a URL.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="piper, kokoro: engine processes [default: the cores, memory permitting].",
)
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the state is kept [default: OUT/.narrate-follow/].",
)
@click.option(
    "--callback-url",
    metavar="URL",
    help="POST each built or updated entry's edition JSON here, signed (a webhook); "
    "needs --webhook-secret-file.",
)
@click.option(
    "--webhook-secret-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NARRATE_WEBHOOK_SECRET_FILE",
    show_envvar=True,
    help="A file holding the Standard Webhooks secret (whsec_...) that signs the webhooks.",
)
@click.option(
    "--allow-private-callback",
    is_flag=True,
    help="Let --callback-url be a private, loopback or link-local address.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only failures and the summary.")
def follow(
    source: str,
    out_dir: Path | str,
    base_url: str | None,
    feed_title: str | None,
    feed_author: str | None,
    email: str | None,
    image: str | None,
    category: str | None,
    description: str | None,
    every: float | None,
    limit: int | None,
    since: datetime | None,
    prune: bool,
    content: str,
    profile_name: str,
    engine_name: str,
    voice: str | None,
    quiet: bool,
    state_dir: Path | None,
    fetch_timeout: float,
    callback_url: str | None,
    webhook_secret_file: Path | None,
    allow_private_callback: bool,
    **fields: Any,
) -> None:
    """Follow SOURCE (an RSS, Atom or JSON feed, or a sitemap.xml): build each new or changed
    entry into OUT, then write OUT/feed.xml. Exit 1 when an entry failed (it is retried next
    run) or the source could not be read; a webhook not delivered is reported but is no
    failure (the entry is built)."""
    from narrate.follow import Podcast, Source, follow_once

    followed = Source(url=source, out=out_dir, base_url=base_url, prune=prune, limit=limit,
                      since=since.date() if since else None, content=content,
                      podcast=Podcast(feed_title, feed_author, email, image, category, description),
                      state_dir=state_dir)  # fmt: skip
    options = api.BuildOptions(profile=profile_name, fetch_timeout_s=fetch_timeout,
                               engine=api.EngineChoice(name=engine_name, voice=voice),
                               **fields)  # fmt: skip

    followed.validate()  # a bad option stops here, not in every run
    options.validate()
    hook = _hook(callback_url, webhook_secret_file, allow_private_callback)

    def said(outcome: Any) -> None:
        if outcome.status == "failed" or (not quiet and outcome.status != "unchanged"):
            click.echo(outcome.line(), err=True)
        if hook is not None and hook.wanted(outcome):
            from narrate.follow.hooks import delivery_line

            result = hook.send(source, outcome)
            if not result.delivered:
                click.echo(delivery_line(outcome, result), err=True)

    if every is None:
        report = follow_once(followed, options, on_outcome=said)
        _summary(report)
        sys.exit(1 if report.failed else 0)
    try:
        while True:
            try:
                _summary(follow_once(followed, options, on_outcome=said))
            except (NarrateError, OSError) as error:  # this run's; the next may go through
                click.echo(f"narrate: error: {error}", err=True)
            time.sleep(every)
    except KeyboardInterrupt as error:  # SIGTERM, SIGINT: a clean stop (narrate.signals)
        from narrate import signals

        click.echo(f"{signals.message(error, building=False)}; stopped following "
                   "(an entry being built is built on the next run)", err=True)  # fmt: skip
        sys.exit(0)


def _hook(url: str | None, secret_file: Path | None, allow_private: bool) -> Any:
    """The webhook to send per built entry (None without --callback-url), its address and
    secret checked before anything is fetched; BadOption (one line) when they will not do."""
    if url is None:
        return None
    from narrate.errors import BadOption
    from narrate.follow.hooks import EntryHook
    from narrate.webhooks import DeliveryPolicy, WebhookError, read_secret

    if secret_file is None:
        raise BadOption("needs --webhook-secret-file (narrate sends no unsigned webhooks)",
                        "--callback-url")  # fmt: skip
    secret = read_secret(secret_file)
    try:
        return EntryHook.checked(url, secret, DeliveryPolicy(public_only=not allow_private))
    except WebhookError as error:
        raise BadOption(str(error), "--callback-url") from None


def _summary(report: Any) -> None:
    click.echo(report.summary(), err=True)
    if report.feed:
        click.echo(report.feed)
