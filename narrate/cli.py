"""The command line: parses options, builds the pipeline's stages, reports. No logic of its own."""

from __future__ import annotations

import json
import logging
import os
import sys
from functools import partial
from pathlib import Path

import click

from narrate import __version__, api, cache_admin, signals
from narrate.cache import default_cache_dir
from narrate.engines import ENGINES
from narrate.errors import BadOption, NarrateError
from narrate.flags import Flag
from narrate.model import estimated_s
from narrate.profiles import PROFILES
from narrate.readers import MAX_CHARS
from narrate.readers.describe import describe
from narrate.readers.url import FetchOptions
from narrate.speech.explain import explain_cue
from narrate.storage import is_url, local_or_url
from narrate.timefmt import minutes_clock


def _fail(message: str) -> None:
    click.echo(f"narrate: error: {message}", err=True)
    sys.exit(1)


class _Guard(click.Group):
    """Turns narrate's errors into one line on stderr and exit 1; Ctrl-C into exit 130,
    SIGTERM 143, SIGHUP 129."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BadOption as error:  # a usage error: exit 2, as Click's own
            if error.option:
                raise click.BadParameter(error.problem, param_hint=[error.option]) from None
            raise click.UsageError(str(error)) from None
        except NarrateError as error:
            _fail(str(error))
        except BrokenPipeError:  # `narrate script x.txt | head`: the reader has had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:  # an output or cache folder that cannot be written
            _fail(f"{error.filename}: {error.strerror}" if error.filename else str(error))
        except KeyboardInterrupt as error:  # Ctrl-C, SIGTERM, SIGHUP (narrate.signals)
            building = ctx.invoked_subcommand == "build"
            click.echo(signals.message(error, building=building), err=True)
            sys.exit(signals.as_interrupted(error).exit_code)


class _Warnings(logging.Handler):
    """The library's warnings as one line each on stderr: `narrate: warning: ...`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"narrate: {record.levelname.lower()}: {record.getMessage()}", err=True)


