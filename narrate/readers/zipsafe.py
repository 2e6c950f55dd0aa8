"""ZIP containers (Word, OpenDocument, EPUB) opened without trusting them.

A container is refused in one line when it is not a readable ZIP (truncated, damaged, a CRC
error), has more than `MAX_MEMBERS` members, is encrypted, or is a ZIP bomb: a part that would
unpack more than `MAX_RATIO` times its packed size (past `RATIO_FROM` bytes), or parts read
that would unpack past the limit (`max_bytes`: --max-unzipped-mb). Sizes are checked before a
part is unpacked, and a part that lies about its size fails its CRC. Member names are looked
up in a set made once, so a container of many parts reads in linear time. XML parts are parsed
by lxml with no entity expansion, no DTD and no network; a part that declares entities (the
"billion laughs" attack) is refused.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from narrate.errors import ArticleError
from narrate.readers.document_options import MAX_UNZIPPED_MB

MAX_UNPACKED_BYTES = MAX_UNZIPPED_MB * 2**20  # of the parts read (--max-unzipped-mb)
MAX_RATIO = 200  # unpacked to packed; XML text packs 5-20 times, a bomb's part about 1000
RATIO_FROM = 2**20  # a part this small is read whatever its ratio (a run of spaces packs well)
MAX_MEMBERS = 10_000  # a long EPUB has a few hundred files
ENTITY_DECLARATION = b"<!ENTITY"
CENTRAL_ENTRY = b"PK\x01\x02"  # the signature of each member's central-directory entry
DAMAGED = "is damaged or truncated (not a readable ZIP container); open and save it again"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip


@dataclass
class Container:
    """An opened ZIP container: its member names, and its parts read under the limits."""

    source: str
    archive: zipfile.ZipFile
    max_bytes: int = MAX_UNPACKED_BYTES
    unpacked: int = field(default=0)
    names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = frozenset(self.archive.namelist())  # once: a lookup is then O(1)

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        """A part's bytes, counted against the unpacking limit."""
        try:
            info = self.archive.getinfo(name)
        except KeyError as exc:
            raise ArticleError(self.source, f"{DAMAGED}: {name} is missing") from exc
        if info.flag_bits & 0x1:
            raise ArticleError(
                self.source, "is encrypted; narrate cannot read password-protected documents"
            )
        if self.unpacked + info.file_size > self.max_bytes:
            raise ArticleError(
                self.source,
                f"would unpack to more than {_megabytes(self.max_bytes)}, the limit (a ZIP "
                "bomb?); --max-unzipped-mb raises it",
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArticleError(
                self.source,
                f"holds a part ({name}) that would unpack {ratio:,} times its size, to "
                f"{info.file_size:,} bytes (a ZIP bomb); narrate does not read it",
            )
        try:
            data = self.archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise ArticleError(self.source, DAMAGED) from exc
        self.unpacked += len(data)
        return data

    def xml(self, name: str) -> etree._Element:
        """A part parsed as XML, safely (see the module's docstring)."""
        return parse_xml(self.read(name), self.source, name)

    def text(self, name: str) -> str:
        """A small part (a mimetype) as ASCII text, stripped."""
        return self.read(name).decode("ascii", "replace").strip()


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def refuse_entities(data: bytes, source: str, part: str) -> None:
    """Refuse a part that declares XML entities: no document needs them, attacks do."""
    if ENTITY_DECLARATION in data:
        raise ArticleError(
            source,
            f"declares XML entities in {part} (a way to make a small file unpack enormously); "
            "narrate does not read it",
        )


def parse_xml(data: bytes, source: str, part: str) -> etree._Element:
    """XML bytes parsed with no entity expansion, DTD loading or network access."""
    refuse_entities(data, source, part)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ArticleError(source, f"{DAMAGED}: {part} is not well-formed XML") from exc


def open_container(data: bytes, source: str, max_bytes: int = MAX_UNPACKED_BYTES) -> Container:
    """Open ZIP bytes as a container, or raise ArticleError naming the problem. The members
    are counted by their central-directory signatures before zipfile lists them (a ZIP of a
    million empty members would take zipfile half a gigabyte to list)."""
    if data.count(CENTRAL_ENTRY) > MAX_MEMBERS:  # an upper bound: the signature may recur
        _too_many(source, data.count(CENTRAL_ENTRY))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        count = len(archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise ArticleError(source, DAMAGED) from exc
    if count > MAX_MEMBERS:
        _too_many(source, count)
    return Container(source, archive, max_bytes)


def _too_many(source: str, count: int) -> None:
    raise ArticleError(
        source, f"has {count:,} files inside, over narrate's limit of {MAX_MEMBERS:,}"
    )
