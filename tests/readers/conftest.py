"""Shared fixtures for the reader tests: fixture paths and flat views of an Article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from narrate.model import Article

ARTICLES = Path(__file__).parent.parent / "fixtures" / "articles"


@pytest.fixture
def article_path() -> Callable[[str], Path]:
    """The path of a fixture article by file name."""
    return lambda name: ARTICLES / name


@pytest.fixture
def titles() -> Callable[[Article], list[str | None]]:
    """Section titles in order."""
    return lambda article: [section.title for section in article.sections]


@pytest.fixture
def spoken() -> Callable[[Article], str]:
    """Everything an article would say: title, section titles and blocks, one per line."""

    def lines(article: Article) -> str:
        said = [article.title]
        for section in article.sections:
            if section.title:
                said.append(section.title)
            said.extend(block.text for block in section.blocks)
        return "\n".join(said)

    return lines