@click.group(cls=_Guard, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narrate")
def main() -> None:
    """Turn written articles into chaptered audio with transcripts and captions."""
    logger = logging.getLogger("narrate")
    if not any(isinstance(handler, _Warnings) for handler in logger.handlers):
        logger.addHandler(_Warnings())


def _article_options(command):
    """Options shared by every command that reads articles."""
    for option in reversed(
        [
            click.argument("articles", nargs=-1, required=True, metavar="ARTICLE..."),
            click.option("--title", help="Title to use instead of the one found in the article."),
            click.option("--lang", "language", help="Language code, e.g. en, fr, pt-BR."),
            click.option(
                "--announce/--no-announce",
                default=True,
                show_default=True,
                help="Speak the article title and each heading.",
            ),
            click.option(
                "--announce-numbers",
                is_flag=True,
                help='Speak each heading with its place: "Section 2 of 4: ...".',
            ),
            click.option(
                "--pause-ms",
                type=click.IntRange(0, 10_000),
                help="Pause between sentences; paragraph and section pauses scale with it.",
            ),
            click.option(
                "--lexicon",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Pronunciations (.toml or W3C .pls); default: narrate.toml beside the "
                "article or here.",
            ),
            click.option(
                "--clinical/--no-clinical",
                default=True,
                show_default=True,
                help="Read clinical acronyms and shorthand with narrate's clinical lexicon "
                "(HIPAA, NSAIDs, OB/GYN...); your lexicon's entries win over it.",
            ),
            click.option(
                "--locale",
                help="Region that numeric dates are read in: en-US (03/12 is March 12) or "
                "en-GB (the 3rd of December) [default: the article's language].",
            ),
            click.option(
                "--urls",
                type=click.Choice(["read", "drop"]),
                default="read",
                show_default=True,
                help="Read web and e-mail addresses aloud (example dot org) or leave them out.",
            ),
            click.option(
                "--disclosure",
                type=click.Choice(["start", "end", "none"]),
                default="end",
                show_default=True,
                help='Speak "This audio was read by a synthetic voice." (in the article\'s '
                "language) as a short chapter of its own at the end or the start, and say it in "
                "the tags, feed and books; none: leave it out.",
            ),
            click.option(
                "--max-bytes",
                type=click.IntRange(1),
                default=FetchOptions.max_bytes,
                show_default=True,
                help="URL articles: the largest page fetched.",
            ),
            click.option(
                "--fetch-timeout",
                type=click.FloatRange(0.1, 300),
                default=FetchOptions.timeout_s,
                show_default=True,
                help="URL articles: seconds to wait to connect and for each part of the page.",
            ),
            click.option(
                "--max-chars",
                type=click.IntRange(1),
                default=MAX_CHARS,
                show_default=True,
                help="Refuse longer articles (a million characters is about 17 hours of audio).",
            ),
            click.option(
                "--profile",
                "profile_name",
                type=_LazyChoice(lambda: sorted(PROFILES)),
                default="podcast",
                show_default=True,
                help="Edition preset.",
            ),
        ]
    ):
        command = option(command)
    return command


def _read_options(profile_name, fetch_timeout, **fields) -> api.ReadOptions:
    return api.ReadOptions(profile=profile_name, fetch_timeout_s=fetch_timeout, **fields)


class _LazyChoice(click.Choice):
    """A Choice whose names are read from a registry when the command runs or shows help, so
    engines registered after the CLI is imported are offered too."""

    def __init__(self, names) -> None:
        super().__init__(())
        self._names = names

    @property
    def choices(self):
        return self._names()

    @choices.setter
    def choices(self, value) -> None:
        pass


class _FolderOrURL(click.ParamType):
    """A folder (a Path), or a storage URL such as s3://bucket/prefix (kept as text)."""

    name = "dir|url"

    def convert(self, value, param, ctx):
        return local_or_url(value) if isinstance(value, str) else value


_EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
EDITION_OPTIONS = [
    click.option(
        "--format",
        "formats",
        metavar="LIST",
        help="Audio formats, comma-separated: mp3,m4b, and epub for the read-along book (the "
        "accessible profile writes it); for --profile phone: wav, ulaw, alaw, "
        "sln, mulaw-wav, sln16, wav16 [default: the profile's; phone: all].",
    ),
    click.option("--cover", type=_EXISTING_FILE, help="Cover art: square PNG/JPEG, >= 1400 px."),
    click.option("--intro", type=_EXISTING_FILE, help="A sound placed before the title."),
    click.option("--outro", type=_EXISTING_FILE, help="A sound placed after the last chapter."),
    click.option("--bitrate", help="MP3 bitrate, e.g. 64k [default: the profile's]."),
    click.option(
        "--loudness",
        "loudness_lufs",
        type=click.FloatRange(-40, -5),
        help="Integrated loudness target in LUFS [default: the profile's, -16 for podcast].",
    ),
    click.option("--split-chapters", is_flag=True, help="Also write one MP3 per chapter."),
]


def _edition_options(command):
    for option in reversed(EDITION_OPTIONS):
        command = option(command)
    return command


def _engine_flags() -> list[tuple[Flag, object]]:
    """Every registered engine's own flags, each with its default (its Options field's); the
    first engine to declare a field owns it."""
    flags: dict[str, tuple[Flag, object]] = {}
    for cls in ENGINES.values():
        defaults = cls.Options()
        for flag in cls.flags:
            flags.setdefault(flag.field, (flag, getattr(defaults, flag.field)))
    return list(flags.values())


def _writer_flags() -> list[tuple[str, Flag, object]]:
    """Every registered writer's own flags: its format, the flag and its default."""
    from narrate.writers import writer_flags

    return writer_flags()


def _click_option(flag: Flag, default: object) -> click.Option:
    """An engine's or a writer's Flag as a Click option."""
    if flag.kind is bool:
        return click.Option([flag.name, flag.field], is_flag=True, help=flag.help)
    kind: object = _EXISTING_FILE if flag.kind is Path else flag.kind
    if flag.low is not None or flag.high is not None:
        kind = (click.IntRange if flag.kind is int else click.FloatRange)(flag.low, flag.high)
    return click.Option(
        [flag.name, flag.field],
        type=kind,
        default=default,
        show_default=flag.show_default,
        help=flag.help,
    )


class _WithPluginFlags(click.Command):
    """A command whose engine and writer flags come from the registries when it runs or shows
    help (engines' after `--rate`, writers' after `--split-chapters`), so an engine or writer
    registered after the CLI is imported brings its own flags."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        for after, flags in (
            ("split_chapters", [(flag, default) for _, flag, default in _writer_flags()]),
            ("rate", _engine_flags()),
        ):
            at = next(i for i, param in enumerate(params) if param.name == after) + 1
            params = [*params[:at], *(_click_option(*pair) for pair in flags), *params[at:]]
        return params


@main.command(cls=_WithPluginFlags)
@_article_options
@_edition_options
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=_FolderOrURL(),
    default="audio_out",
    show_default=True,
    help="Folder for the editions, or a URL (s3://bucket/editions; needs narrate[cluster]).",
)
@click.option(
    "--engine",
    "engine_name",
    type=_LazyChoice(lambda: ["auto", *sorted(ENGINES)]),
    default="auto",
    show_default=True,
    help="auto: gtts when Google answers, else the offline piper.",
)
@click.option("--voice", help="Engine voice (see `narrate voices`).")
@click.option(
    "--rate",
    type=click.FloatRange(0.5, 2.0),
    help="piper: speaking rate, 1.0 normal [default: the profile's, 0.9 for accessible].",
)
@click.option("--author", help="Author or site, for tags and the transcript.")
@click.option(
    "--date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Publication date for the tags (TDRC) [default: today].",
)
@click.option(
    "--cache-dir",
    type=_FolderOrURL(),
    help="Clip cache folder, or a URL (s3://bucket/cache) [default: $NARRATE_CACHE_DIR, else "
    "the user cache].",
)
@click.option("--no-cache", is_flag=True, help="Synthesize everything; keep nothing.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="piper: sentences spoken side by side in this many processes, one core each; 1 "
    "speaks in this process [default: the cores, at most one per 400 MB of free memory].",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace an edition of another article that has the same folder name.",
)
@click.option(
    "--check",
    "check_after",
    is_flag=True,
    help="Listen to each edition once written, as `narrate check` does (needs the check "
    "extra); exit 1 when one misses its default thresholds.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Build on a Dask cluster: its scheduler (tcp://host:8786), or local:N for N worker "
    "processes here (needs narrate[cluster]).",
)
@click.option(
    "--scheduler-file",
    type=_EXISTING_FILE,
    help="Build on the Dask cluster whose scheduler wrote this file.",
)
@click.option(
    "--split-over",
    type=click.FloatRange(0),
    default=1200,
    show_default=True,
    help="Cluster: an article estimated to sound longer (seconds) is spoken by several "
    "workers, in chunks of --chunk-sentences.",
)
@click.option(
    "--chunk-sentences",
    type=click.IntRange(1, 10_000),
    default=40,
    show_default=True,
    help="Cluster: sentences per task of a long article.",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(0.1, 600),
    default=10,
    show_default=True,
    help="Cluster: seconds to wait for the scheduler to answer.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or status lines.")
def build(
    articles,
    engine_name,
    voice,
    rate,
    no_cache,
    quiet,
    profile_name,
    check_after,
    **fields,
) -> None:
    """Narrate ARTICLE(s) (.txt, .md, .html, an http(s) URL, or - for stdin) into OUT/<slug>/."""
    listed = fields.pop("formats")
    date = fields.pop("date")
    run = _runner(fields.pop("cluster"), fields.pop("scheduler_file"), fields.pop("split_over"),
                  fields.pop("chunk_sentences"), fields.pop("connect_timeout"))  # fmt: skip
    writer_settings: dict[str, dict[str, object]] = {}
    for writer, flag, _ in _writer_flags():
        writer_settings.setdefault(writer, {})[flag.field] = fields.pop(flag.field)
    options = api.BuildOptions(
        profile=profile_name,
        fetch_timeout_s=fields.pop("fetch_timeout"),
        formats=tuple(f.strip() for f in listed.split(",") if f.strip()) if listed else None,
        date=date.date().isoformat() if date else None,
        use_cache=not no_cache,
        engine=api.EngineChoice(
            name=engine_name,
            voice=voice,
            rate=rate,
            settings={flag.field: fields.pop(flag.field) for flag, _ in _engine_flags()},
        ),
        writer_settings=writer_settings,
        **fields,
    )
    if check_after and is_url(options.out_dir):
        raise BadOption("--check listens to editions in a folder; give a folder as -o")
    progress = _Progress(quiet)
    listener = _listener() if check_after else None  # a missing extra is said before synthesis
    missed = []

    def said_engine(name: str, reason: str) -> None:
        if not quiet:
            click.echo(f"engine: {name} ({reason})", err=True)

    for edition in run(articles, options, on_engine=said_engine, on_progress=progress.update):
        progress.close()
        if not quiet:
            report = edition.report
            click.echo(
                f"wrote {edition.location}/ ({edition.timeline.duration_ms / 1000:.1f} s, "
                f"{_count(len(edition.timeline.chapters), 'chapter')}; "
                f"{_count(report.synthesized, 'clip')} synthesized, "
                f"{report.from_cache} from cache)",
                err=True,
            )
        click.echo(edition.main_location or edition.location)
        if listener and not _checked(edition.folder, listener):
            missed.append(edition.folder)
    if missed:
        sys.exit(1)


def _runner(address, scheduler_file, split_over, chunk_sentences, connect_timeout):
    """api.editions, or with --cluster / --scheduler-file the cluster's editions."""
    if not address and not scheduler_file:
        return api.editions
    try:
        from narrate import cluster
    except ImportError as error:
        raise NarrateError(
            f"--cluster needs the cluster extra ({error.name} is missing): "
            'pip install "narrate[cluster]"'
        ) from None
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its errors reach us as ours
    cluster_options = cluster.ClusterOptions(
        address=address,
        scheduler_file=scheduler_file,
        split_over_s=split_over,
        chunk_sentences=chunk_sentences,
        connect_timeout_s=connect_timeout,
    )
    return partial(cluster.editions, cluster=cluster_options)


def _listener():
    """The recogniser `build --check` hears every edition with, loaded once."""
    from narrate.check.transcribe import Recogniser

    return Recogniser()


def _checked(folder: Path, listener) -> bool:
    """Check one edition as `narrate check` does; whether it met the thresholds."""
    from narrate.check import check_edition
    from narrate.check.output import summary

    report = check_edition(folder, recogniser=listener)
    click.echo(summary(report), err=True)
    return report.passed


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun}" if n == 1 else f"{n} {plural}"


