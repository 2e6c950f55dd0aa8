"""Every article in examples/ passes `narrate check` in the accessible profile: the checks of
test_check_examples.py, in a file of their own so that pytest-xdist (`--dist loadfile`, one
file to a worker) runs them beside the podcast and phone editions' checks, not after them.
The clips are the run's (tests/conftest.py `piper_clips`), whichever file speaks them first.
"""

from __future__ import annotations

import pytest

from tests.check.test_check_examples import (  # noqa: F401  (the shared fixtures)
    ARTICLES,
    built,
    cache,
    passes_the_check,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("article", ARTICLES)
def test_every_example_passes_the_check_as_an_accessible_edition(built, cache, article):  # noqa: F811
    passes_the_check(built, cache, "accessible", article)
