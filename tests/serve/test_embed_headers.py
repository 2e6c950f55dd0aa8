"""Who may frame what (narrate/serve/headers.py): the embeddable player by any site or by the
--embed-origin sites only, every other page by none; an origin that is not one is refused."""

from __future__ import annotations

import pytest

from narrate.errors import BadOption
from narrate.serve.config import checked_origins
from narrate.serve.headers import headers_for
from tests.helpers import narrate_process


def test_the_embed_may_be_framed_by_any_site_unless_origins_are_named():
    anyone = headers_for("/embed/0123456789ab")
    assert "frame-ancestors" not in anyone["Content-Security-Policy"]
    assert "X-Frame-Options" not in anyone
    assert "script-src 'sha256-" in anyone["Content-Security-Policy"]  # the player's, by hash
    named = headers_for("/embed/0123456789ab", ("https://blog.example", "https://*.clinic.org"))
    assert named["Content-Security-Policy"].endswith(
        "; frame-ancestors https://blog.example https://*.clinic.org"
    )
    assert "X-Frame-Options" not in named


@pytest.mark.parametrize("path", ["/", "/editions/0123456789ab", "/library", "/feed", "/embed",
                                  "/api/editions", "/library/podcast/a/a.mp3"])  # fmt: skip
def test_every_other_page_refuses_to_be_framed_whatever_the_embed_origins(path):
    found = headers_for(path, ("https://blog.example",))
    assert found["Content-Security-Policy"].endswith("; frame-ancestors 'none'")
    assert found["X-Frame-Options"] == "DENY"


def test_embed_origins_are_site_origins_only():
    assert checked_origins(("https://Blog.Example", "http://127.0.0.1:8080")) == (
        "https://blog.example", "http://127.0.0.1:8080")  # fmt: skip
    for bad in ("blog.example", "https://blog.example/", "https://blog.example/x", "*",
                "'none'", "https://a b", "javascript:alert(1)",
                "https://blog.example; script-src *"):  # fmt: skip
        with pytest.raises(BadOption, match="--embed-origin"):
            checked_origins((bad,))


def test_serve_refuses_an_embed_origin_in_one_line(tmp_path):
    done = narrate_process("serve", "--library", str(tmp_path / "lib"),
                           "--embed-origin", "https://blog.example/posts")  # fmt: skip
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--embed-origin" in lines[0], done.stderr
