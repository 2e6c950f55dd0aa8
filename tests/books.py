"""Small books with nested chapters, written as Markdown for the long-document tests."""

from __future__ import annotations

from pathlib import Path

TITLE = "The Lighthouse Keeper"
SLUG = "the-lighthouse-keeper"
PARTS = ("The Storm", "The Harbour", "The Return", "The Lamp", "The Fog", "The Bell",
         "The Ledger", "The Relief")  # fmt: skip


def nested_book(folder: Path, parts: int = 3, sections: int = 2, sentences: int = 1) -> Path:
    """`book.md` in `folder`: a title and an opening line, then `parts` parts ("## Part n:
    ...") of `sections` sections ("### Section n.s") each, every one with its own sentences."""
    lines = [f"# {TITLE}", "", "A short book in parts, written for tests.", ""]
    for n, part in enumerate(PARTS[:parts], 1):
        lines += [f"## Part {n}: {part}", "", f"Part {n} opens here. It sets the scene.", ""]
        for s in range(1, sections + 1):
            said = " ".join(f"Line {k} of section {n}.{s} says one thing." for k in
                            range(1, sentences + 1))  # fmt: skip
            lines += [f"### Section {n}.{s}", "", f"Section {n}.{s} begins. {said}", ""]
    book = folder / "book.md"
    book.write_text("\n".join(lines), encoding="utf-8")
    return book
