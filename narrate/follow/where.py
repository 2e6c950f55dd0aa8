"""A followed source: where it is, where its editions go and how it is followed; and where
its state is kept."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from narrate.errors import BadOption
from narrate.follow.entry import CONTENT_CHOICES
from narrate.follow.state import FOLDER
from narrate.readers.weburl import parse_web_address
from narrate.storage import Place, UrlPlace


@dataclass(frozen=True)
class Podcast:
    """What the podcast feed says of the show (as `narrate feed`'s options): its title
    (default: the source's), author, owner's e-mail, image (a URL, or a file name under the
    base URL), Apple category ("Parent/Sub") and description. Apple Podcasts and Podcast
    Index want all but the description; each missing one is a warning when the feed is
    written."""

    title: str | None = None
    author: str | None = None
    email: str | None = None
    image: str | None = None
    category: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Source:
    """A feed (RSS 2.0, Atom, JSON Feed) or sitemap at `url`, followed into `out` (a folder or
    an s3:// URL), whose podcast feed is published at `base_url` (None: no feed.xml written).

    `prune`: remove the editions of entries the source no longer lists (else kept); `limit`:
    build at most this many entries a run, newest first (the rest wait); `since`: leave out
    entries dated before this day; `content`: where an entry's article is read: `auto` (the
    feed's content when it is the whole article, else the link), `link` or `feed`; `podcast`:
    what the podcast feed says of the show; `state_dir`: where the state is kept (default:
    `out/.narrate-follow/`, or the user's data folder for an s3:// output)."""

    url: str
    out: Path | str
    base_url: str | None = None
    prune: bool = False
    limit: int | None = None
    since: date | None = None
    content: str = "auto"
    podcast: Podcast = Podcast()
    state_dir: Path | None = None

    def validate(self) -> None:
        """Raise BadOption (or ArticleError, for the address) naming what cannot work."""
        parse_web_address(self.url)
        if self.content not in CONTENT_CHOICES:
            raise BadOption(f"{self.content!r}; choose {', '.join(CONTENT_CHOICES)}", "--content")
        if self.limit is not None and (isinstance(self.limit, bool) or self.limit < 1):
            raise BadOption(f"{self.limit!r}; give a whole number, 1 or more", "--limit")
        if not isinstance(Place.of(self.out), UrlPlace):
            _refuse_a_file(Path(self.out), "-o")
        if self.state_dir is not None:
            _refuse_a_file(Path(self.state_dir), "--state-dir")


def _refuse_a_file(folder: Path, option: str) -> None:
    """BadOption when `folder`, or the nearest of its parents that exists, is not a folder."""
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                raise BadOption(f"{place} is a file, not a folder; give a folder", option)
            return


def state_folder(source: Source) -> Path:
    """The folder of the source's state: `state_dir`, else beside a local output, else (an
    s3:// output) `$NARRATE_DATA_DIR/follow/<hash of the output URL>/`."""
    if source.state_dir is not None:
        return Path(source.state_dir)
    place = Place.of(source.out)
    if isinstance(place, UrlPlace):
        from narrate.voices.folder import data_dir

        digest = hashlib.sha256(str(source.out).encode("utf-8")).hexdigest()[:16]
        return data_dir() / "follow" / digest
    return Path(source.out) / FOLDER
