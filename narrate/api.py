"""narrate's one entry for programs: typed options in, articles, scripts and editions out.

The CLI, and any web app or worker, call these functions; every check of the options lives here
(`validate()`), so no caller has to copy it. Set-up that the whole run needs (the ffmpeg binary
pydub uses) happens here, once, not when a module is imported.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from narrate import planning  # the pipeline itself is loaded by the first build
from narrate.errors import BadOption, OutputError
from narrate.lengths import check_lengths
from narrate.memory import MEMORY_MB, MIN_MEMORY_MB
from narrate.model import Article, Cue, Script
from narrate.readers import MAX_CHARS
from narrate.readers.document_options import (
    MAX_PAGES,
    MAX_UNZIPPED_MB,
    NOTES,
    PARSE_MEMORY_MB,
    PARSE_TIMEOUT_S,
    TABLES,
    DocumentOptions,
)
from narrate.readers.url import FetchOptions
from narrate.storage import local_or_url

if TYPE_CHECKING:
    from narrate.engine_pool import EnginePool
    from narrate.engines.base import Engine, EngineOptions
    from narrate.pipeline import Edition
    from narrate.speech.explain import Explainer
    from narrate.speech_stream import SpeechOptions, SpeechStream


def __getattr__(name: str) -> object:  # Edition, loaded with the pipeline when first asked for
    if name == "Edition":
        from narrate.pipeline import Edition

        return Edition
    raise AttributeError(f"module 'narrate.api' has no attribute {name!r}")


MP3_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # kbit/s
# options only some profiles take (Profile.edition_options): given to another, they would do
# nothing
EDITION_FLAGS = {"cover": "--cover", "intro": "--intro", "outro": "--outro",
                 "bitrate": "--bitrate", "split_chapters": "--split-chapters"}  # fmt: skip

MAX_PARSE_TIMEOUT_S = 86_400.0  # a day: longer is a mistake (and past the CPU limit's range)
Progress = Callable[[int, int, Cue], None]  # clips done, clips in all, the cue being spoken


@dataclass(frozen=True)
class ReadOptions:
    """How articles are read and scripted: everything a dry run (`plan`, `script`) needs."""

    profile: str = "podcast"  # podcast, accessible or phone (narrate.profiles)
    title: str | None = None
    language: str | None = None
    announce: bool = True
    announce_numbers: bool = False
    pause_ms: int | None = None  # the sentence pause; the others scale with it
    lexicon: Path | None = None
    clinical: bool = True
    locale: str | None = None  # en-US, en-GB: how numeric dates are read
    urls: str = "read"  # read or drop
    disclosure: str = "end"  # the synthetic-voice notice: start, end or none (narrate.disclosure)
    max_bytes: int = FetchOptions.max_bytes
    fetch_timeout_s: float = FetchOptions.timeout_s
    max_chars: int = MAX_CHARS
    public_urls_only: bool = False  # refuse URLs of private, loopback, link-local hosts
    ocr: bool = False  # read a PDF with no text layer (a scan) with Tesseract
    tables: str = "read"  # documents' tables: read (row by row, with column headers) or skip
    notes: str = "end"  # documents' footnotes and endnotes: end (of their chapter) or skip
    max_pages: int = MAX_PAGES  # a PDF's pages, an EPUB's spine documents
    max_unzipped_mb: int = MAX_UNZIPPED_MB  # what a Word, OpenDocument or EPUB file unpacks to
    parse_timeout_s: float = PARSE_TIMEOUT_S  # the reading of a document, in its own process
    parse_memory_mb: int = PARSE_MEMORY_MB  # that process's memory ceiling

    def validate(self) -> None:
        """Raise a BadOption naming the first option that cannot work."""
        from narrate.profiles import PROFILES
        from narrate.speech.context import check_locale

        if self.profile not in PROFILES:
            raise BadOption(f"{self.profile!r}; choose from {', '.join(PROFILES)}", "--profile")
        if self.urls not in ("read", "drop"):
            raise BadOption(f"{self.urls!r}; choose read or drop", "--urls")
        if self.disclosure not in ("start", "end", "none"):
            raise BadOption(f"{self.disclosure!r}; choose start, end or none", "--disclosure")
        if self.tables not in TABLES:
            raise BadOption(f"{self.tables!r}; choose {' or '.join(TABLES)}", "--tables")
        if self.notes not in NOTES:
            raise BadOption(f"{self.notes!r}; choose {' or '.join(NOTES)}", "--notes")
        if self.pause_ms is not None and not 0 <= self.pause_ms <= 10_000:
            raise BadOption(f"{self.pause_ms}; give 0 to 10000", "--pause-ms")
        self._validate_limits()
        check_lengths(title=self.title)
        if self.locale:
            try:
                check_locale(self.locale)
            except ValueError as error:
                raise BadOption(str(error), "--locale") from None

    def _validate_limits(self) -> None:
        """Raise a BadOption for a document limit that is not a number in its range."""
        whole = ((self.max_pages, "--max-pages", 1), (self.max_unzipped_mb, "--max-unzipped-mb", 1),
                 (self.parse_memory_mb, "--parse-memory-mb", MIN_MEMORY_MB))  # fmt: skip
        for value, flag, low in whole:
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise BadOption(f"{value!r}; give a whole number, {low} or more", flag)
        timeout = self.parse_timeout_s
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
            0 < timeout <= MAX_PARSE_TIMEOUT_S
        ):
            raise BadOption(
                f"{timeout!r}; give seconds, more than 0, at most {MAX_PARSE_TIMEOUT_S:g}",
                "--parse-timeout",
            )

    def document(self) -> DocumentOptions:
        """How documents are read, and their limits."""
        return DocumentOptions(
            ocr=self.ocr, tables=self.tables, notes=self.notes, max_pages=self.max_pages,
            max_unzipped_mb=self.max_unzipped_mb, parse_timeout_s=float(self.parse_timeout_s),
            parse_memory_mb=self.parse_memory_mb,
        )  # fmt: skip

    def settings(self) -> planning.BuildSettings:
        """The pipeline's settings for these options."""
        from narrate.profiles import profile
        from narrate.speech.context import check_locale

        fetch = FetchOptions(
            max_bytes=self.max_bytes,
            timeout_s=self.fetch_timeout_s,
            public_only=self.public_urls_only,
        )
        return planning.BuildSettings(
            profile=profile(self.profile).with_pause(self.pause_ms),
            fetch=fetch,
            title=self.title,
            language=self.language,
            announce=self.announce,
            announce_numbers=self.announce_numbers,
            lexicon=self.lexicon,
            clinical=self.clinical,
            locale=check_locale(self.locale) if self.locale else None,
            urls=self.urls,
            disclosure=self.disclosure,
            max_chars=self.max_chars,
            document=self.document(),
        )


