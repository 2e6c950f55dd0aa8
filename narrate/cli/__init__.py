"""The command line: one module per command, each loaded only when its command runs, so
`narrate --help` and `narrate --version` load none of the pipeline.

A new command is one module here (`narrate/cli/<name>.py`, defining a Click command `<name>`)
and one line in COMMANDS: its short help, shown by `narrate --help` without importing it.
"""

from __future__ import annotations

import click

from narrate import __version__
from narrate.cli.guard import GuardedGroup
from narrate.cli.log import show_warnings

# name: (module, short help). tests/test_cli_lazy.py checks each against its command's help.
COMMANDS = {
    "build": ("narrate.cli.build", "Narrate ARTICLE(s) (.txt, .md, .html, .pdf, .docx, .odt, "
              ".epub, an http(s) URL, or - for stdin) into OUT/<slug>/ (OUT/<slug>.accessible/, "
              "OUT/<slug>.phone/ for those profiles)."),  # fmt: skip
    "cache": ("narrate.cli.cache", "Check and trim the clip cache and the mastering memo kept "
              "beside it."),  # fmt: skip
    "check": ("narrate.cli.check", "Listen to EDITION with an offline recogniser and report "
              "what a listener hears."),  # fmt: skip
    "feed": ("narrate.cli.feed", "Write FOLDER/feed.xml: an RSS feed of the editions in FOLDER, "
             "newest first."),  # fmt: skip
    "follow": ("narrate.cli.follow", "Follow SOURCE (an RSS, Atom or JSON feed, or a "
               "sitemap.xml): build each new or changed entry into OUT, then write OUT/feed.xml."),
    "script": ("narrate.cli.script", "Print what will be spoken, one cue per line, so it can be "
               "proofread before synthesis."),  # fmt: skip
    "sections": ("narrate.cli.sections", "Show how ARTICLE(s) will be split, without "
                 "synthesizing anything."),  # fmt: skip
    "serve": ("narrate.cli.serve", "Serve the web app and the JSON API (documented at "
              "/openapi.json) until stopped."),  # fmt: skip
    "voices": ("narrate.cli.voices", "List the engines, languages and voices available here (no "
               "network needed)."),  # fmt: skip
}


@click.group(
    cls=GuardedGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="narrate")
def main() -> None:
    """Turn written articles into chaptered audio with transcripts and captions."""
    show_warnings()
