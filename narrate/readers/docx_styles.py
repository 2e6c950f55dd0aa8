"""Word's paragraph styles (which are the title, headings, a printed contents) and list
numbering (which list levels are numbered, and the running count of each), from styles.xml and
numbering.xml."""

from __future__ import annotations

import re

from lxml import etree

from narrate.readers.office import number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
CONTENTS_STYLE = re.compile(r"toc\s*(heading|\d)|table of figures|index\s*(heading|\d)", re.I)
NUMBERED_FORMATS = frozenset({"decimal", "decimalZero", "upperRoman", "lowerRoman",
                              "upperLetter", "lowerLetter", "ordinal"})  # fmt: skip


def w(name: str) -> str:
    """A WordprocessingML element or attribute name."""
    return f"{{{W}}}{name}"


class Styles:
    """Paragraph styles: which are the title and headings (by built-in name or outline level)."""

    def __init__(self, root: etree._Element | None):
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.numbering: dict[str, tuple[str, int]] = {}
        self.language = ""
        if root is None:
            return
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId")) or ""
            name = style.find(w("name"))
            self.names[style_id] = (name.get(w("val")) if name is not None else "") or ""
            based = style.find(w("basedOn"))
            if based is not None:
                self.based_on[style_id] = based.get(w("val")) or ""
            level = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if level is not None:
                self.outline[style_id] = number(level.get(w("val")), 9, 0, 9)
            numbered = style.find(f"{w('pPr')}/{w('numPr')}")
            if numbered is not None:
                self.numbering[style_id] = num_pr(numbered)
        lang = root.find(f"{w('docDefaults')}//{w('lang')}")
        if lang is not None:
            self.language = lang.get(w("val")) or ""

    def chain(self, style_id: str) -> list[str]:
        """The style and the styles it is based on, nearest first."""
        seen: list[str] = []
        while style_id and style_id not in seen and len(seen) < 20:
            seen.append(style_id)
            style_id = self.based_on.get(style_id, "")
        return seen

    def role(self, style_id: str, outline: int | None) -> tuple[str, int]:
        """("title", 0), ("heading", level), ("subtitle", 0), ("contents", 0) for a printed
        table of contents or index, or ("paragraph", 0)."""
        for ancestor in self.chain(style_id):
            name = self.names.get(ancestor, ancestor).strip().lower()
            if CONTENTS_STYLE.fullmatch(name):
                return "contents", 0
            if name == "title":
                return "title", 0
            if name == "subtitle":
                return "subtitle", 0
            heading = HEADING_STYLE.fullmatch(name)
            if heading and int(heading.group(1)) <= 6:
                return "heading", int(heading.group(1))
        if outline is None:
            outline = next((self.outline[a] for a in self.chain(style_id) if a in self.outline),
                           None)  # fmt: skip
        if outline is not None and outline < 9:  # 9 is "body text"
            return "heading", min(outline + 1, 6)
        return "paragraph", 0


def num_pr(element: etree._Element) -> tuple[str, int]:
    num = element.find(w("numId"))
    level = element.find(w("ilvl"))
    depth = number(level.get(w("val")) if level is not None else None, 0, 0, 8)
    return (num.get(w("val")) if num is not None else "") or "", depth


class Numbering:
    """Numbered and bulleted lists: each list level's format and start, and running counts."""

    def __init__(self, root: etree._Element | None):
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.counts: dict[str, dict[int, int]] = {}  # by list, each level's last number
        if root is None:
            return
        abstract = {}
        for definition in root.iter(w("abstractNum")):
            levels = {}
            for element in definition.iter(w("lvl")):
                fmt = element.find(w("numFmt"))
                start = element.find(w("start"))
                levels[number(element.get(w("ilvl")), 0, 0, 8)] = (
                    (fmt.get(w("val")) if fmt is not None else "decimal") or "decimal",
                    number(start.get(w("val")) if start is not None else None, 1),
                )
            abstract[definition.get(w("abstractNumId"))] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = abstract.get(ref.get(w("val")) if ref is not None else None, {})
            for level, value in levels.items():
                self.formats[(num.get(w("numId")) or "", level)] = value

    def place(self, num_id: str, level: int) -> tuple[bool, int | None]:
        """Whether (num_id, level) is a list, and the item's number (None for a bullet)."""
        if num_id in ("", "0") or (num_id, level) not in self.formats:
            return False, None
        fmt, start = self.formats[(num_id, level)]
        counts = self.counts.setdefault(num_id, {})
        for deeper in [depth for depth in counts if depth > level]:
            del counts[deeper]  # a deeper level starts again under each item
        number = counts.get(level, start - 1) + 1
        counts[level] = number
        return True, number if fmt in NUMBERED_FORMATS else None
