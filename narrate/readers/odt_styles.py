"""OpenDocument's names (namespaces) and its styles: which paragraph styles are the title,
headings (by outline level) and table headings, which list levels are numbered, and the
document's language, from styles.xml and content.xml."""

from __future__ import annotations

from lxml import etree

from narrate.readers.office import number

NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


class Styles:
    """Paragraph styles (title, outline level) and list styles (bulleted or numbered levels)."""

    def __init__(self, roots: list[etree._Element]):
        self.parent: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.lists: dict[str, dict[int, tuple[bool, int]]] = {}
        self.language = ""
        for root in roots:
            for style in root.iter(q("style:style")):
                name = style.get(q("style:name")) or ""
                self.parent[name] = style.get(q("style:parent-style-name")) or ""
                self.display[name] = style.get(q("style:display-name")) or name
                level = style.get(q("style:default-outline-level"))
                if level:
                    self.outline[name] = number(level, 1, 1, 10)
            for list_style in root.iter(q("text:list-style")):
                levels = {}
                for element in list_style:
                    depth = number(element.get(q("text:level")), 1, 1, 10)
                    numbered = element.tag == q("text:list-level-style-number") and bool(
                        element.get(q("style:num-format"))
                    )
                    levels[depth] = (numbered, number(element.get(q("text:start-value")), 1))
                self.lists[list_style.get(q("style:name")) or ""] = levels
            for properties in root.iter(q("style:text-properties")):
                language, country = properties.get(FO + "language"), properties.get(FO + "country")
                if language and not self.language and language != "zxx":
                    self.language = f"{language}-{country}" if country else language

    def chain(self, name: str) -> list[str]:
        seen: list[str] = []
        while name and name not in seen and len(seen) < 20:
            seen.append(name)
            name = self.parent.get(name, "")
        return seen

    def role(self, name: str) -> tuple[str, int]:
        for ancestor in self.chain(name):
            display = self.display.get(ancestor, ancestor).strip().lower()
            if display == "title":
                return "title", 0
            if display == "subtitle":
                return "subtitle", 0
            if display == "table heading":
                return "table heading", 0
            if ancestor in self.outline:
                return "heading", min(self.outline[ancestor], 6)
        return "paragraph", 0
