"""`narrate voices`: the engines and voices here; Piper's catalogue; add and remove voices."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from narrate.cli.types import LazyChoice
from narrate.engines import ENGINES
from narrate.errors import BadOption

if TYPE_CHECKING:
    from narrate.voices.download import DownloadOptions


@click.command()
@click.option(
    "--engine",
    "engine_name",
    type=LazyChoice(lambda: sorted(ENGINES)),
    help="Only this engine's voices.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Piper's and Kokoro's whole catalogues (offline: Piper's index shipped or last "
    "refreshed).",
)
@click.option(
    "--lang", "language", metavar="LANG", help="Only voices of this language (es, es-MX)."
)
@click.option("--refresh", is_flag=True, help="Fetch the current voices index first.")
@click.option(
    "--add",
    "to_add",
    metavar="NAME",
    multiple=True,
    help="Download Piper's voice NAME (e.g. es_MX-claude-high), checked by size and "
    "digest, into the voices folder; a Kokoro voice's name (af_heart) downloads Kokoro's "
    "voices, all in one 28 MB file.",
)
@click.option(
    "--remove", "to_remove", metavar="NAME", multiple=True, help="Delete the downloaded voice NAME."
)
@click.option(
    "--repository",
    metavar="URL",
    help="The voices repository (index and files) [default: $NARRATE_VOICES_URL, "
    "else Piper's on Hugging Face].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the repository's answer.",
)
def voices(
    engine_name: str | None, show_all: bool, language: str | None, refresh: bool,
    to_add: tuple[str, ...], to_remove: tuple[str, ...], repository: str | None, timeout: float,
) -> None:  # fmt: skip
    """List the engines, languages and voices available here (no network needed).

    With --all, Piper's whole catalogue; --add and --remove download and delete Piper voices,
    kept in $NARRATE_DATA_DIR/voices, else the platform's data folder. A build never downloads
    a voice."""
    from narrate.voices.download import DownloadOptions, refresh_index
    from narrate.voices.store import remove_voice

    options = DownloadOptions(repository=repository, timeout_s=timeout)
    acted = False
    if refresh:
        click.echo(f"voices index refreshed: {refresh_index(options)} voices", err=True)
        acted = True
    for name in to_remove:
        if _is_kokoro(name):
            _remove_kokoro()
        else:
            click.echo(f"removed {name} ({remove_voice(name)})", err=True)
        acted = True
    for name in to_add:
        if _is_kokoro(name):
            _add_kokoro(timeout)
        else:
            _add(name, options)
        acted = True
    if show_all:
        _catalogue(language)
    elif not acted or language:
        _installed(engine_name, language)


def _add(name: str, options: DownloadOptions) -> None:
    from narrate.voices.download import add_voice

    shown: dict[str, int] = {}

    def progress(file: str, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if shown.get(file, -10) + 10 <= percent or done == total:
            shown[file] = percent
            click.echo(f"  {file}: {percent}% of {total / 1e6:.1f} MB", err=True)

    voice = add_voice(name, options, progress)
    click.echo(f"added {voice.name} ({voice.voice.language_name}) in {voice.folder}", err=True)


def _is_kokoro(name: str) -> bool:
    from narrate.engines.kokoro_voices import VOICE_NAMES

    return name in VOICE_NAMES


def _add_kokoro(timeout: float) -> None:
    from narrate.engines.kokoro_voices import add_voices

    pack = add_voices(timeout=timeout)
    click.echo(f"added Kokoro's voices (one file for all of them) in {pack}", err=True)


def _remove_kokoro() -> None:
    from narrate.engines.kokoro_voices import pack_path, remove_voices

    if not remove_voices():
        raise BadOption("Kokoro's voices are not downloaded; see `narrate voices`")
    click.echo(f"removed Kokoro's voices, all of them ({pack_path()})", err=True)


def _catalogue(language: str | None) -> None:
    from narrate.engines.kokoro_voices import catalogue as kokoro_catalogue
    from narrate.engines.kokoro_voices import installed as kokoro_installed
    from narrate.voices import catalogue_voices, installed_voice
    from narrate.voices.catalogue import split_language

    found = catalogue_voices(language)
    asked = split_language(language) if language else None
    kokoro = [v for v in kokoro_catalogue() if asked is None
              or split_language(v.language) == asked
              or (asked[1] is None and split_language(v.language)[0] == asked[0])]  # fmt: skip
    if not found and not kokoro:
        raise BadOption(f"no voice of {language!r} in Piper's or Kokoro's catalogue", "--lang")
    for voice in found:
        speakers = f"{len(voice.speakers)} speakers" if voice.speakers else ""
        mark = "installed" if installed_voice(voice.name) else ""
        click.echo(f"{voice.name:<36} {voice.language:<6} {voice.quality:<7} "
                   f"{voice.size / 1e6:6.1f} MB  {speakers:<13} {mark}".rstrip())  # fmt: skip
    here = kokoro_installed() if kokoro else {}
    for k in kokoro:
        mark = "installed" if k.name in here else ""
        click.echo(f"{k.name:<36} {k.language:<6} kokoro  {k.description:<30} {mark}".rstrip())


def _installed(engine_name: str | None, language: str | None) -> None:
    from narrate.voices.catalogue import split_language

    for name in [engine_name] if engine_name else sorted(ENGINES):
        cls = ENGINES[name]
        where = "online: sends text to Google" if cls.needs_network else "offline"
        listed = [v for v in cls.voices() if language is None
                  or split_language(v.language)[0] == split_language(language)[0]]  # fmt: skip
        click.echo(f"{name} ({where})")
        for voice in listed:
            click.echo(f"  {voice.id:<24} {voice.language:<8} {voice.description}")
