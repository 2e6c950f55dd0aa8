"""`narrate check`: prove what the listener hears. An offline recogniser hears a finished
edition chapter by chapter; the words heard are lined up against what the voice was given to
say (the edition's spoken script), and the report says which headings are heard at their
marks, how much of what was said is heard back, which words are heard as others (with a
lexicon entry that was tried and heard right) and what is heard that was never said. The
flow: edition.py (read the folder) → transcribe.py → said.py, align.py → report.py (with
suggest.py and trial.py) → output.py (stderr summary, check.json, check.html) and the
manifest's `check` record; accept.py writes an accepted suggestion into a lexicon.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from narrate.check.edition import read_edition
from narrate.check.output import write_html, write_json
from narrate.check.report import Report, Thresholds, build_report
from narrate.check.transcribe import CheckUnavailable, Recogniser
from narrate.check.trial import Trial
from narrate.fs import atomic_write_text
from narrate.manifest import FILENAME, CheckRecord, dumps, load
from narrate.timefmt import utc_stamp

__all__ = ["CheckUnavailable", "Report", "Thresholds", "check_edition"]


def check_edition(
    folder: Path,
    thresholds: Thresholds | None = None,
    *,
    recogniser: Recogniser | None = None,
) -> Report:
    """Hear the edition in `folder`, write check.json, check.html and the manifest's record,
    and return the report (`report.passed` says whether it met `thresholds`)."""
    thresholds = thresholds or Thresholds()
    recogniser = recogniser or Recogniser()  # first: a missing extra is said before all else
    edition = read_edition(Path(folder))
    language = recogniser.language_for(edition.manifest.language)
    heard = []
    for index, chapter in enumerate(edition.chapters):
        heard += recogniser.hear(chapter, index, language)
    tryout = Trial(edition.manifest, recogniser, language)
    report = build_report(edition, heard, thresholds, recogniser.name, tryout)
    write_json(report, edition.folder)
    write_html(report, edition.folder, edition.link_to)
    _record(edition.folder, report)
    return report


def _record(folder: Path, report: Report) -> None:
    """The check's figures in the manifest, written atomically over it."""
    manifest = load(folder / FILENAME)
    record = CheckRecord(
        checked=utc_stamp(),
        passed=report.passed,
        heard_share=report.heard_share,
        headings_heard=sum(c.heading_heard is True for c in report.chapters),
        chapters=len(report.chapters),
        faults=len(report.faults),
        model=report.model,
    )
    atomic_write_text(folder / FILENAME, dumps(replace(manifest, check=record)))
