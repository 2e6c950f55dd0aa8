"""A web page that is one <pre> (a specification, an RFC) is read as plain text (issue 28)."""

from __future__ import annotations

from html import escape

from narrate.readers.html import read_html

SPEC = """Network Working Group                                        J. Doe
Request for Comments: 9999                                  March 2026

                    The Widget Exchange Protocol

Abstract

   This document specifies how widgets exchange messages over a stream.
   It defines frames, their types, and what a receiver does with each.

1.  Introduction

   Widgets exchange messages in frames; each frame starts with a length
   and a type byte, and ends with a checksum over both.
"""


def test_a_page_that_is_one_pre_is_read_as_text():
    page = f"<html><head><title>RFC 9999</title></head><body><pre>{escape(SPEC)}</pre></body>"
    article = read_html(page)
    assert article.title == "RFC 9999"
    said = " ".join(block.text for section in article.sections for block in section.blocks)
    assert "widgets exchange messages over a stream. It defines frames" in said
    assert "a receiver does with each" in said


def test_a_pre_without_a_page_title_takes_the_text_title():
    article = read_html(f"<html><body><pre>{escape(SPEC)}</pre></body></html>")
    assert "Widget Exchange Protocol" in article.title


def test_an_article_with_a_code_sample_is_not_plain_text():
    prose = "<p>" + "A paragraph of the article that explains the code below. " * 10 + "</p>"
    page = f"<html><body><article><h1>Loops</h1>{prose}<pre>for x in y: pass</pre>{prose}"
    article = read_html(page + "</article></body></html>")
    blocks = [block.text for section in article.sections for block in section.blocks]
    assert article.title == "Loops"
    assert blocks[0].startswith("A paragraph") and blocks[-1].startswith("A paragraph")
