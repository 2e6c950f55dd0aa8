"""`narrate follow`'s own options, in this process (CliRunner): the interval of --every, and a
loop whose runs fail and which a stop signal ends with exit 0."""

from __future__ import annotations

import signal
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

import narrate.cli.follow as follow_command
from narrate.cli import main
from narrate.signals import Interrupted
from tests.follow.site import Site


@pytest.mark.parametrize("given", ["1h", "30m", "1h30m", "90s", "1d", "2D"])
def test_intervals_are_read(given):
    seconds = follow_command.Interval().convert(given, None, None)
    assert seconds == {"1h": 3600, "30m": 1800, "1h30m": 5400, "90s": 90, "1d": 86400,
                       "2D": 172800}[given]  # fmt: skip


@pytest.mark.parametrize("given", ["", "0s", "soon", "1w", "h1", "-1h", "1.5h"])
def test_a_bad_interval_is_a_usage_error(given):
    result = CliRunner().invoke(main, ["follow", "https://x.example/feed", "--every", given])
    assert result.exit_code == 2
    assert f"{given!r} is not an interval such as 1h, 30m, 1h30m or 90s" in result.output


def test_every_reports_a_failing_run_and_stops_cleanly(site: Site, tmp_path, monkeypatch):
    sleeps = []

    def sleep(seconds: float) -> None:  # the second wait is where SIGTERM comes
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(follow_command, "time", SimpleNamespace(sleep=sleep))
    result = CliRunner().invoke(main, ["follow", site.url("/missing.xml"), "-o",
                                       str(tmp_path / "out"), "--every", "2m"])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    error = (
        f"narrate: error: {site.url('/missing.xml')}: HTTP 404 Not Found: no page at this address"
    )
    assert lines == [error, error, "narrate: stopped by SIGTERM; stopped following (an entry "
                     "being built is built on the next run)"]  # fmt: skip
    assert sleeps == [120, 120]


def test_a_bad_option_stops_before_the_first_run(site: Site, tmp_path):
    result = CliRunner().invoke(main, ["follow", "ftp://x.example/feed", "--every", "1h"])
    assert result.exit_code == 1
    assert "only http:// and https:// addresses can be fetched" in result.output
