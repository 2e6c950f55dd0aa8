"""The podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 tags, from a folder of editions.

Each subfolder holding a `manifest.json` with an MP3 is one episode, newest first. The guid
comes from the article's hash, so rebuilding an edition keeps its episode; the document is
built with lxml, so every title and description is escaped, and written atomically.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlparse

from lxml import etree

from narrate import __version__
from narrate.errors import OutputError
from narrate.writers.atomic import atomic_write_bytes

log = logging.getLogger(__name__)

FEED = "feed.xml"
MANIFEST = "manifest.json"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # Podcasting 2.0
CHAPTERS_TYPE = "application/json+chapters"
# Manifest file entries offered as podcast:transcript, with their MIME type and rel.
TRANSCRIPTS = {
    "vtt": ("text/vtt", "captions"),
    "srt": ("application/x-subrip", "captions"),
    "transcript_html": ("text/html", None),
    "transcript_md": ("text/markdown", None),
}
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def build_feed(
    editions_dir: Path,
    *,
    base_url: str,
    title: str | None = None,
    author: str | None = None,
    email: str | None = None,
    image: str | None = None,
    category: str | None = None,
    description: str | None = None,
    language: str | None = None,
) -> Path:
    """Write `editions_dir/feed.xml` for the editions in its subfolders; return its path.

    `base_url` is where `editions_dir` is published; `image` is a URL, or a file name under
    it; `category` is an Apple Podcasts category, "Parent/Sub" for a subcategory. Missing
    language and author come from the editions when they all agree.
    """
    editions_dir = Path(editions_dir)
    if not editions_dir.is_dir():
        raise OutputError(f"{editions_dir} is not a folder of editions")
    base = _base_url(base_url)
    episodes = find_episodes(editions_dir)
    if not episodes:
        log.warning("no editions with an MP3 in %s: the feed has no episodes", editions_dir)
    rss = etree.Element("rss", version="2.0", nsmap=NSMAP)
    channel = _channel(
        rss,
        episodes,
        base,
        title=title or "Narrated articles",
        author=author or _byline(_shared(episodes, "author")),
        email=email,
        image=image,
        category=category,
        description=description,
        language=language or _shared(episodes, "language") or "en",
    )
    seen: set[str] = set()
    for folder, manifest in episodes:
        guid = _guid(folder, manifest)
        if guid in seen:
            log.warning("%s narrates an article already in the feed; left out", folder.name)
            continue
        seen.add(guid)
        channel.append(_item(folder, manifest, base, guid))
    data = etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return atomic_write_bytes(editions_dir / FEED, data)


def _channel(
    rss: etree._Element,
    episodes: list[tuple[Path, dict[str, Any]]],
    base: str,
    *,
    title: str,
    author: str | None,
    email: str | None,
    image: str | None,
    category: str | None,
    description: str | None,
    language: str,
) -> etree._Element:
    """The channel and what describes the show; the episodes are added after."""
    channel = etree.SubElement(rss, "channel")
    feed_url = urljoin(base, FEED)
    _add(channel, "title", title)
    _add(channel, "link", base)
    _add(channel, "description", description or title)
    _add(channel, "language", language)
    _add(channel, "generator", f"narrate {__version__}")
    if episodes:
        _add(channel, "lastBuildDate", _rfc2822(episodes[0][1]["created"]))
    atom_link = etree.SubElement(channel, f"{{{ATOM}}}link", href=feed_url, rel="self")
    atom_link.set("type", "application/rss+xml")
    if author:
        _add(channel, f"{{{ITUNES}}}author", author)
    if image:
        url = image if urlparse(image).scheme else urljoin(base, quote(image))
        etree.SubElement(channel, f"{{{ITUNES}}}image", href=url)
    else:
        log.warning("no --image: podcast directories require a cover image for the feed")
    if category:
        _category(channel, category)
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    if email:
        owner = etree.SubElement(channel, f"{{{ITUNES}}}owner")
        _add(owner, f"{{{ITUNES}}}name", author or title)
        _add(owner, f"{{{ITUNES}}}email", email)
    _add(channel, f"{{{PODCAST}}}guid", str(_podcast_guid(feed_url)))
    return channel


def find_episodes(editions_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Each edition folder with an MP3 and its manifest, newest first."""
    found = []
    for path in sorted(editions_dir.glob(f"*/{MANIFEST}")):
        folder = path.parent
        if folder.name.startswith("."):  # a build in progress, or one being replaced
            continue
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise OutputError(f"cannot read {path}: {e}; rebuild that edition") from e
        if "mp3" not in manifest.get("files", {}):
            log.info("%s has no MP3; not in the feed", folder.name)
            continue
        found.append((folder, manifest))
    return sorted(found, key=lambda edition: edition[1].get("created", ""), reverse=True)


