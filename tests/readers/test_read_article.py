"""read_article: choosing a reader, overrides, provenance, stdin, and every bad input."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from narrate.errors import ArticleError
from narrate.readers import read_article
from tests.helpers import as_non_root

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
HTML_PAGE = (
    "<!DOCTYPE html><html lang='fr'><head><title>Le Titre</title></head><body><article>"
    "<h1>Le Titre</h1><p>Bonjour tout le monde.</p></article></body></html>"
)
NAV_ONLY = "Home › Blog › Wellness\nShare this\nShare on Facebook\nRead more\nBack to top\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_provenance_is_filled(article_path):
    path = article_path("ketamine-infusion-vs-kap.txt")
    article = read_article(str(path))
    assert article.source == str(path)
    assert article.source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.first_paragraph.startswith("If you’ve been exploring ketamine treatment")
    assert article.language == "en"


def test_path_objects_are_accepted(article_path):
    assert read_article(article_path("bread-basics.md")).title == "Bread Basics"


def test_title_and_language_overrides(article_path):
    article = read_article(article_path("brew-coffee.html"), title="My Title", language="de")
    assert (article.title, article.language) == ("My Title", "de")


@pytest.mark.parametrize(
    ("name", "content", "title"),
    [
        ("page.htm", HTML_PAGE, "Le Titre"),
        ("notes.markdown", "# Heading Title\n\nBody.\n", "Heading Title"),
        ("notes.md", "# Heading Title\n\nBody.\n", "Heading Title"),
        ("notes.article", "Plain Title\n\nBody.\n", "Plain Title"),
        ("NOTES", "Plain Title\n\nBody.\n", "Plain Title"),
        ("saved.txt", "\ufeff\n  " + HTML_PAGE, "Le Titre"),
        ("saved", "<html><body><p>Hi there.</p></body></html>", "Saved"),
    ],
)
def test_reader_is_chosen_by_suffix_and_html_is_sniffed(tmp_path, name, content, title):
    assert read_article(write(tmp_path, name, content)).title == title


def test_sniffed_html_uses_its_language(tmp_path):
    assert read_article(write(tmp_path, "page.txt", HTML_PAGE)).language == "fr"


def test_file_name_becomes_the_title_when_none_is_found(tmp_path):
    path = write(tmp_path, "my-first_post.txt", "It starts with a sentence.\nThen another.\n")
    assert read_article(path).title == "My first post"


def test_stdin_text(monkeypatch, titles):
    fake_stdin(monkeypatch, b"Piped Title\n\nPiped body text.\n")
    article = read_article("-")
    assert (article.title, article.source) == ("Piped Title", "<stdin>")
    assert titles(article) == [None]
    assert article.first_paragraph == "Piped body text."


def test_stdin_html_is_sniffed(monkeypatch):
    fake_stdin(monkeypatch, HTML_PAGE.encode())
    article = read_article("-")
    assert (article.title, article.language) == ("Le Titre", "fr")


def test_stdin_without_a_title_is_untitled(monkeypatch):
    fake_stdin(monkeypatch, b"Just one sentence of text.\n")
    assert read_article("-").title == "Untitled article"


def test_utf16_file_with_byte_order_mark(tmp_path):
    path = write(tmp_path, "wide.txt", "Wide Title\r\n\r\nGrüße ☕.\r\n".encode("utf-16"))
    article = read_article(path)
    assert article.title == "Wide Title"
    assert article.first_paragraph == "Grüße ☕."


def test_cp1252_file(tmp_path):
    text = "Café Notes\n\nUn café crème, très agréable, et une crêpe à l'heure du goûter.\n" * 2
    article = read_article(write(tmp_path, "cafe.txt", text.encode("cp1252")))
    assert article.title == "Café Notes"
    assert "crème" in article.first_paragraph


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert (error.value.source, error.value.problem) == (str(path), "no such file")


def test_directory(tmp_path):
    with pytest.raises(ArticleError, match="is a directory") as error:
        read_article(tmp_path)
    assert error.value.source == str(tmp_path)


def test_unreadable_file_on_disk(tmp_path):
    """A file of mode 000, as a user without root's override of file modes (setpriv) meets it."""
    path = write(tmp_path, "secret.txt", "Title\n\nBody.\n")
    path.chmod(0)
    try:
        result = subprocess.run(
            as_non_root([sys.executable, "-m", "narrate", "sections", str(path)]),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        path.chmod(0o600)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"narrate: error: {path}: cannot read: Permission denied"]


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "Title\n\nBody.\n")

    def refuse(self: Path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # how the reader opens the file
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert error.value.problem == "cannot read: Permission denied"


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\t\n  ", b"\xef\xbb\xbf", "  \n ".encode("utf-16")],
    ids=["empty", "whitespace", "utf8-bom-only", "utf16-whitespace"],
)
def test_empty_files(tmp_path, content):
    with pytest.raises(ArticleError) as error:
        read_article(write(tmp_path, "blank.txt", content))
    assert error.value.problem == "is empty"


def test_empty_stdin(monkeypatch):
    fake_stdin(monkeypatch, b"")
    with pytest.raises(ArticleError, match="^<stdin>: is empty$"):
        read_article("-")


def test_binary_file(tmp_path):
    with pytest.raises(ArticleError, match="looks like binary data, not an article"):
        read_article(write(tmp_path, "photo.txt", PNG))


def test_undecodable_file(tmp_path):
    with pytest.raises(ArticleError, match="cannot decode"):
        read_article(write(tmp_path, "garbled.txt", bytes(range(128, 256))))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nav.txt", "Page Title\n" + NAV_ONLY),
        ("links.txt", "Previous\nNext\nShare this\n"),
        ("tail.txt", "Page Title\n\nPrevious\nOlder Title\nNext\nNewer Title\n"),
        ("nav.html", "<html><body><nav><p>Menu</p></nav><footer>© Site</footer></body></html>"),
        ("nav.md", "# Title\n\n## Empty heading\n\n```\ncode only\n```\n"),
        ("marks.txt", "Title\n\n* * *\n\n---\n"),
    ],
)
def test_nothing_speakable(tmp_path, name, content):
    with pytest.raises(ArticleError) as error:
        read_article(write(tmp_path, name, content))
    assert error.value.problem == "no speakable text after removing page furniture"


def test_messages_are_one_line(tmp_path):
    for path in (tmp_path / "missing.txt", write(tmp_path, "b.txt", PNG), tmp_path):
        with pytest.raises(ArticleError) as error:
            read_article(path)
        message = str(error.value)
        assert "\n" not in message and error.value.problem[0].islower()
