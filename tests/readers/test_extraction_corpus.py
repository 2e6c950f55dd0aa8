"""A sample of the shared extraction benchmark, scored as scripts/bench_extraction.py scores it:
a regression guard for the HTML reader (the full run and its table are in docs/benchmarks.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tests.helpers import needs

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench_extraction.py"
EVERY = 15  # every 15th page by key: 13 of the 181


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extraction", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _bench()
pytestmark = needs(  # CI lays shared/ beside the clone: there it must not skip
    (bench.CORPUS / "ground-truth.json").exists(), "the shared extraction corpus",
    f"a copy of shared/ beside the clone (looked in {bench.CORPUS})", required_by="CI",
)


def test_the_scorer_counts_shingles_as_the_benchmark_does():
    assert bench.score("a b c d e", "a b c d e") == bench.Score(1.0, 1.0)
    # 2 of the extraction's 3 shingles are true, and the truth has 2 shingles
    half = bench.score("x a b c d e", "a b c d e")
    assert (round(half.precision, 3), half.recall) == (0.667, 1.0)
    assert bench.score("", "a b c d") == bench.Score(0.0, 0.0)


def test_narrate_keeps_the_article_and_little_else_on_a_sample_of_real_pages():
    pages = bench.load_pages(every=EVERY)
    scores = bench.run(bench.narrate_text, pages)
    precision, recall, f1, low = bench.summary(scores)
    assert low == 0, {key: s for key, s in scores.items() if s.recall < bench.LOW_RECALL}
    assert precision >= 0.96
    assert f1 >= 0.97
