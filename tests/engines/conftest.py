"""Fixtures for engine tests: the Google stand-in, with this process's HTTPS proxied to it."""

from __future__ import annotations

import pytest

from tests.gtts_server import serving


@pytest.fixture
def google(monkeypatch):
    """A running Google stand-in (tone voice); gTTS in this process reaches it as Google."""
    with serving(monkeypatch) as stand_in:
        yield stand_in