@dataclass(frozen=True)
class EngineChoice:
    """Which voice speaks, and how: `auto` picks once per run and says which. `settings` are
    values for engines' own options, by field name (`{"deterministic": True}` for piper, `tld`,
    `jobs`... for gtts): each engine takes those its Options has."""

    name: str = "auto"
    voice: str | None = None
    rate: float | None = None  # default: the profile's
    settings: Mapping[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise a BadOption for an engine not registered here, or a setting none has."""
        from narrate.engines import ENGINES

        if self.name != "auto" and self.name not in ENGINES:
            known = ", ".join(["auto", *sorted(ENGINES)])
            raise BadOption(f"{self.name!r}; choose from {known}", "--engine")
        flags = {flag.field: flag for cls in ENGINES.values() for flag in cls.flags}
        for name, value in self.settings.items():
            if name not in flags:
                raise BadOption(f"no engine has a setting {name!r}; known: {', '.join(flags)}")
            problem = flags[name].check(value)
            if problem:
                raise BadOption(problem, flags[name].name)


@dataclass(frozen=True)
class BuildOptions(ReadOptions):
    """Everything a build needs besides the articles: what to write, where, with which voice."""

    out_dir: Path | str = Path("audio_out")  # a folder, or a URL (s3://bucket/editions)
    engine: EngineChoice = field(default_factory=EngineChoice)
    formats: tuple[str, ...] | None = None  # audio formats; default: the profile's
    bitrate: str | None = None  # MP3, e.g. "64k"; default: the profile's
    loudness_lufs: float | None = None  # default: the profile's
    cover: Path | None = None
    intro: Path | None = None
    outro: Path | None = None
    split_chapters: bool = False
    # each chapter's quick MP3 in OUT/.<folder>.preview/ as soon as it is spoken, gone when the
    # edition is published (narrate.chapter_previews); None: with split_chapters
    previews: bool | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD; default: today (UTC)
    # writers' own options, by writer format and field name ({"phone": {"gap_s": 1.0}}): each
    # writer takes those its Options has
    writer_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    cache_dir: Path | str | None = None  # a folder, or a URL (s3://bucket/cache)
    use_cache: bool = True
    overwrite: bool = False
    # one article's editions in several profiles side by side in out_dir: `<slug>/` (podcast),
    # `<slug>.accessible/`, `<slug>.phone/`; False: `<slug>/` whatever the profile, for a
    # folder that holds one profile's editions (the web app's `<library>/<profile>/`)
    side_by_side: bool = True
    # engine processes for a CPU-bound engine (piper); 1: synthesis in this process; None: one
    # per core, as many as memory holds (narrate.engine_pool.default_workers)
    workers: int | None = None
    # the most data one engine process may hold (MB; in this process: may add), so a text
    # that would need more fails with one clear error (narrate.memory); None: no ceiling
    memory_limit_mb: int | None = MEMORY_MB

    def validate(self) -> None:
        """Raise a BadOption naming the first option that cannot work, before any synthesis."""
        from narrate.profiles import profile
        from narrate.writers import check_writer_settings, format_choices

        super().validate()
        self.engine.validate()
        if self.workers is not None and (
            isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1
        ):
            raise BadOption(f"{self.workers!r}; give a whole number, 1 or more", "--workers")
        limit = self.memory_limit_mb
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)
                                  or limit < MIN_MEMORY_MB):  # fmt: skip
            raise BadOption(f"{limit!r}; give {MIN_MEMORY_MB} MB or more", "--memory-limit")
        check_lengths(author=self.author)
        chosen = profile(self.profile)
        for name, flag in EDITION_FLAGS.items():
            if getattr(self, name) and name not in chosen.edition_options:
                raise BadOption(f"{flag} does not apply to --profile {self.profile}")
        check_writer_settings(self.writer_settings, chosen)
        allowed = format_choices(chosen)
        for name in self.formats or ():
            if name not in allowed:
                raise BadOption(f"{name!r}; choose from {', '.join(allowed)}", "--format")
        if self.profile == "accessible" and self.formats and "mp3" not in self.formats:
            raise BadOption("the accessible player needs mp3", "--format")
        if self.bitrate and not (
            re.fullmatch(r"\d+k", self.bitrate) and int(self.bitrate[:-1]) in MP3_BITRATES
        ):
            rates = ", ".join(f"{r}k" for r in MP3_BITRATES)
            raise BadOption(f"{self.bitrate!r}; MP3 takes {rates}", "--bitrate")
        if self.loudness_lufs is not None and not -40 <= self.loudness_lufs <= -5:
            raise BadOption(f"{self.loudness_lufs}; give -40 to -5 LUFS", "--loudness")
        if self.engine.rate is not None and not 0.5 <= self.engine.rate <= 2.0:
            raise BadOption(f"{self.engine.rate}; give 0.5 to 2.0", "--rate")

    def settings(self) -> planning.BuildSettings:
        """The pipeline's settings for these options (validate first)."""
        from narrate.profiles import profile
        from narrate.writers.base import EditionOptions, writers_own_options

        chosen = profile(self.profile)
        edition = EditionOptions(
            formats=None if chosen.formats_from else self.formats,
            bitrate=self.bitrate,
            cover=self.cover,
            intro=self.intro,
            outro=self.outro,
            loudness_lufs=self.loudness_lufs,
            split_chapters=self.split_chapters,
            writer_options=writers_own_options(chosen, self.writer_settings, self.formats),
        )
        return replace(
            super().settings(),
            out_dir=local_or_url(self.out_dir),
            author=self.author,
            date=self.date,
            cache_dir=local_or_url(self.cache_dir) if self.cache_dir else None,
            use_cache=self.use_cache,
            overwrite=self.overwrite,
            side_by_side=self.side_by_side,
            edition=edition,
            previews=self.previews,
        )


def read(source: str | Path, options: ReadOptions | None = None) -> Article:
    """Read one article (a path, an http(s) URL, or "-" for stdin) as narrate sees it."""
    return plan(source, options)[0]


def script(source: str | Path, options: ReadOptions | None = None) -> Script:
    """What will be spoken for one article, cue by cue, without synthesizing anything."""
    return plan(source, options)[1]


def plan(source: str | Path, options: ReadOptions | None = None) -> tuple[Article, Script]:
    """Read and script one article: everything before synthesis (a dry run)."""

    options = options or ReadOptions()
    options.validate()
    return planning.plan(source, options.settings())


def explainer(article: Article, options: ReadOptions | None = None) -> Explainer:
    """Display text → the changes made to speak it, each with the rule or lexicon entry."""

    options = options or ReadOptions()
    options.validate()
    return planning.explainer(article, options.settings())


def hear(spoken: str, language: str, options: BuildOptions | None = None) -> Path:
    """`spoken` (a cue's spoken text) said by the engine a build with `options` would use, as
    a WAV in the clip cache: "listen to this sentence" before a build (which then reuses it)."""
    from narrate.preview import hear_line

    options = options or BuildOptions()
    options.validate()
    return hear_line(spoken, _engine_options(options, language), options)


def prepare_hear(language: str, options: BuildOptions | None = None) -> threading.Thread | None:
    """Start loading, on a thread of its own, the voice `hear` would speak in with `options`,
    so the first sentence heard need not wait for it (None: nothing to load ahead, as for an
    online engine); `hear` raises what goes wrong."""
    from narrate.preview import warm_line_voice

    options = options or BuildOptions()
    return warm_line_voice(_engine_options(options, language), options)


def speech(text: str, options: SpeechOptions | None = None) -> SpeechStream:
    """`text` read as a build reads it (the normaliser, the lexicons, a cue per sentence, no
    title or notice added) and spoken sentence by sentence: iterate the stream for encoded
    audio as it is synthesized (the OpenAI-compatible endpoint's work). Every error the text
    or options can cause is raised here, before any audio."""
    from narrate.speech_stream import SpeechOptions, article_of, open_stream

    options = options or SpeechOptions()
    options.validate(text)
    settings = ReadOptions(announce=False, disclosure="none", lexicon=options.lexicon,
                           clinical=options.clinical).settings()  # fmt: skip
    script = planning.script_for(article_of(text, options.language), settings)
    return open_stream(script.cues, options)


def add_pronunciation(lexicon: Path, written: str, spoken: str) -> None:
    """Set `written` = `spoken` in a TOML lexicon (made if missing), keeping its comments."""
    from narrate.check.accept import write_entry

    write_entry(lexicon, written, spoken)


def build(
    sources: Iterable[str | Path],
    options: BuildOptions | None = None,
    *,
    on_engine: Callable[[str, str], None] | None = None,
    on_progress: Progress | None = None,
) -> list[Edition]:
    """Narrate each source into its folder in `options.out_dir` (`<slug>/` for podcast,
    `<slug>.<profile>/` for the other profiles); the finished Editions, in order."""
    return list(editions(sources, options, on_engine=on_engine, on_progress=on_progress))


def editions(
    sources: Iterable[str | Path],
    options: BuildOptions | None = None,
    *,
    on_engine: Callable[[str, str], None] | None = None,
    on_progress: Progress | None = None,
) -> Iterator[Edition]:
    """Like `build`, yielding each Edition as soon as it is published. Every article is read
    and scripted, and every option checked, before the engine speaks a word."""
    options = options or BuildOptions()
    prepared = prepare_speaking_early(sources, options)
    if prepared is None:
        return
    if on_engine:
        on_engine(prepared.engine.name, prepared.reason)
    yield from build_prepared(prepared, options, on_progress=on_progress)


def prepare_speaking_early(
    sources: Iterable[str | Path], options: BuildOptions
) -> Prepared | None:
    """`prepare`, with the run's engine processes (`--workers`) started first, so they load
    their voice while the articles are read and scripted; ended again if nothing is built."""
    from narrate.engine_pool import end_early, start_early

    start_early(options.engine.name, options.workers)
    try:
        prepared = prepare(sources, options)
    except BaseException:
        end_early()
        raise
    if prepared is None:
        end_early()
    return prepared


def build_prepared(
    prepared: Prepared,
    options: BuildOptions | None = None,
    *,
    on_progress: Progress | None = None,
) -> Iterator[Edition]:
    """Narrate what `prepare` read and scripted, yielding each Edition as it is published
    (one engine pool for the run). A caller that prepares first knows every script's length
    before the first clip: the web app counts its progress over several editions with it."""
    from narrate.engine_pool import pool_for
    from narrate.memory import headroom

    options = options or BuildOptions()
    memory = options.memory_limit_mb
    with pool_for(prepared.engine, options.workers, memory) or nullcontext() as pool:  # one per run
        # Speaking in this process: its data may grow by at most the ceiling, but only when the
        # build runs on the main thread (the CLI, a script). The cap is the whole process's, so
        # a server building on a worker thread would have its other requests refused memory.
        own_process = pool is None and threading.current_thread() is threading.main_thread()
        for article, spoken in prepared.planned:
            with headroom(memory) if own_process else nullcontext():
                built = edition(article, spoken, prepared.engine, prepared.settings,
                                on_progress=on_progress, pool=pool)  # fmt: skip
            yield built


@dataclass(frozen=True)
class Prepared:
    """A build ready to run: every article read and scripted, the engine chosen (once, for the
    whole run), the pipeline's settings checked."""

    planned: list[tuple[Article, Script]]
    engine: Engine
    reason: str  # why this engine (auto's probe, or "chosen")
    settings: planning.BuildSettings


def prepare(sources: Iterable[str | Path], options: BuildOptions | None = None) -> Prepared | None:
    """Check the options, read and script every source, choose the engine: everything before
    synthesis (None for no sources). `editions` and the cluster's client both start here."""
    options = options or BuildOptions()
    sources = list(sources)
    options.validate()
    if options.title and len(sources) > 1:
        raise BadOption("--title names one article; give one ARTICLE with it")
    settings = options.settings()
    settings.check()
    planned = [planning.plan(source, settings) for source in sources]  # bad input fails first
    return _prepared(planned, options, settings)


def prepare_articles(
    articles: Iterable[Article], options: BuildOptions | None = None
) -> Prepared | None:
    """`prepare` for articles already read (`read`, then changed: a followed feed's entry,
    given its link as its source and its entry): scripted, the engine chosen."""
    options = options or BuildOptions()
    options.validate()
    settings = options.settings()
    settings.check()
    planned = [(article, planning.script_for(article, settings)) for article in articles]
    return _prepared(planned, options, settings)


def _prepared(
    planned: list[tuple[Article, Script]], options: BuildOptions, settings: planning.BuildSettings
) -> Prepared | None:
    """The Prepared build of `planned` (None when empty): the engine chosen for their language."""
    from narrate.engines.choose import choose_engine

    if not planned:
        return None
    languages = _check_articles([article for article, _ in planned], options)
    choice = options.engine
    engine, reason = choose_engine(
        choice.name, _engine_options(options, languages[0]), choice.settings
    )
    return Prepared(planned, engine, reason, settings)


def prepare_together(
    sources: Iterable[str | Path], options: BuildOptions | None = None
) -> list[Prepared]:
    """`build --together`: each article read, scripted and given its own language's engine
    (one Prepared each, built as usual), once the options are known to make one hold loop."""
    from narrate.storage import Place

    options = options or BuildOptions()
    sources = list(sources)
    if options.profile != "phone":
        raise BadOption(f"--together makes one hold loop of phone editions, not of --profile "
                        f"{options.profile}; give --profile phone")  # fmt: skip
    if len(sources) < 2:
        raise BadOption("--together alternates two or more articles; give an ARTICLE per language")
    if Place.of(options.out_dir).is_remote:
        raise BadOption("--together writes its hold loop in a folder; give a folder as -o")
    prepared = [p for p in (prepare([source], options) for source in sources) if p]
    _check_folders([article for p in prepared for article, _ in p.planned], options)
    return prepared


def hold_loop(editions: Iterable[Edition], options: BuildOptions | None = None) -> Path:
    """One folder beside `editions` (phone editions, built together) whose messages alternate
    their languages (narrate.writers.hold_loop); its path. Written whole, or not at all."""
    from narrate import staging
    from narrate.writers.hold_loop import loop_name, write_hold_loop

    options = options or BuildOptions()
    manifests = [e.manifest for e in editions]
    out_dir = manifests[0].folder.parent
    name = loop_name(manifests, options.settings().folder_name(""))
    stage = staging.make_staging(out_dir, name)
    try:
        write_hold_loop(manifests, stage, name)
        return staging.publish(stage, out_dir / name, staging.Claim("", "", overwrite=True))
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def edition(
    article: Article,
    script: Script,
    engine: Engine,
    settings: planning.BuildSettings,
    *,
    on_progress: Progress | None = None,
    pool: EnginePool | None = None,
) -> Edition:
    """Narrate one prepared article into its edition folder (a cluster worker's entry too),
    its sentences spoken in `pool`'s processes when there is one."""
    from narrate.pipeline import build_edition

    return build_edition(article, script, engine, settings, on_progress=on_progress, pool=pool)


def _check_articles(articles: list[Article], options: BuildOptions) -> list[str]:
    """Refuse articles that would share a folder or need two voices; their languages."""
    _check_folders(articles, options)
    languages = sorted({article.language for article in articles})
    if not options.language and len(languages) > 1:
        raise BadOption(f"the articles are in {', '.join(languages)}: build them apart, or as "
                        "one phone hold loop with --profile phone --together")  # fmt: skip
    return [options.language] if options.language else languages


def _check_folders(articles: list[Article], options: BuildOptions) -> None:
    """Refuse articles that would share a folder."""
    first_for: dict[str, Article] = {}
    for article in articles:
        slug = planning.slug_for(article)
        other = first_for.setdefault(slug, article)
        if other is not article:
            folder = options.settings().folder_name(slug)
            raise OutputError(
                f"{other.source} and {article.source} would both go to {folder}/: build them "
                "into different output folders (-o)"
            )


def _engine_options(options: BuildOptions, language: str) -> EngineOptions:
    """What every engine is told: the language, the voice, the profile's rate by default."""
    from narrate.engines import EngineOptions
    from narrate.profiles import profile

    choice = options.engine
    return EngineOptions(
        language=language, voice=choice.voice, rate=choice.rate or profile(options.profile).rate
    )
