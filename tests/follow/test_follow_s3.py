"""A source followed into s3:// (moto's S3 server on 127.0.0.1): editions and feed.xml there,
the state in the data folder, an entry pruned there."""

from __future__ import annotations

import json

import pytest

from narrate import api
from narrate.follow import Source, follow_once, state_folder
from narrate.storage import Store
from tests.follow.site import Site
from tests.helpers import moto_s3

BUCKET = "follow"


@pytest.fixture(scope="module")
def moto_url():
    with moto_s3(BUCKET) as url:
        yield url


def test_editions_feed_and_prune_on_s3(site: Site, moto_url):
    items = []
    for n in range(2):
        site.page(f"/{n}.html", f"Harbour note {n}", f"Note {n} about the harbour.", "More.")
        items.append({"title": f"Harbour note {n}", "link": f"/{n}.html", "guid": str(n),
                      "day": n + 1})  # fmt: skip
    site.rss("/feed.xml", "Harbour", items)
    out = f"s3://{BUCKET}/pod"
    source = Source(site.url("/feed.xml"), out=out, base_url="https://cdn.example/pod/",
                    prune=True)  # fmt: skip
    tone = api.BuildOptions(engine=api.EngineChoice("tone"))
    first = follow_once(source, tone)
    assert [o.status for o in first.outcomes] == ["built", "built"]
    assert first.feed == f"{out}/feed.xml"
    store = Store(out)
    assert store.read_bytes("feed.xml").decode().count("<item>") == 2
    assert state_folder(source).is_dir() and not store.names(".narrate-follow/*")

    site.rss("/feed.xml", "Harbour", items[1:])
    second = follow_once(source, tone)
    assert [o.status for o in second.outcomes] == ["unchanged", "pruned"]
    assert store.read_bytes("harbour-note-0/manifest.json") is None
    assert store.names("harbour-note-0/*") == []
    feed = store.read_bytes("feed.xml").decode()
    assert feed.count("<item>") == 1 and "Harbour note 1" in feed
    assert json.loads(store.read_bytes("harbour-note-1/manifest.json"))["entry"]["id"]