class _Progress:
    """A progress bar on stderr, counting clips, showing the chapter being spoken."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar = None

    def update(self, done: int, total: int, cue) -> None:
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="synthesizing",
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda c: f"chapter {c.chapter + 1}" if c else "",
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, current_item=cue)

    def close(self) -> None:
        """End this article's bar; the next update starts a new one."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@_article_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print each article as read (source, title, language, author, chapters with their "
    "blocks) as one JSON object per line; the schema is in the README.",
)
def sections(articles, as_json, profile_name, **fields) -> None:
    """Show how ARTICLE(s) will be split, without synthesizing anything."""
    options = _read_options(profile_name, **fields)
    for source in articles:
        article, script = api.plan(source, options)
        if as_json:
            click.echo(json.dumps(describe(article), ensure_ascii=False))
            continue
        click.echo(f"{article.title}  [{article.source}]")
        for index, spec in enumerate(script.chapters):
            cues = script.chapter_cues(index)
            words = sum(len(c.spoken.split()) for c in cues)
            seconds = estimated_s(cues)
            click.echo(
                f"{index + 1:>3}. {spec.title}  ({words} words, ~{minutes_clock(seconds * 1000)}, "
                f"{len(cues)} cues)"
            )


@main.command()
@_article_options
@click.option("--ids", is_flag=True, help="Prefix each line with its cue id.")
@click.option(
    "--diff",
    is_flag=True,
    help="Only cues whose spoken text differs, side by side, each change on a line below with "
    "the rule or lexicon entry that made it.",
)
def script(articles, ids, diff, profile_name, **fields) -> None:
    """Print what will be spoken, one cue per line, so it can be proofread before synthesis."""
    options = _read_options(profile_name, **fields)
    for source in articles:
        article, planned = api.plan(source, options)
        why = api.explainer(article, options)
        for cue in planned.cues:
            if diff and cue.spoken == cue.display:
                continue
            prefix = f"{cue.id}\t" if ids else ""
            line = f"{cue.display}\t→ {cue.spoken}" if diff else cue.spoken
            click.echo(prefix + line)
            for change in explain_cue(cue, why(cue.display)) if diff else ():
                click.echo(f"    {change}")