def _item(folder: Path, manifest: dict[str, Any], base: str, guid: str) -> etree._Element:
    """One episode: title, description, enclosure, guid, date, duration, chapters, transcripts."""
    files = manifest["files"]
    item = etree.Element("item")
    _add(item, "title", manifest["title"])
    _add(item, "description", manifest.get("description") or manifest["title"])
    source = manifest.get("source", {}).get("path", "")
    if urlparse(source).scheme in ("http", "https"):
        _add(item, "link", source)
    audio = folder / files["mp3"]
    try:
        length = audio.stat().st_size
    except OSError as e:
        raise OutputError(f"cannot read {audio}: {e.strerror}; rebuild that edition") from e
    etree.SubElement(
        item, "enclosure", url=_url(base, folder, files["mp3"]), length=str(length),
        type="audio/mpeg",
    )  # fmt: skip
    _add(item, "guid", guid, isPermaLink="false")
    _add(item, "pubDate", _rfc2822(manifest["created"]))
    _add(item, f"{{{ITUNES}}}duration", _clock(manifest["duration_ms"]))
    _add(item, f"{{{ITUNES}}}episodeType", "full")
    if "chapters_json" in files:
        url = _url(base, folder, files["chapters_json"])
        etree.SubElement(item, f"{{{PODCAST}}}chapters", url=url, type=CHAPTERS_TYPE)
    for name, (mime, rel) in TRANSCRIPTS.items():
        if name in files:
            element = etree.SubElement(
                item, f"{{{PODCAST}}}transcript", url=_url(base, folder, files[name]), type=mime
            )
            element.set("language", manifest.get("language", "en"))
            if rel:
                element.set("rel", rel)
    return item


def _add(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    """A child element holding `text`, without the characters XML 1.0 cannot carry."""
    element = etree.SubElement(parent, tag, **attributes)
    element.text = NOT_XML.sub("", text)
    return element


def _category(channel: etree._Element, category: str) -> None:
    parent = channel
    for name in (part.strip() for part in category.split("/")):
        if name:
            parent = etree.SubElement(parent, f"{{{ITUNES}}}category", text=name)


def _base_url(base_url: str) -> str:
    """The base URL with one trailing slash, or an error if it is not absolute http(s)."""
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise OutputError(
            f"--base-url {base_url!r} is not an absolute http(s) URL; give the address where "
            "the editions folder is published, e.g. https://example.org/podcast/"
        )
    return base_url.rstrip("/") + "/"


def _url(base: str, folder: Path, relative: str) -> str:
    return base + quote(folder.name) + "/" + quote(relative, safe="/")


def _guid(folder: Path, manifest: dict[str, Any]) -> str:
    """Stable across rebuilds: the article's hash (the folder's name for a hashless source)."""
    sha256 = manifest.get("source", {}).get("sha256")
    return f"narrate:{sha256}" if sha256 else f"narrate:{folder.name}"


def _podcast_guid(feed_url: str) -> uuid.UUID:
    """Podcasting 2.0's channel guid: a UUIDv5 of the feed URL without scheme and slashes."""
    bare = re.sub(r"^[a-z]+://", "", feed_url).rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, bare)


def _shared(episodes: list[tuple[Path, dict[str, Any]]], key: str) -> str | None:
    """The value every edition's manifest gives for `key`, if they all give the same one."""
    values = {manifest.get(key) for _, manifest in episodes}
    return values.pop() if len(values) == 1 else None


def _byline(author: str | None) -> str | None:
    """A manifest's author without the "By " of a byline."""
    if not author:
        return None
    return re.sub(r"(?i)^by\s+", "", author).strip() or None


def _rfc2822(created: str) -> str:
    """The manifest's ISO 8601 UTC time as RFC 2822, as RSS wants."""
    return format_datetime(datetime.fromisoformat(created.replace("Z", "+00:00")), usegmt=True)


def _clock(duration_ms: int) -> str:
    seconds = round(duration_ms / 1000)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
