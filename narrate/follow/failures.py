"""Which failures of an entry would stay failures: a page refused for good (HTTP 4xx other
than 408 and 429, an address not allowed, a document narrate cannot read) is given up after
`GIVE_UP_AFTER` runs in a row; one that may pass (a site down, slow or busy, a network or
disk problem, an engine failing) is retried on every run."""

from __future__ import annotations

import re

from narrate.errors import ArticleError

GIVE_UP_AFTER = 3  # failed runs in a row of a permanent kind before an entry is given up
PASSING = re.compile(
    r"HTTP (?:5\d\d|408|429)\b|cannot connect|cannot fetch|no answer within|try again later"
    r"|host name was not found|timed out|certificate"
)


def is_permanent(error: BaseException) -> bool:
    """Whether `error` would be raised again by the same page on the next run."""
    return isinstance(error, ArticleError) and not PASSING.search(error.problem)
