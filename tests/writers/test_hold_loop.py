"""The hold loop's order: one message from each language in turn."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from narrate.writers.hold_loop import alternate, languages, loop_name


def _edition(folder: str, language: str, count: int) -> SimpleNamespace:
    messages = [{"name": f"{n:02d}-m"} for n in range(1, count + 1)]
    return SimpleNamespace(folder=Path(folder), language=language, phone={"messages": messages})


def test_an_article_with_more_messages_ends_the_loop_alone():
    editions = [_edition("a.phone", "en", 3), _edition("b.phone", "es", 1),
                _edition("c.phone", "pt-BR", 2)]  # fmt: skip
    taken = [(t.language, t.entry["name"]) for t in alternate(editions)]
    assert taken == [("en", "01-m"), ("es", "01-m"), ("pt-br", "01-m"),
                     ("en", "02-m"), ("pt-br", "02-m"), ("en", "03-m")]  # fmt: skip
    assert languages(editions) == ["en", "es", "pt-br"]
    assert loop_name(editions, ".phone") == "a+b+c.phone"
    assert loop_name([_edition("a", "en", 1), _edition("b", "es", 1)], "") == "a+b"
