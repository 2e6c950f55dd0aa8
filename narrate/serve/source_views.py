"""What both the Sources pages and the JSON API do with followed sources: add one (checked
under the app's address rules), describe one with its entries and their editions, pause,
resume and remove one. The polling itself is narrate.serve.poller's."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from narrate.engines import ENGINES
from narrate.follow import StateError
from narrate.serve.editions import Server
from narrate.serve.followed import FollowedSource, FollowedSources
from narrate.serve.inputs import (
    InputError,
    checked_url,
    checked_voice,
    refuse_unwritable,
    shortened,
)
from narrate.serve.jobs import is_id, new_id
from narrate.serve.poller import Poller, entry_states, relinked
from narrate.serve.source_hooks import checked_source_callback
from narrate.serve.wording import web_message

if TYPE_CHECKING:
    from fastapi import Request


class EntryView(TypedDict):
    """An entry of a source as the API shows it (sources_routes.EntryOut documents it)."""

    id: str
    title: str | None
    link: str
    status: str
    published: str | None
    problem: str | None
    edition: str | None


class SourceView(TypedDict):
    """A source as the API shows it (sources_routes.SourceOut documents it)."""

    id: str
    url: str
    engine: str
    voice: str | None
    paused: bool
    polling: bool
    added: float
    last_polled: float | None
    next_poll: float | None
    last_result: str | None
    problem: str | None
    callback_url: str | None
    last_delivery: dict[str, Any] | None
    entries: NotRequired[list[EntryView]]


def sources_of(request: Request) -> FollowedSources:
    sources: FollowedSources = request.app.state.followed
    return sources


def poller_of(request: Request) -> Poller:
    poller: Poller = request.app.state.poller
    return poller


def add_source(
    server: Server,
    sources: FollowedSources,
    url: str,
    engine: str | None,
    voice: str | None,
    callback_url: str | None = None,
) -> FollowedSource:
    """Check the feed's address (the app's rules for article URLs), engine and voice, and
    follow it: its first poll is due at once. InputError (one line) for what is refused."""
    url = url.strip()
    refuse_unwritable(url, "url")
    if not url:
        raise InputError("give the address of a feed (RSS, Atom, JSON Feed) or a sitemap", 422)
    checked_url(url, allow_private=server.config.allow_private_urls)
    engine = (engine or "auto").strip()
    refuse_unwritable(engine, "engine")
    if engine != "auto" and engine not in ENGINES:
        known = ", ".join(["auto", *sorted(ENGINES)])
        raise InputError(f"unknown engine {shortened(engine)!r}: choose from {known}", 422)
    voice = checked_voice(engine, voice)
    callback = checked_source_callback(server.config, callback_url)
    if sources.by_url(url) is not None:
        raise InputError(f"{shortened(url)} is followed already", 409)
    now = time.time()
    followed = FollowedSource(new_id(), url, engine, voice, added=now, next_poll=now,
                              callback_url=callback)  # fmt: skip
    return sources.add(relinked(server, followed))  # followed before: its editions linked


def source_of(request: Request, source_id: str) -> FollowedSource:
    """The followed source `source_id`, or an InputError (404) saying there is none."""
    found = sources_of(request).get(source_id) if is_id(source_id) else None
    if found is None:
        raise InputError(f"no source {shortened(source_id)!r}; it may have been removed", 404)
    return found


def set_paused(request: Request, source_id: str, paused: bool) -> FollowedSource:
    """Pause a source (a poll under way stops after its entry) or resume it (due at once)."""
    source_of(request, source_id)

    def paused_or_not(source: FollowedSource) -> FollowedSource:
        return replace(source, paused=paused, next_poll=None if paused else time.time())

    changed = sources_of(request).change(source_id, paused_or_not)
    if changed is None:
        raise InputError(f"no source {shortened(source_id)!r}; it was removed", 404)
    poller_of(request).wake()
    return changed


def remove_source(request: Request, source_id: str) -> None:
    """Follow the source no more; the editions made from it stay in the library."""
    source_of(request, source_id)
    sources_of(request).remove(source_id)


def describe_source(
    server: Server, poller: Poller, source: FollowedSource, *, entries: bool = False
) -> SourceView:
    view: SourceView = {
        "id": source.id,
        "url": source.url,
        "engine": source.engine,
        "voice": source.voice,
        "paused": source.paused,
        "polling": poller.polling == source.id,
        "added": source.added,
        "last_polled": source.last_polled,
        "next_poll": source.next_poll,
        "last_result": source.last_result,
        "problem": source.problem,
        "callback_url": source.callback_url,
        "last_delivery": source.last_delivery,
    }
    if entries:
        view["entries"] = entries_of(server, source)
    return view


def entries_of(server: Server, source: FollowedSource) -> list[EntryView]:
    """The source's entries as `narrate follow` last left them, newest first, each with the
    library edition made from it (a link to its page) when it has one."""
    try:
        state = entry_states(server, source).load()
    except StateError as error:
        raise InputError(web_message(str(error)), 409) from None
    listed: list[EntryView] = []
    for entry in state.entries.values():
        ref = source.entries.get(entry.id)
        job = ref.job if ref else None
        listed.append(
            {
                "id": entry.id,
                "title": entry.title or (ref.title if ref else None),
                "link": entry.link,
                "status": entry.status,
                "published": entry.published,
                "problem": web_message(entry.problem) if entry.problem else None,
                "edition": f"/editions/{job}" if job and server.store.get(job) else None,
            }
        )
    listed.sort(key=lambda e: e["published"] or "", reverse=True)
    return listed


def when(stamp: float | None) -> str:
    """A time on a page: UTC, to the minute."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(stamp)) if stamp else ""


def every_words(minutes: float) -> str:
    """How often sources are read, in words: "every minute", "every 1.5 minutes"."""
    if minutes == 1:
        return "every minute"
    return f"every {round(minutes, 2):g} minutes"
