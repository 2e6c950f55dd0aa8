"""lxml helpers the DAISY and EPUB writers share: a child element in its parent's namespace,
and a document serialized indented, with the inline elements kept on their line of text."""

from __future__ import annotations

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"


def el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child in its parent's namespace (or `tag`'s own, given as {ns}name), with optional
    text and attributes (a trailing `_` dropped: `class_` for `class`)."""
    namespace = etree.QName(parent).namespace
    if not tag.startswith("{") and namespace:
        tag = f"{{{namespace}}}{tag}"
    element = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    element.text = text
    return element


def serialize(root: etree._Element, doctype: str | None = None) -> bytes:
    """The document indented, except inside headings and paragraphs (XHTML spans and links
    stay on their line, a space apart), with an XML declaration and `doctype`."""
    etree.indent(root, space="  ")
    for inline in root.iter(f"{{{XHTML}}}span", f"{{{XHTML}}}a"):
        parent = inline.getparent()
        if parent is not None and inline.getprevious() is None:
            parent.text = None
        inline.tail = " " if inline.getnext() is not None else None
    body = etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype=doctype)
    return body + b"\n"
