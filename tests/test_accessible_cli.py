"""An accessible edition from the command line: DAISY book, player page, HTML transcript."""

from __future__ import annotations

import json

from click.testing import CliRunner
from lxml import etree, html

from narrate.cli import main
from tests.helpers import tiny_article_text


def test_accessible_profile_writes_daisy_player_and_transcript(tmp_path, tone_calls):
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(
        main,
        [
            "build",
            str(article),
            "--profile",
            "accessible",
            "--engine",
            "tone",
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "tiny-article.accessible"  # beside a podcast edition
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["profile"] == "accessible"
    for name in ("mp3", "player", "daisy", "transcript_html", "vtt", "chapters_vtt"):
        assert (folder / manifest["files"][name]).is_file(), name
    assert "Section one of two: First Heading" in tone_calls  # headings announced with their place
    page = html.parse(str(folder / "index.html")).getroot()
    assert page.find(".//audio").get("src") == "tiny-article.mp3"
    chapters = page.xpath('//nav[@aria-label="Chapters"]//a')
    assert [a.text_content().split(" 0")[0].strip() for a in chapters][1:] == [
        "First Heading",
        "Second Heading",
        "About this audio",  # the synthetic-voice notice, its own chapter
    ]
    ncc = etree.parse(str(folder / "daisy" / "ncc.html"))
    titles = ncc.xpath("//*[local-name()='h1' or local-name()='h2']//text()")
    assert "First Heading" in " ".join(titles)
    transcript = html.parse(str(folder / "tiny-article.transcript.html")).getroot()
    assert len(transcript.findall(".//h1")) == 1
    assert [h.text_content().split(" 0")[0].strip() for h in transcript.findall(".//h2")] == [
        "First Heading",
        "Second Heading",
        "About this audio",
    ]
