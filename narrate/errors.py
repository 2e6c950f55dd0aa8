"""Error families. Each message says what happened and its probable cause or fix."""

from __future__ import annotations


class NarrateError(Exception):
    """Base of every error narrate reports to the user as one line."""


class ArticleError(NarrateError):
    """The article cannot be read or has nothing to speak."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self) -> tuple[type[ArticleError], tuple[str, str]]:  # sent back whole
        return (type(self), (self.source, self.problem))


class EngineError(NarrateError):
    """A text-to-speech engine failed or is not available."""


class OutputError(NarrateError):
    """An edition could not be written."""


class ClusterError(NarrateError):
    """The Dask cluster cannot be reached, or lost the work it was given."""


class BadOption(NarrateError):
    """An option names something that does not exist here (language, voice): a usage error.

    `option` is the flag at fault (e.g. "--format"), when one is; the message then starts with it.
    """

    def __init__(self, problem: str, option: str | None = None):
        self.problem = problem
        self.option = option
        super().__init__(f"{option}: {problem}" if option else problem)

    def __reduce__(self) -> tuple[type[BadOption], tuple[str, str | None]]:
        return (type(self), (self.problem, self.option))
