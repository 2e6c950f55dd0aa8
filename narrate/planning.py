"""Everything before synthesis: the build's settings, reading an article and scripting it
(what `narrate sections`, dry runs and the web app's review need), without loading an engine,
the audio libraries, mastering or the writers. narrate.pipeline builds on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from narrate.edition_options import EditionOptions
from narrate.errors import ArticleError
from narrate.model import Article, Script
from narrate.profiles import Profile, edition_folders
from narrate.readers import MAX_CHARS, read_article
from narrate.readers.document_options import DocumentOptions
from narrate.readers.url import FetchOptions
from narrate.slug import slugify
from narrate.speech.lexicon import Lexicon, clinical_lexicon, find_default_lexicon, load_lexicon
from narrate.speech.normalize import normalize, steps
from narrate.speech.script import build_script
from narrate.textclean import clean, clean_option

if TYPE_CHECKING:
    from narrate.speech.explain import Change, Explainer
    from narrate.staging import Claim
    from narrate.storage import Place


@dataclass(frozen=True)
class BuildSettings:
    """Everything about an edition that is not the article or the engine."""

    profile: Profile
    out_dir: Path | str = Path("audio_out")  # a folder, or a URL (s3://bucket/editions)
    title: str | None = None
    author: str | None = None
    language: str | None = None
    announce: bool = True
    announce_numbers: bool = False
    cache_dir: Path | str | None = None  # a folder, or a URL (s3://bucket/cache)
    use_cache: bool = True
    lexicon: Path | None = None
    clinical: bool = True  # narrate's clinical lexicon, after the user's
    locale: str | None = None  # the region numeric dates are read in (en-US, en-GB)
    urls: str = "read"
    disclosure: str = "end"  # the synthetic-voice notice's chapter: start, end or none
    edition: EditionOptions = EditionOptions()
    date: str | None = None  # publication date, YYYY-MM-DD; default: today (UTC)
    fetch: FetchOptions = FetchOptions()  # limits for articles given by URL
    overwrite: bool = False  # replace an edition of another source with the same slug
    # editions of every profile side by side in out_dir (`<slug>/` for the profile without a
    # folder suffix, `<slug>.<profile>/` for the others); False: `<slug>/` whatever the
    # profile, for a folder that holds one profile's editions (the web app's
    # `<library>/<profile>/`)
    side_by_side: bool = True
    max_chars: int = MAX_CHARS  # longer articles are refused before they are read
    document: DocumentOptions = DocumentOptions()  # OCR for scans, tables, notes
    # each chapter's quick preview beside the edition while the rest is spoken
    # (narrate.chapter_previews); None: with --split-chapters
    previews: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "author", clean_option(self.author, "--author"))

    def writer_formats(self) -> tuple[str, ...]:
        """Every writer this edition runs: audio formats (--format wins), then the others."""
        audio = self.edition.formats or self.profile.audio_formats
        split = ("split_chapters",) if self.edition.split_chapters else ()
        return tuple(dict.fromkeys((*audio, *self.profile.formats, *split)))  # epub: once

    def folder_name(self, slug: str) -> str:
        """The name of the edition's folder in out_dir."""
        return self.profile.folder_name(slug) if self.side_by_side else slug

    def claim(self, article: Article) -> Claim:
        """What this edition of `article` may replace in out_dir (staging.Claim): with editions
        side by side, its own profile's edition of the same article, beside the same article's
        editions in the other profiles."""
        from narrate import staging
        from narrate.manifest import source_location

        slug = slug_for(article)
        own = self.folder_name(slug)
        kin = tuple(name for name in edition_folders(slug) if name != own)
        return staging.Claim(
            location=source_location(article.source),
            sha256=article.source_sha256,
            overwrite=self.overwrite,
            profile=self.profile.name if self.side_by_side else None,
            kin=kin if self.side_by_side else (),
        )

    @property
    def out_place(self) -> Place:
        """Where the editions go (out_dir): a local folder or a URL (narrate.storage)."""
        from narrate.storage import Place

        return Place.of(self.out_dir)

    def check(self) -> None:
        """Fail on options that cannot work before anything is synthesized."""
        from narrate import writers

        for name in self.writer_formats():
            writers.writer_for(name).check(self.edition)
        if self.edition.cover:
            writers.check_cover(self.edition.cover)
        self.out_place.check_writable()


def plan(source: str | Path, options: BuildSettings) -> tuple[Article, Script]:
    """Read one article (a path, a URL, or "-" for stdin) and script it: everything before
    synthesis, so unspeakable input fails before any engine call."""
    article = read_article(
        source,
        title=options.title,
        language=options.language,
        fetch_options=options.fetch,
        max_chars=options.max_chars,
        document=options.document,
    )
    return article, script_for(article, options)


def speaker(article: Article, options: BuildSettings) -> Callable[[str], str]:
    """Display text to spoken text for this article: its language, lexicons, locale and URLs."""
    lexicons = _lexicons_for(article, options)

    def speak(text: str) -> str:
        spoken = normalize(
            text, article.language, lexicon=lexicons, urls=options.urls, locale=options.locale
        )
        return clean(spoken)[0]  # a lexicon's spoken forms come from a file too

    return speak


def explainer(article: Article, options: BuildSettings) -> Explainer:
    """Like `speaker`, with the rule or lexicon entry behind each change (for --diff)."""
    from narrate.speech.explain import explain  # difflib: only for --diff and the review

    lexicons = _lexicons_for(article, options)

    def why(text: str) -> tuple[str, list[Change]]:
        language, urls, locale = article.language, options.urls, options.locale
        return explain(text, steps(text, language, lexicon=lexicons, urls=urls, locale=locale))

    return why


def slug_for(article: Article) -> str:
    """The edition's folder name: from the title, else (no Latin letters) the file's name."""
    stem = Path(article.source).stem if article.source != "<stdin>" else "article"
    return slugify(article.title, fallback=slugify(stem))


def script_for(article: Article, options: BuildSettings) -> Script:
    """What will be said: everything before synthesis, for dry runs too."""
    script = build_script(
        article,
        options.profile.pauses,
        announce=options.announce,
        announce_numbers=options.announce_numbers or options.profile.announce_numbers,
        speak=speaker(article, options),
        disclosure=options.disclosure,
    )
    if not script.chapters:
        raise ArticleError(article.source, "no speakable text after removing page furniture")
    return script


def _lexicons_for(article: Article, options: BuildSettings) -> tuple[Lexicon, ...]:
    """The user's lexicon, then the clinical one without the words the user's pronounces."""
    user = _lexicon_for(article, options)
    clinical = clinical_lexicon(article.language).without(user) if options.clinical else None
    return tuple(lexicon for lexicon in (user, clinical) if lexicon)


def _lexicon_for(article: Article, options: BuildSettings) -> Lexicon | None:
    """The user's --lexicon, else a narrate.toml beside the article or in the working folder."""
    if options.lexicon:
        return load_lexicon(options.lexicon)
    beside = Path(article.source) if article.source != "<stdin>" else None
    found = find_default_lexicon(beside, Path.cwd())
    return load_lexicon(found) if found else None
