"""The report written out: a short summary for stderr, `check.json` for programs and an
accessible `check.html` for people, whose flagged sentences link to their time in the player
(the edition's page with `#t=SECONDS`, or its audio with a media fragment)."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from pathlib import Path
from urllib.parse import quote

from narrate.check.report import Report, percent, threshold_percent
from narrate.fs import atomic_write_text
from narrate.plural import count
from narrate.timefmt import clock, iso_duration

JSON_FILE = "check.json"
HTML_FILE = "check.html"
HEARD = {True: "yes", False: "no", None: "not spoken in this edition"}
SHOWN = 3  # times per misheard word in the summary (check.json and check.html have all)
COMPARED = {
    "captions": "compared with the captions: this edition predates its spoken script "
    "(.script.json); rebuild it to compare with what was said",
    "transcript": "compared with the transcript: this edition predates its spoken script "
    "(.script.json); rebuild it to compare with what was said",
}


def _no_respelling(note: str, first: str = "no") -> str:
    return f"{first} respelling to offer" + (f" ({note})" if note else "")


def summary(report: Report) -> str:
    """A few lines: the verdict, the figures, each fault."""
    headings = sum(c.heading_heard is True for c in report.chapters)
    spoken = sum(c.heading_heard is not None for c in report.chapters)
    heading_note = f"{headings} of {count(spoken, 'heading')} heard at their marks" if spoken else (
        "headings not spoken in this edition"
    )
    lines = [
        f"check: {'passed' if report.passed else 'FAILED'}: "
        f"{percent(report.heard_share, report.thresholds.min_heard)} of the words said heard "
        f"back ({report.words_heard} of {report.words}); {heading_note}; "
        f"{count(len(report.mishearings), 'word')} heard differently; "
        f"{count(len(report.unwritten), 'passage')} heard that were not said",
    ]
    if report.compared_with != "script":
        lines.append(f"  note: {COMPARED[report.compared_with]}")
    lines += [f"  fault: {fault}" for fault in report.faults]
    for number, item in enumerate(report.mishearings, start=1):
        times = ", ".join(f"{heard!r} at {clock(at)}" for heard, at in item.heard[:SHOWN])
        if len(item.heard) > SHOWN:
            times += f" and {count(len(item.heard) - SHOWN, 'more time')}"
        advice = f"try {item.say!r} (heard right)" if item.say else _no_respelling(item.note)
        lines.append(f"  [{number}] {item.written!r} heard as {times}; {advice}")
    return "\n".join(lines)


def write_json(report: Report, folder: Path) -> Path:
    text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    return atomic_write_text(Path(folder) / JSON_FILE, text)


def write_html(report: Report, folder: Path, link_to: Callable[[int], str]) -> Path:
    return atomic_write_text(Path(folder) / HTML_FILE, render_html(report, link_to))


def render_html(report: Report, link_to: Callable[[int], str]) -> str:
    """The report as a small accessible page: one h1, sections as h2, tables with headers;
    `link_to(ms)` gives the link that plays the edition from a time."""

    def at(ms: int) -> str:
        href = escape(quote(link_to(ms), safe="/#=."), quote=True)
        return f'<a href="{href}"><time datetime="{iso_duration(ms)}">{clock(ms)}</time></a>'

    verdict = "passed" if report.passed else "failed"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Check {verdict}: {escape(Path(report.folder).name)}</title>",
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:50rem;margin:auto;"
        "padding:1rem}table{border-collapse:collapse}th,td{border:1px solid;padding:.25rem .5rem;"
        "text-align:left;vertical-align:top}a{color:#0645ad}</style></head><body><main>",
        f"<h1>Check {verdict}: what a listener hears</h1>",
        f"<p>{percent(report.heard_share, report.thresholds.min_heard)} of the words said "
        f"({report.words_heard} of {report.words}) were heard back (at least "
        f"{threshold_percent(report.thresholds.min_heard)} needed), by "
        f"{escape(report.model)}.</p>",
    ]
    if report.compared_with != "script":
        parts.append(f"<p>{escape(COMPARED[report.compared_with])}.</p>")
    if report.faults:
        parts.append('<h2 id="faults">Faults</h2><ul>')
        parts += [f"<li>{escape(fault)}</li>" for fault in report.faults]
        parts.append("</ul>")
    parts.append('<h2 id="chapters">Chapters</h2><table><thead><tr><th scope="col">Chapter</th>'
                 '<th scope="col">Mark</th><th scope="col">Heading heard at the mark</th>'
                 '<th scope="col">Words heard</th></tr></thead><tbody>')  # fmt: skip
    for c in report.chapters:
        parts.append(f"<tr><th scope=\"row\">{escape(c.title)}</th><td>{at(c.mark_ms)}</td>"
                     f"<td>{HEARD[c.heading_heard]}</td>"
                     f"<td>{percent(c.heard_share)}</td></tr>")  # fmt: skip
    parts.append("</tbody></table>")
    parts.append('<h2 id="least-heard">Sentences heard least</h2>')
    parts.append(_list([f"{at(s.start_ms)} {percent(s.heard_share)}: {escape(s.text)}"
                        + (f" <span>(heard: {escape(s.heard)})</span>" if s.heard else "")
                        for s in report.least_heard]))  # fmt: skip
    parts.append('<h2 id="misheard">Words heard differently</h2>')
    items = []
    for number, m in enumerate(report.mishearings, start=1):
        times = ", ".join(f"&ldquo;{escape(heard)}&rdquo; at {at(ms)}" for heard, ms in m.heard)
        if m.say:
            advice = (f"Lexicon entry, heard right when tried: "
                      f"<code>{escape(_entry(m.written, m.say))}</code> "
                      f"(<code>narrate check EDITION --accept {number}</code>)")  # fmt: skip
        else:
            advice = (f"{escape(_no_respelling(m.note, 'No'))}; to give your own: <code>"
                      f"narrate check EDITION --accept {number} --say TEXT</code>")  # fmt: skip
        items.append(f"[{number}] <strong>{escape(m.written)}</strong> heard as {times}. {advice}")
    parts.append(_list(items))
    parts.append('<h2 id="unwritten">Heard but not said</h2>')
    parts.append(_list([f"{at(u.start_ms)} {escape(u.text)}" for u in report.unwritten]))
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _entry(written: str, say: str) -> str:
    return f"{json.dumps(written, ensure_ascii=False)} = {json.dumps(say, ensure_ascii=False)}"


def _list(items: list[str]) -> str:
    if not items:
        return "<p>None.</p>"
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
