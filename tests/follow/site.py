"""A small web site on 127.0.0.1 whose pages a test changes between runs of `narrate follow`:
it answers a conditional request with 304 when a page's ETag still matches, counts the
requests for each page, and can be made slow."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RSS = "application/rss+xml"
HTML = "text/html; charset=utf-8"


class Site:
    """Pages by path, each its bytes and media type; `slow[path]` seconds before answering;
    a path in `down` answered 503 (a site down for a while: a failure that may pass)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.slow: dict[str, float] = {}
        self.down: set[str] = set()
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?")[0]
                site.hits[path] += 1
                time.sleep(site.slow.get(path, 0))
                if path in site.down:
                    self.send_error(503)
                    return
                if path not in site.pages:
                    self.send_error(404)
                    return
                body, media_type = site.pages[path]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    site.not_modified[path] += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def reset(self) -> None:
        self.pages.clear()
        self.slow.clear()
        self.down.clear()
        self.hits.clear()
        self.not_modified.clear()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def page(self, path: str, title: str, *paragraphs: str) -> None:
        """An HTML article page at `path`."""
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        html = (
            f'<!DOCTYPE html><html lang="en"><head><title>{escape(title)}</title></head>'
            f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
        )
        self.pages[path] = (html.encode("utf-8"), HTML)

    def rss(self, path: str, title: str, items: list[dict[str, Any]]) -> None:
        """An RSS 2.0 feed at `path`: each item's title, link (a path here), guid, date (a
        day of November 2026), and `content` (full HTML in content:encoded) when given."""
        parts = []
        for item in items:
            when = format_datetime(datetime(2026, 11, item["day"], 9, tzinfo=UTC), usegmt=True)
            content = (
                f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>"
                if "content" in item
                else ""
            )
            parts.append(
                f"<item><title>{escape(item['title'])}</title>"
                f"<link>{escape(self.url(item['link']))}</link>"
                f'<guid isPermaLink="false">{escape(item["guid"])}</guid>'
                f"<pubDate>{when}</pubDate>{content}</item>"
            )
        xml = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{escape(title)}</title><link>{self.url('/')}</link>"
            f"<description>{escape(title)}</description>{''.join(parts)}</channel></rss>"
        )
        self.pages[path] = (xml.encode("utf-8"), RSS)
