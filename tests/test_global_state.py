"""Nothing is configured by importing or probing: warnings filters and pydub's ffmpeg stay as the
process had them, and the CLI offers engines registered after it was imported."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from narrate.engines.base import ENGINES, register
from tests.tone_engine import ToneEngine


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_narrate_and_its_cli_installs_no_warnings_filter():
    code = (
        "import warnings; before = list(warnings.filters)\n"
        "import narrate, narrate.cli, narrate.api, narrate.pipeline\n"
        "print(warnings.filters == before)"
    )
    assert _run(code) == "True"


def test_finding_ffmpeg_leaves_pydub_alone():
    code = (
        "from narrate._pydub import AudioSegment; before = AudioSegment.converter\n"
        "from narrate.ffmpeg import ffmpeg_exe; ffmpeg_exe()\n"
        "print(AudioSegment.converter == before)"
    )
    assert _run(code) == "True"


def test_the_google_probe_leaves_the_warnings_filters_as_they_were():
    code = (
        "import warnings, requests, gtts  # their imports add filters of their own\n"
        "from narrate.engines.gtts import probe_google\n"
        "before = list(warnings.filters); probe_google(timeout_s=0.5, tld='invalid')\n"
        "print(warnings.filters == before)"
    )
    assert _run(code) == "True"


def test_an_engine_registered_after_the_cli_is_imported_is_offered():
    from narrate.cli import main

    @register
    class LateTone(ToneEngine):
        name = "late-tone"

    try:
        result = CliRunner().invoke(main, ["voices", "--engine", "late-tone"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("late-tone (offline)")
        assert "late-tone" in CliRunner().invoke(main, ["build", "--help"]).output
    finally:
        del ENGINES["late-tone"]
