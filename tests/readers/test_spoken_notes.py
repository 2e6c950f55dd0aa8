"""What the voice is given for notes, update lines and inline images (issue 28): the spoken
script as a user proofreads it (`narrate script`), for web pages, Markdown and pasted text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate import api
from narrate.readers.bylines import read_metadata
from narrate.readers.html import read_html
from narrate.readers.markdown import read_markdown
from narrate.readers.text import read_text
from tests.helpers import narrate_process

DISCLOSURE = "This audio was read by a synthetic voice."
BODY = (
    "The bridge closed for nine days in 1989, the longest closure on record.{m1} Traffic moved "
    "to the ferries, which carried twice their usual load for the whole of that autumn and "
    "much of the winter after it, while the crews worked on the deck."
)
REPAIRS = (
    "Engineers replaced a fifty-foot section of the upper deck in a month of day and night "
    "shifts.{m2} The cost was shared by the state and the federal government over several years."
)
NOTE_1 = "Closed from October 17 to October 26."
NOTE_2 = "See the state transport report."

HTML = f"""<!doctype html><html lang="en"><head><title>The bay bridge closure</title></head><body>
<article><h1>The bay bridge closure</h1>
<p>By Maria Chen | Published March 3, 2026 Updated March 4, 2026</p>
<p>Updated at 10:42 a.m. ET</p>
<p>{BODY.format(m1='<sup id="fnref1"><a href="#fn1" class="footnote-ref">1</a></sup>')}</p>
<h2>The repairs</h2>
<p>{REPAIRS.format(m2='<sup><a href="#fn2" id="fnref2">[2]</a></sup>')}</p>
<p>This article was updated on March 4, 2026.</p>
<section class="footnotes" role="doc-endnotes"><hr><ol>
<li id="fn1"><p>{NOTE_1} <a href="#fnref1" class="footnote-back">↩︎</a></p></li>
<li id="fn2"><p>{NOTE_2} <a href="#fnref2" class="footnote-back">↩︎</a></p></li>
</ol></section></article></body></html>"""

MARKDOWN = f"""# The bay bridge closure

By Maria Chen | Published March 3, 2026 | Updated at 10:42 a.m. ET

{BODY.format(m1="[^1]")}

## The repairs

{REPAIRS.format(m2="[^2]")}

Last updated: March 4, 2026

[^1]: {NOTE_1}
[^2]: {NOTE_2}
"""

PASTED = f"""The bay bridge closure

By Maria Chen
Published 9:00 AM EST Mar 3, 2026 Updated 10:42 AM EST Mar 4, 2026

{BODY.format(m1="[1]")}

The repairs

{REPAIRS.format(m2="[2]")}

Editor's note: This story was updated at 5:45 p.m. ET to include details from the state.

Notes