@main.command()
@click.option(
    "--engine",
    "engine_name",
    type=_LazyChoice(lambda: sorted(ENGINES)),
    help="Only this engine's voices.",
)
def voices(engine_name) -> None:
    """List the engines, languages and voices available here (no network needed)."""
    for name in [engine_name] if engine_name else sorted(ENGINES):
        cls = ENGINES[name]
        where = "online: sends text to Google" if cls.needs_network else "offline"
        click.echo(f"{name} ({where})")
        for voice in cls.voices():
            click.echo(f"  {voice.id:<24} {voice.language:<8} {voice.description}")


@main.command()
@click.argument("folder", type=_FolderOrURL())
@click.option("--base-url", required=True, help="Where FOLDER is published, e.g. https://x/pod/.")
@click.option("--title", help="Podcast title [default: the editions' author or folder name].")
@click.option("--author", help="itunes:author [default: the editions' author when all agree].")
@click.option("--email", help="Owner's e-mail (itunes:owner).")
@click.option("--image", help="Podcast artwork: a URL, or a file name under --base-url.")
@click.option("--category", help='iTunes category, e.g. "Health & Fitness/Mental Health".')
@click.option("--description", help="What the podcast is about.")
@click.option("--language", help="Language code [default: the editions' when all agree].")
def feed(folder, **options) -> None:
    """Write FOLDER/feed.xml: an RSS feed of the editions in FOLDER, newest first."""
    from narrate.feed import build_feed  # lxml, which only this command needs

    click.echo(build_feed(folder, **options))


