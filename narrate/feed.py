"""The podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 tags, from a folder of editions.

Each subfolder holding a `manifest.json` with an MP3 is one episode, newest first, and each
article one episode: where the folder holds an article's editions in several profiles side by
side (`<slug>/`, `<slug>.accessible/`), the podcast edition is the episode. Manifests
are read by narrate.manifest, which checks every field and that every file stays inside its
edition folder; a manifest that fails is left out with one warning naming it and the field.
The guid comes from the article's hash, so rebuilding an edition keeps its episode (a followed
feed's entry's from its feed and id, so an edited post keeps it too); an entry's date orders
the episodes and is their pubDate; the
document is built with lxml, so every title and description is escaped, and written
atomically.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from datetime import UTC
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

from lxml import etree

from narrate import __version__
from narrate.disclosure import disclosure_line
from narrate.errors import OutputError
from narrate.fs import atomic_write_bytes
from narrate.manifest import FILENAME as MANIFEST
from narrate.manifest import Manifest, ManifestError, load
from narrate.profiles import PROFILES
from narrate.storage import Place, UrlPlace
from narrate.textclean import clean_option
from narrate.timefmt import caption_stamp, hms
from narrate.writers import WRITERS, writer_for

log = logging.getLogger(__name__)

FEED = "feed.xml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
PSC = "http://podlove.org/simple-chapters"  # Podlove Simple Chapters 1.2, inline chapters
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "psc": PSC}
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # Podcasting 2.0
CHAPTERS_TYPE = "application/json+chapters"
# Manifest file entries offered as podcast:transcript, with their rel (their MIME type is the
# writer's media_type).
TRANSCRIPTS = {"vtt": "captions", "srt": "captions", "transcript_html": None, "transcript_md": None}
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def build_feed(
    editions_dir: Path | str,
    *,
    base_url: str,
    title: str | None = None,
    author: str | None = None,
    email: str | None = None,
    image: str | None = None,
    category: str | None = None,
    description: str | None = None,
    language: str | None = None,
) -> Path | str:
    """Write `editions_dir/feed.xml` for the editions in its subfolders; return its path (its
    URL when `editions_dir` is one).

    `base_url` is where `editions_dir` is published; `image` is a URL, or a file name under
    it; `category` is an Apple Podcasts category, "Parent/Sub" for a subcategory. Missing
    language and author come from the editions when they all agree. `editions_dir` may be a
    URL (s3://bucket/editions): its manifests are read there and feed.xml written there.
    """
    place = Place.of(editions_dir)
    if isinstance(place, UrlPlace):  # read there, written there with one PUT
        return _build_remote_feed(place, base_url=base_url, title=title,
                                  author=author, email=email, image=image, category=category,
                                  description=description, language=language)  # fmt: skip
    editions_dir = Path(editions_dir)
    if not editions_dir.is_dir():
        raise OutputError(f"{editions_dir} is not a folder of editions")
    data = feed_document(editions_dir, base_url=base_url, title=title, author=author,
                         email=email, image=image, category=category,
                         description=description, language=language)  # fmt: skip
    return atomic_write_bytes(editions_dir / FEED, data)


def feed_document(
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
) -> bytes:
    """The feed of the editions in a local `editions_dir` (none when it is missing), as
    build_feed would write it, without writing anything (for a server that answers with it)."""
    title, author, description, email, image, category = (
        clean_option(value, flag)
        for value, flag in ((title, "--title"), (author, "--author"),
                            (description, "--description"), (email, "--email"),
                            (image, "--image"), (category, "--category"))
    )  # fmt: skip
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
    for manifest in episodes:
        guid = _guid(manifest)
        if guid in seen:
            name = manifest.folder.name
            log.warning("%s narrates an article already in the feed; left out", name)
            continue
        seen.add(guid)
        channel.append(_item(manifest, base, guid))
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _build_remote_feed(place: UrlPlace, *, base_url: str, **options: str | None) -> str:
    """build_feed for editions at a URL: each published manifest (an edition is published
    only with its manifest, uploaded last) copied to a scratch folder with a placeholder of
    its enclosure's size, the feed built there, and written back with one PUT."""
    import tempfile

    store = place.store
    store.check_reachable()
    with tempfile.TemporaryDirectory(prefix="narrate-feed-") as scratch:
        folder = Path(scratch)
        for name in store.names(f"*/{MANIFEST}"):
            slug = name.split("/")[0]
            if slug.startswith("."):
                continue
            store.download(name, folder / name)
            try:
                manifest = load(folder / name)
            except ManifestError:
                continue  # find_episodes says why
            audio = enclosure_format(manifest)
            if audio is None:
                continue  # find_episodes says why
            size = store.size(f"{slug}/{manifest.files[audio]}")
            if size is not None:  # a sparse file of the enclosure's length, for its size
                with open(manifest.path_of(audio), "wb") as handle:
                    handle.truncate(size)
        store.write_bytes(FEED, feed_document(folder, base_url=base_url, **options))
    return store.url_of(FEED)


def _channel(
    rss: etree._Element,
    episodes: list[Manifest],
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
        _add(channel, "lastBuildDate", _rfc2822(episodes[0]))
    atom_link = etree.SubElement(channel, f"{{{ATOM}}}link", href=feed_url, rel="self")
    atom_link.set("type", "application/rss+xml")
    if author:
        _add(channel, f"{{{ITUNES}}}author", author)
    if image:
        url = image if urlparse(image).scheme else urljoin(base, quote(image))
        etree.SubElement(channel, f"{{{ITUNES}}}image", href=url)
    for missing, flag, what in (
        (not category, "--category", "a category (itunes:category)"),
        (not author, "--author", "an author (itunes:author)"),
        (not email, "--email", "an owner e-mail (itunes:owner)"),
        (not image, "--image", "a cover image (itunes:image)"),
    ):
        if missing:
            log.warning("no %s: Apple Podcasts and Podcast Index require %s", flag, what)
    if category:
        _category(channel, category)
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    if email:
        owner = etree.SubElement(channel, f"{{{ITUNES}}}owner")
        _add(owner, f"{{{ITUNES}}}name", author or title)
        _add(owner, f"{{{ITUNES}}}email", email)
    _add(channel, f"{{{PODCAST}}}guid", str(_podcast_guid(feed_url)))
    return channel


def enclosure_format(manifest: Manifest) -> str | None:
    """The edition's file the feed offers as the episode: the one whose writer is `in_feed`."""
    return next((name for name in manifest.files if name in WRITERS and WRITERS[name].in_feed),
                None)  # fmt: skip


def find_episodes(editions_dir: Path) -> list[Manifest]:
    """The checked manifest of each edition folder with an MP3, newest first; a manifest that
    fails its checks, or whose MP3 is missing, is left out with a warning."""
    found = []
    for path in sorted(editions_dir.glob(f"*/{MANIFEST}")):
        if path.parent.name.startswith("."):  # a build in progress, or one being replaced
            continue
        try:
            manifest = load(path)
        except ManifestError as error:
            log.warning("%s; that edition is not in the feed (rebuild it)", error)
            continue
        audio = enclosure_format(manifest)
        if audio is None:
            log.info("%s has no audio for a feed; not in the feed", path.parent.name)
            continue
        if not manifest.path_of(audio).is_file():
            log.warning("%s: files.%s %s is missing; that edition is not in the feed (rebuild "
                        "it)", path, audio, manifest.files[audio])  # fmt: skip
            continue
        found.append(manifest)
    newest_first = sorted(found, key=lambda manifest: manifest.published_at, reverse=True)
    return _podcast_edition_first(newest_first)


def _podcast_edition_first(manifests: list[Manifest]) -> list[Manifest]:
    """The manifests without an article's editions in other profiles when its podcast edition
    is there too: an accessible edition beside it is not a second episode."""
    with_podcast = {_guid(m) for m in manifests if m.profile == "podcast"}
    return [m for m in manifests if m.profile == "podcast" or _guid(m) not in with_podcast]


def _guid(manifest: Manifest) -> str:
    """Stable across rebuilds, and the same for every profile's edition of one article: the
    article's hash, else (a hashless source) its slug, the folder's name without the
    profile's suffix."""
    if manifest.entry:
        entry = f"{manifest.entry.feed}\n{manifest.entry.id}".encode()
        return f"narrate:entry:{hashlib.sha256(entry).hexdigest()}"
    if manifest.source.sha256:
        return f"narrate:{manifest.source.sha256}"
    preset = PROFILES.get(manifest.profile)
    return f"narrate:{manifest.folder.name.removesuffix(preset.folder_suffix if preset else '')}"


def _item(manifest: Manifest, base: str, guid: str) -> etree._Element:
    """One episode: title, description, enclosure, guid, date, duration, chapters, transcripts."""
    files, folder = manifest.files, manifest.folder
    item = etree.Element("item")
    _add(item, "title", manifest.title)
    summary = episode_summary(manifest)
    _add(item, "description", summary)
    _add(item, f"{{{ITUNES}}}summary", summary)
    if manifest.entry:
        _add(item, "link", manifest.entry.link)
    elif urlparse(manifest.source.path).scheme in ("http", "https"):
        _add(item, "link", manifest.source.path)
    audio = enclosure_format(manifest)
    if audio is None:  # find_episodes leaves such editions out
        raise ValueError(f"{manifest.folder}: no audio to offer in the feed")
    length = manifest.path_of(audio).stat().st_size
    etree.SubElement(
        item, "enclosure", url=_url(base, folder, files[audio]), length=str(length),
        type=WRITERS[audio].media_type,
    )  # fmt: skip
    _add(item, "guid", guid, isPermaLink="false")
    _add(item, "pubDate", _rfc2822(manifest))
    _add(item, f"{{{ITUNES}}}duration", hms(manifest.duration_ms))
    _add(item, f"{{{ITUNES}}}episodeType", "full")
    _simple_chapters(item, manifest)
    if "chapters_json" in files:
        url = _url(base, folder, files["chapters_json"])
        etree.SubElement(item, f"{{{PODCAST}}}chapters", url=url, type=CHAPTERS_TYPE)
    for name, rel in TRANSCRIPTS.items():
        if name in files:
            mime = writer_for(name).media_type
            element = etree.SubElement(
                item, f"{{{PODCAST}}}transcript", url=_url(base, folder, files[name]), type=mime
            )
            element.set("language", manifest.language)
            if rel:
                element.set("rel", rel)
    return item


def episode_summary(manifest: Manifest) -> str:
    """The episode's description: the article's first paragraph (else its title), then the
    synthetic-voice disclosure when the edition speaks it."""
    text = manifest.description or manifest.title
    notice = manifest.disclosure
    return f"{text}\n\n{disclosure_line(notice.text, notice.voice)}" if notice else text


def _simple_chapters(item: etree._Element, manifest: Manifest) -> None:
    """The chapters inline as Podlove Simple Chapters 1.2, which podcastparser (gPodder) and
    AntennaPod read: a start (normal play time) and a title each."""
    if not manifest.chapters:
        return
    chapters = etree.SubElement(item, f"{{{PSC}}}chapters", version="1.2")
    for chapter in manifest.chapters:
        start = caption_stamp(chapter.start_ms)  # normal play time: HH:MM:SS.mmm
        element = etree.SubElement(chapters, f"{{{PSC}}}chapter", start=start)
        element.set("title", NOT_XML.sub("", chapter.title))


def _add(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    """A child element holding `text`, without the characters XML 1.0 cannot carry."""
    element = etree.SubElement(parent, tag, attrib=attributes)
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


def _podcast_guid(feed_url: str) -> uuid.UUID:
    """Podcasting 2.0's channel guid: a UUIDv5 of the feed URL without scheme and slashes."""
    bare = re.sub(r"^[a-z]+://", "", feed_url).rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, bare)


def _shared(episodes: list[Manifest], key: str) -> str | None:
    """The value every edition's manifest gives for `key`, if they all give the same one."""
    values = {getattr(manifest, key) for manifest in episodes}
    return values.pop() if len(values) == 1 else None


def _byline(author: str | None) -> str | None:
    """A manifest's author without the "By " of a byline."""
    if not author:
        return None
    return re.sub(r"(?i)^by\s+", "", author).strip() or None


def _rfc2822(manifest: Manifest) -> str:
    """When the article was published (its feed entry's date, else when the edition was made)
    as RFC 2822, as RSS wants."""
    return format_datetime(manifest.published_at.astimezone(UTC), usegmt=True)