↑ {NOTE_1}
↑ {NOTE_2}
"""

SPOKEN_NOTES = [
    "Notes", "Note one.", "Closed from October seventeenth to October twenty-sixth.",
    "Note two.", "See the state transport report.",
]  # fmt: skip


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spoken")
    paths = []
    for name, text in (("page.html", HTML), ("post.md", MARKDOWN), ("pasted.txt", PASTED)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _scripts(output: str) -> list[list[str]]:
    """One list of spoken lines per article of a `narrate script` run."""
    scripts, current = [], []
    for line in output.splitlines():
        current.append(line)
        if line == DISCLOSURE:
            scripts.append(current)
            current = []
    return scripts


def test_notes_are_read_once_at_the_end_as_note_1_and_update_lines_never(sources):
    run = narrate_process("script", *map(str, sources))
    assert run.returncode == 0, run.stderr
    scripts = _scripts(run.stdout)
    assert len(scripts) == 3
    for source, script in zip(sources, scripts, strict=True):
        said = "\n".join(script)
        assert script[-6:-1] == SPOKEN_NOTES, (source.name, script)
        assert said.count("October seventeenth") == 1, source.name  # once, at the end
        assert "updated" not in said.casefold() and "published" not in said.casefold()
        assert "↩" not in said and "↑" not in said and "[" not in said, source.name
        assert "By Maria" not in said, source.name
        last_text = max(i for i, line in enumerate(script) if "several years" in line)
        assert last_text < script.index("Notes"), source.name


def test_notes_skip_leaves_them_out_of_every_kind_of_text(sources):
    run = narrate_process("script", "--notes", "skip", *map(str, sources))
    assert run.returncode == 0, run.stderr
    for script in _scripts(run.stdout):
        said = "\n".join(script)
        assert "Note one" not in said and "October seventeenth" not in said
        assert "Notes" not in script and "several years." in said


def _said(article) -> list[str]:
    return [text for s in article.sections for text in ([s.title] if s.title else [])
            + [b.text for b in s.blocks]]  # fmt: skip


def _page(body: str) -> str:
    prose = " ".join(
        f"Paragraph {n} of the article says something about the ferries and the bridge."
        for n in range(6)
    )
    return (
        "<!doctype html><html><head><title>Ferries</title></head><body><article>"
        f"<h1>Ferries</h1><p>{prose}</p>{body}</article></body></html>"
    )


NOTE_SHAPES = {
    "pandoc": '<p>Text.<a href="#fn1" class="footnote-ref" role="doc-noteref"><sup>1</sup></a>'
    '</p><section class="footnotes" role="doc-endnotes"><ol><li id="fn1"><p>The note.'
    '<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>',
    "github": '<p>Text.<sup><a href="#user-content-fn-1" id="user-content-fnref-1" '
    'data-footnote-ref>1</a></sup></p><section data-footnotes class="footnotes"><h2 '
    'id="footnote-label">Footnotes</h2><ol><li id="user-content-fn-1"><p>The note. <a '
    'href="#user-content-fnref-1" data-footnote-backref class="data-footnote-backref">↩</a></p>'
    "</li></ol></section>",
    "wikipedia": '<p>Text.<sup class="reference"><a href="#cite_note-Smith-1">[1]</a></sup></p>'
    '<div class="reflist"><ol class="references"><li id="cite_note-Smith-1"><span><b><a '
    'href="#cite_ref-Smith_1-0">^</a></b></span> <span>The note.</span></li></ol></div>',
    "word": '<p>Text.<a href="#_ftn1" name="_ftnref1"><sup>[1]</sup></a></p>'
    '<p><a name="_ftn1" href="#_ftnref1">[1]</a> The note.</p>',
    "aside": '<p>Text.<a href="#n1">*</a></p>'
    '<aside id="n1" role="doc-footnote">* The note.</aside>',
    "paragraphs": '<p>Text.<a href="#en1">[1]</a></p><div class="endnotes"><p id="en1">[1] '
    "The note.</p></div>",
    "linked id": '<p>Text.<sup><a href="#footnote-1">1</a></sup></p>'
    '<div id="footnote-1"><a href="#ref-1">↑</a> The note.</div>',
}


@pytest.mark.parametrize("shape", sorted(NOTE_SHAPES))
def test_a_web_pages_notes_in_each_markup_are_read_last_without_marks(shape):
    article = read_html(_page(NOTE_SHAPES[shape]))
    said = _said(article)
    assert said[-2:] == ["Notes", "Note 1. The note."], said
    assert not [line for line in said[:-2] if "note" in line.casefold() or "↩" in line]
    assert "Text." in said


def test_text_that_only_looks_like_notes_stays_where_it_is():
    page = _page(
        '<p class="footnote">Prices include tax.</p><ol><li>First step.</li>'
        "<li>Second step.</li></ol><h2>Notes</h2><p>Bring a coat on the ferry.</p>"
    )
    said = _said(read_html(page))
    assert "Prices include tax." in said and said[-1] == "Bring a coat on the ferry."
    sentence = "The boats leave the quay every hour, from six in the morning until late at night."
    anchored = _said(read_html(_page(f'<p>{sentence}<a name="_ftn9"></a> {sentence}</p>')))
    assert f"{sentence} {sentence}" in anchored and "Notes" not in anchored
    assert "Note 1." not in " ".join(said)
    pasted = read_text("Ferries\n\nSteps\n\n1. Buy a ticket.\n2. Board.\n\nWe leave at noon.")
    assert "Notes" not in _said(pasted)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text("abcdefghij klmnop", min_size=3, max_size=40).filter(lambda t: t.strip()),
        min_size=1,
        max_size=4,
    )
)
def test_markdown_footnotes_of_any_text_are_read_after_everything_else(notes):
    refs = "".join(f"[^{n}]" for n in range(1, len(notes) + 1))
    defs = "\n".join(f"[^{n}]: Zq {text}" for n, text in enumerate(notes, 1))
    article = read_markdown(f"# Title\n\nSome text.{refs} More.\n\n## Part\n\nEnd.\n\n{defs}\n")
    said = _said(article)
    notes_at = said.index("Notes")
    assert all("Zq" not in line for line in said[:notes_at])
    assert [line.split(".")[0] for line in said[notes_at + 1 :]] == [
        f"Note {n}" for n in range(1, len(notes) + 1)
    ]
    assert "[^" not in " ".join(said)


@pytest.mark.parametrize(
    "line",
    [
        "Updated at 10:42 a.m. ET",
        "Last updated: March 4, 2026",
        "Published March 3, 2026 Updated March 4, 2026",
        "Published 9:00 AM EST Mar 3, 2026 Updated 10:42 AM EST Mar 3, 2026",
        "Published: 3 March 2026 Last updated: 4 March 2026",
        "This article was updated on March 4, 2026.",
        "This story has been updated to correct the spelling of a name.",
        "Editor's note: This story was updated at 5:45 p.m. ET to include details from NASA.",
        "This article was originally published on March 3, 2026.",
    ],
)
def test_update_and_publication_lines_are_metadata(line):
    assert read_metadata(line) is not None
    said = _said(read_markdown(f"# Title\n\nSome text of the article.\n\n{line}\n\nMore text.\n"))
    assert said == ["Some text of the article.", "More text."]


@pytest.mark.parametrize(
    "line",
    [
        "The entry-level MacBook Pro was last updated in July, and the others in May.",
        "This article was updated on March 4. The bridge reopened on Friday.",
        "This article was originally published by Futurism.",
        "The page was updated with new photos of the bridge.",
    ],
)
def test_sentences_about_updates_are_still_text(line):
    assert read_metadata(line) is None


def test_the_corpus_page_with_an_update_note_speaks_neither_it_nor_its_notes_mid_article(
    tmp_path,
):
    page = tmp_path / "notes.html"
    update = "<p>Editor's note: This story was updated at 5:45 p.m. ET to include details.</p>"
    page.write_text(_page(NOTE_SHAPES["word"] + update + "<p>About the company.</p>"))
    script = [cue.spoken for cue in api.script(page).cues]
    assert "About the company." in script
    assert script.index("About the company.") < script.index("Notes")
    assert not [line for line in script if "updated" in line]


def test_numbered_notes_under_a_notes_heading_are_notes_and_a_recipes_tips_are_not():
    numbered = read_text(
        "Ferries\n\nThe crossing takes an hour and the boats run every day of the year.\n\n"
        "Notes\n\n1. Winter timetable.\n2. Summer timetable.\n"
    )
    assert _said(numbered)[-3:] == [
        "Notes", "Note 1. Winter timetable.", "Note 2. Summer timetable."
    ]  # fmt: skip
    tips = read_markdown("# Bread\n\nMix and bake.\n\n## Notes\n\n- Use strong flour.\n- Rest.\n")
    assert _said(tips) == ["Mix and bake.", "Notes", "Use strong flour.", "Rest."]