@main.command()
@click.argument("edition", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--min-heard",
    type=click.FloatRange(0, 1),
    default=0.9,
    show_default=True,
    help="Fail when less than this share of the words said is heard back.",
)
@click.option(
    "--min-sentence",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Fail when a sentence is heard back less than this (dropped, cut or garbled).",
)
@click.option(
    "--require-headings/--allow-missing-headings",
    default=True,
    show_default=True,
    help="Fail when a chapter's heading is not heard at its chapter mark.",
)
@click.option(
    "--accept",
    "accept_number",
    type=click.IntRange(1),
    metavar="N",
    help="Write suggestion N of the last check into a lexicon (no new check).",
)
@click.option("--say", help="With --accept: the spoken form to write instead of the suggestion.")
@click.option(
    "--lexicon",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --accept: the TOML lexicon to write [default: narrate.toml beside the article].",
)
def check(edition, min_heard, min_sentence, require_headings, accept_number, say, lexicon) -> None:
    """Listen to EDITION with an offline recogniser and report what a listener hears.

    Writes check.json and check.html into EDITION and the figures into its manifest; exits 1
    when a threshold is missed. Needs the optional extra: pip install "narrate[check]".
    """
    from narrate.check import Thresholds, check_edition
    from narrate.check.accept import accept
    from narrate.check.output import summary

    if accept_number is not None:
        path, written, spoken = accept(edition, accept_number, lexicon, say)
        click.echo(f"{path}: {written!r} = {spoken!r}; rebuild the edition to hear it", err=True)
        return
    if say or lexicon:
        raise click.UsageError("--say and --lexicon go with --accept N")
    report = check_edition(edition, Thresholds(min_heard, min_sentence, require_headings))
    click.echo(summary(report), err=True)
    if not report.passed:
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--library", type=click.Path(file_okay=False, path_type=Path),
              default=Path("narrate-library"), show_default=True,
              help="Folder of the editions, their pronunciations (narrate.toml) and the jobs.")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path),
              help="A file holding the token that API calls and logins need [default: none on "
              "127.0.0.1; one is made and printed once for any other --host].")
