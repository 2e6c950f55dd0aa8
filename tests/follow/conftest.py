"""The changing web site the follow tests read, one per test module, emptied for each test."""

from __future__ import annotations

import pytest

from tests.follow.site import Site


@pytest.fixture(scope="module")
def running_site():
    site = Site()
    yield site
    site.stop()


@pytest.fixture
def site(running_site: Site) -> Site:
    running_site.reset()
    return running_site
