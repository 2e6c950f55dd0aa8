"""From a flat stream of headings and blocks to sections, minus the page furniture."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from narrate.model import Block, Section
from narrate.readers.cleanup import is_furniture, nav_tail_start


@dataclass(frozen=True)
class Heading:
    """A heading met while reading, before it becomes a Section."""

    text: str
    level: int


Item = Heading | Block


def without_furniture(items: Sequence[Item]) -> list[Item]:
    """Drop furniture lines and the trailing "Previous / Next" block."""
    kept = [item for item in items if not is_furniture(item.text)]
    return kept[: nav_tail_start([item.text for item in kept])]


def build_sections(items: Iterable[Item]) -> tuple[Section, ...]:
    """Group blocks under the heading before them; blocks before any heading get title None."""
    sections: list[Section] = []
    title: str | None = None
    level = 1
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Heading):
            if title is not None or blocks:
                sections.append(Section(title, level, tuple(blocks)))
            title, level, blocks = item.text, item.level, []
        else:
            blocks.append(item)
    if title is not None or blocks:
        sections.append(Section(title, level, tuple(blocks)))
    return tuple(sections)
