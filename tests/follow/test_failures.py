"""Which entry failures `narrate follow` gives up on (refused for good) and which it retries
on every run (they may pass)."""

from __future__ import annotations

import pytest

from narrate.errors import ArticleError, EngineError
from narrate.follow.failures import is_permanent

URL = "https://x.example/a"


@pytest.mark.parametrize(
    "problem",
    [
        "HTTP 404 Not Found: no page at this address",
        "HTTP 410 Gone: no page at this address",
        "HTTP 403 Forbidden: the site refuses to serve it (a login or a block on robots)",
        "10.0.0.8 is a private address, not public; this server fetches only public pages",
        "is application/pdf, not an HTML page or plain text",
    ],
)
def test_a_refusal_for_good_is_permanent(problem):
    assert is_permanent(ArticleError(URL, problem))


@pytest.mark.parametrize(
    "error",
    [
        ArticleError(URL, "HTTP 503 Service Unavailable: the site failed; try again later"),
        ArticleError(URL, "HTTP 429 Too Many Requests: the site refused the request"),
        ArticleError(URL, "HTTP 408 Request Timeout: the site refused the request"),
        ArticleError(URL, "no answer within 0.5 s; the site is slow or down"),
        ArticleError(URL, "cannot connect: nothing answers at that address"),
        ArticleError(URL, "the host name was not found; check the address"),
        EngineError("the engine failed"),
        OSError(28, "No space left on device"),
    ],
)
def test_what_may_pass_is_retried(error):
    assert not is_permanent(error)
