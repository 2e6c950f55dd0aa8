"""What a run of `narrate follow` did, entry by entry."""

from __future__ import annotations

from dataclasses import dataclass

# built (new), updated (changed, rebuilt under the same guid), unchanged, failed (retried
# next run), gave up (refused for good several runs in a row: left until the source changes
# it), waiting (past --limit, or a stop), skipped (another run is building it), pruned
GAVE_UP = "gave up"
STATUSES = ("built", "updated", "unchanged", "failed", GAVE_UP, "waiting", "skipped", "pruned")


@dataclass(frozen=True)
class EntryOutcome:
    """One entry's fate in a run: `problem` says why it failed or waits; `edition` is where
    its edition is (folder or URL) when it was built."""

    id: str
    link: str
    title: str | None
    status: str  # one of STATUSES
    problem: str | None = None
    edition: str | None = None

    def line(self) -> str:
        """The outcome in one line, as the CLI prints it."""
        name = self.title or self.link
        detail = self.edition if self.status in ("built", "updated") else self.problem
        return f"{self.status}: {name}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class FollowReport:
    """A run over one source: whether it had changed (`not_modified`: the server said 304),
    each entry's outcome, and the podcast feed written (None: not written this run)."""

    source: str
    not_modified: bool
    outcomes: tuple[EntryOutcome, ...]
    feed: str | None = None

    def having(self, status: str) -> list[EntryOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def failed(self) -> list[EntryOutcome]:
        return self.having("failed")

    def summary(self) -> str:
        """The run in one line: counts by status, or that the source had not changed."""
        counts = ", ".join(f"{len(self.having(s))} {s}" for s in STATUSES if self.having(s))
        if self.not_modified:
            return f"{self.source}: not modified since the last run; " + (counts or "nothing to do")
        return f"{self.source}: {counts or 'no entries'}"