@click.option("--allow-private-urls", is_flag=True,
              help="Fetch articles from private, loopback and link-local addresses too.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Clip cache folder [default: $NARRATE_CACHE_DIR, else the user cache].")
def serve(host, port, library, token_file, allow_private_urls, cache_dir) -> None:
    """Serve the web app and the JSON API (documented at /openapi.json) until stopped."""
    from narrate.serve import config as settings
    from narrate.serve import run

    token = settings.read_token(token_file) if token_file else None
    made = token is None and not settings.is_loopback(host)
    if made:
        token = settings.new_token()
    config = settings.ServeConfig(
        library=settings.prepare_library(library),
        host=host,
        port=port,
        token=token,
        allow_private_urls=allow_private_urls,
        cache_dir=cache_dir,
    )

    def ready() -> None:
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"narrate: serving {config.library} at http://{shown}:{port}/", err=True)
        if made:
            click.echo(f"narrate: token (shown once; log in with it, or send it as Bearer): "
                       f"{token}", err=True)  # fmt: skip

    run(config, on_ready=ready)


@main.group()
def cache() -> None:
    """Check and trim the clip cache and the mastering memo kept beside it."""


_CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Clip cache folder [default: $NARRATE_CACHE_DIR, else the user cache].",
)


@cache.command()
@_CACHE_DIR
def verify(cache_dir) -> None:
    """Check every clip and memo entry against its length and digest; delete damaged ones."""
    report = cache_admin.verify(cache_dir or default_cache_dir())
    for line in report.removed:
        click.echo(f"removed {line}")
    click.echo(
        f"{_count(report.clips, 'clip')} and {_count(report.entries, 'memo entry')} checked; "
        f"{len(report.removed)} damaged removed",
        err=True,
    )
    if report.removed:
        sys.exit(2)  # damage found (and removed): worth a look at the disk


@cache.command()
@_CACHE_DIR
@click.option(
    "--older-than",
    default="30d",
    show_default=True,
    help="Remove what no build has used for this long: 12h, 30d, 8w.",
)
def prune(cache_dir, older_than) -> None:
    """Remove clips and memo entries that no build has used for a while."""
    try:
        age = cache_admin.parse_age(older_than)
    except BadOption as error:
        raise click.BadParameter(str(error), param_hint="--older-than") from None
    report = cache_admin.prune(cache_dir or default_cache_dir(), age)
    click.echo(
        f"removed {len(report.removed)} files ({report.freed_bytes / 1e6:.1f} MB) of "
        f"{_count(report.clips, 'clip')} and {_count(report.entries, 'memo entry')}",
        err=True,
    )


if __name__ == "__main__":
    main()
