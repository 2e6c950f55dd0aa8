"""`narrate build`: articles in, editions out (api.editions, or the cluster's)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from narrate import api
from narrate.cli.log import show_news
from narrate.cli.options import article_options, edition_options
from narrate.cli.plugin_flags import WithPluginFlags, engine_settings, writer_settings
from narrate.cli.progress import Progress
from narrate.cli.runs import runner
from narrate.cli.together import editions as together_editions
from narrate.cli.together import write_loop
from narrate.cli.types import EXISTING_FILE, FolderOrURL, LazyChoice
from narrate.engines import ENGINES
from narrate.errors import BadOption
from narrate.lengths import CAPS, shortened
from narrate.memory import MEMORY_MB, MIN_MEMORY_MB
from narrate.plural import count
from narrate.storage import Place

if TYPE_CHECKING:
    from narrate import Edition
    from narrate.check.transcribe import Recogniser


@click.command(cls=WithPluginFlags)
@article_options
@edition_options
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=FolderOrURL(),
    default="audio_out",
    show_default=True,
    help="Folder for the editions, or a URL (s3://bucket/editions; needs narrate-audio[cluster]).",
)
@click.option(
    "--engine",
    "engine_name",
    type=LazyChoice(lambda: ["auto", *sorted(ENGINES)]),
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
    type=FolderOrURL(),
    help="Clip cache folder, or a URL (s3://bucket/cache) [default: $NARRATE_CACHE_DIR, else "
    "the user cache].",
)
@click.option("--no-cache", is_flag=True, help="Synthesize everything; keep nothing.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="piper, kokoro: sentences spoken side by side in this many processes, one core each; 1 "
    "speaks in this process [default: the cores, at most one per 400 MB of free memory].",
)
@click.option(
    "--memory-limit",
    "memory_limit_mb",
    type=click.IntRange(min=MIN_MEMORY_MB),
    default=MEMORY_MB,
    show_default=True,
    help="The most memory (MB) one engine process may use; a sentence that needs more fails "
    "with an error.",
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
    "processes here (needs narrate-audio[cluster]).",
)
@click.option(
    "--scheduler-file",
    type=EXISTING_FILE,
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
@click.option(
    "--together",
    is_flag=True,
    help="phone: build the ARTICLEs (one per language) each as its own edition, then one hold "
    "loop, OUT/<slug>+<slug>.phone/, whose messages alternate their languages.",
)
@click.option(
    "--preview/--no-preview",
    "previews",
    default=None,
    help="Write each chapter as a quick MP3 in OUT/.<slug>.preview/ (listed in its index.m3u) "
    "as soon as it is spoken, removed when the edition is published [default: with "
    "--split-chapters].",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or status lines.")
def build(
    articles: tuple[str, ...],
    engine_name: str,
    voice: str | None,
    rate: float | None,
    no_cache: bool,
    quiet: bool,
    profile_name: str,
    check_after: bool,
    **fields: Any,
) -> None:
    """Narrate ARTICLE(s) (.txt, .md, .html, .pdf, .docx, .odt, .epub, an http(s) URL, or - for
    stdin) into OUT/<slug>/ (OUT/<slug>.accessible/, OUT/<slug>.phone/ for those profiles)."""
    listed = fields.pop("formats")
    date = fields.pop("date")
    together = fields.pop("together")
    if together and (fields["cluster"] or fields["scheduler_file"]):
        raise BadOption("--together builds here; leave out --cluster and --scheduler-file")
    progress = Progress(quiet)
    show_news("narrate.chapter_previews", quiet=quiet)  # where the first chapter can be heard
    run = runner(fields.pop("cluster"), fields.pop("scheduler_file"), fields.pop("split_over"),
                 fields.pop("chunk_sentences"), fields.pop("connect_timeout"),
                 progress)  # fmt: skip
    _shorten_names(fields)
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
            settings=engine_settings(fields),
        ),
        writer_settings=writer_settings(fields),
        **fields,
    )
    if check_after and Place.of(options.out_dir).is_remote:
        raise BadOption("--check listens to editions in a folder; give a folder as -o")
    listener = _listener() if check_after else None  # a missing extra is said before synthesis
    missed: list[Path] = []

    def said_engine(name: str, reason: str) -> None:
        if not quiet:
            click.echo(f"engine: {name} ({reason})", err=True)

    if together:
        run = partial(together_editions, progress=progress)
    built: list[Edition] = []
    for edition in run(articles, options, on_engine=said_engine, on_progress=progress.update):
        built.append(edition)
        progress.close()
        if not quiet:
            report = edition.report
            click.echo(
                f"wrote {edition.location}/ ({edition.timeline.duration_ms / 1000:.1f} s, "
                f"{count(len(edition.timeline.chapters), 'chapter')}; "
                f"{count(report.synthesized, 'clip')} synthesized, "
                f"{report.from_cache} from cache)",
                err=True,
            )
        click.echo(edition.main_location or edition.location)
        if listener and not _checked(edition.folder, listener):
            missed.append(edition.folder)
    if together:
        write_loop(built, options, quiet)
    if missed:
        sys.exit(1)


def _shorten_names(fields: dict[str, Any]) -> None:
    """--title and --author cut to their caps (narrate.lengths), with a warning line."""
    for name, cap in CAPS.items():
        given = fields.get(name)
        if given and len(given) > cap:
            click.echo(f"narrate: warning: --{name} is {len(given):,} characters; shortened to "
                       f"{cap:,}", err=True)  # fmt: skip
            fields[name] = shortened(given, cap)


def _listener() -> Recogniser:
    """The recogniser `build --check` hears every edition with, loaded once."""
    from narrate.check.transcribe import Recogniser

    return Recogniser()


def _checked(folder: Path, listener: Recogniser) -> bool:
    """Check one edition as `narrate check` does; whether it met the thresholds."""
    from narrate.check import check_edition
    from narrate.check.output import summary

    report = check_edition(folder, recogniser=listener)
    click.echo(summary(report), err=True)
    return report.passed
