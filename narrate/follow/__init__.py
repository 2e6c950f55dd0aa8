"""Follow a site: each new entry of a feed or sitemap becomes an edition, and a podcast feed.

The public interface (the CLI's `narrate follow` and the web app's Sources page call it):

    from narrate import api
    from narrate.follow import Source, follow_once

    source = Source("https://clinic.example/feed.xml", out="podcast/",
                    base_url="https://cdn.example/podcast/")
    report = follow_once(source, api.BuildOptions(engine=api.EngineChoice("piper")))
    report.outcomes   # EntryOutcome(id, link, title, status, problem, edition) per entry
    report.failed     # those whose status is "failed", each with a one-line `problem`
    report.feed       # feed.xml written this run, or None

- `Source(url, out, base_url=None, prune=False, limit=None, since=None, content="auto",
  podcast=Podcast(), state_dir=None)`: `out` a folder or an s3:// URL (narrate.storage);
  without `base_url` no feed.xml is written (narrate.feed needs the address the episodes are
  served at); `Podcast(title, author, email, image, category, description)` is what the feed
  says of the show. See narrate.follow.where for each field.
- `follow_once(source, options=None, *, on_outcome=None, should_stop=None) -> FollowReport`:
  one run. `options` (api.BuildOptions) are every build's; their `out_dir` is replaced by
  `source.out`. The fetch policy is in those same options: `public_urls_only=True` makes the
  feed, its sitemap pages and every entry's page obey `narrate serve`'s address rules (public
  hosts only, checked on the addresses connected to: narrate.readers.addresses), as the web
  app's worker sets it (`not config.allow_private_urls`); `max_bytes` caps the feed and each
  page, `fetch_timeout_s` each wait. `on_outcome(EntryOutcome)` is called as each entry is
  settled; `should_stop()` is asked between entries (a worker thread's stop; the CLI's stop
  signals abandon the entry being built, leaving only complete editions).
  Statuses: built, updated (same guid), unchanged, failed (retried next run), waiting (past
  `limit`, or stopped), skipped (another run holds the entry's lock), pruned.
  Raises ArticleError when the source itself cannot be fetched or read (one line), BadOption
  for a bad option, StateError for a damaged state file.
- State: `state_folder(source)`: `out/.narrate-follow/<host>-<hash>.json` (an s3:// output:
  `$NARRATE_DATA_DIR/follow/<hash>/`), with its locks beside it (narrate.follow.state).
  `StateFiles(state_folder(source), source.url).load()` reads it (entries by id, with their
  title, link, status, edition folder and last problem): what a page listing a source's
  entries shows.
"""

from __future__ import annotations

from narrate.follow.report import STATUSES, EntryOutcome, FollowReport
from narrate.follow.run import follow_once
from narrate.follow.state import EntryState, SourceState, StateError, StateFiles
from narrate.follow.where import Podcast, Source, state_folder

__all__ = [
    "STATUSES",
    "EntryOutcome",
    "EntryState",
    "FollowReport",
    "Podcast",
    "Source",
    "SourceState",
    "StateError",
    "StateFiles",
    "follow_once",
    "state_folder",
]
