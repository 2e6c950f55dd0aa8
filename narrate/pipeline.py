"""The pipeline in one readable place: read → script → synthesize → assemble → master →
write → publish."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from narrate import chapter_previews, staging, writers
from narrate._pydub import read_wav
from narrate.assemble import Stitcher, edged
from narrate.cache import ClipCache, open_cache
from narrate.engine_pool import EnginePool
from narrate.engine_worker import say
from narrate.engines.base import Engine
from narrate.loudness import LiveScan
from narrate.manifest import Manifest
from narrate.master import MasteringSettings, master
from narrate.model import Article, Mastered, Script, Timeline
from narrate.planning import (  # what is before synthesis, here too for the callers of old
    BuildSettings,
    explainer,
    plan,
    script_for,
    slug_for,
    speaker,
)
from narrate.profiles import AUDIO_FORMATS
from narrate.storage import Place
from narrate.synth import Progress, SynthesisReport, anything_to_synthesize, synthesize
from narrate.writers import check_playback

__all__ = ["BuildSettings", "Edition", "build_edition", "explainer", "plan", "script_for",
           "slug_for", "speaker"]  # fmt: skip
WORK = ".work"  # the staging folder's scratch folder: programme, master, encoded audio


@dataclass(frozen=True)
class Edition:
    """A finished edition: its folder, manifest and what synthesis did."""

    folder: Path
    manifest: Manifest
    timeline: Timeline
    report: SynthesisReport
    mastered: Mastered | None = None  # what mastering did; None for a profile without it
    url: str | None = None  # where it was published, when -o is a URL (`folder` is then gone)

    @property
    def location(self) -> str:
        """Where the edition is: its URL, or its folder."""
        return self.url or str(self.folder)

    @property
    def main_location(self) -> str | None:
        """Where the main audio file is (URL or path); None for an edition without one."""
        main = self.main_file
        if main is None or self.url is None:
            return str(main) if main else None
        return f"{self.url}/{main.relative_to(self.folder).as_posix()}"

    @property
    def rendered(self) -> bool | None:
        """Whether mastering rendered the programme in this build (False: its encoded audio
        came from the mastering memo); None for a profile that is not mastered."""
        return self.mastered.rendered if self.mastered else None

    @property
    def main_file(self) -> Path | None:
        """The edition's main audio file (its first whole-programme audio format, mp3 or m4b);
        None for an edition without one."""
        files = self.manifest.files
        name = next((files[f] for f in AUDIO_FORMATS if f in files), None)
        return self.folder / name if name else None


@dataclass
class Run:
    """What every stage of one build sees (the article, engine, settings, the staging folder),
    and what stages report beside the value they pass on (synthesis, mastering)."""

    article: Article
    script: Script
    engine: Engine
    options: BuildSettings
    cache: ClipCache
    live_scan: LiveScan | None
    on_progress: Progress | None
    slug: str  # the edition's files are named after it
    folder: str  # the edition folder's name in out_dir: the slug, with the profile's suffix
    stage: Path  # the staging folder, published whole at the end
    place: Place  # where the edition goes: its folder or URL in out_dir
    claim: staging.Claim  # what the edition may replace (its source, profile, --overwrite)
    pool: EnginePool | None = None  # the run's engine processes (--workers), if any
    report: SynthesisReport | None = None
    mastered: Mastered | None = None
    previews: chapter_previews.ChapterPreviews | None = None  # each chapter heard when spoken

    @property
    def work(self) -> Path:
        """Scratch audio (programme, master, encoded audio); removed before publishing."""
        return self.stage / WORK


Stage = Callable[[Run, Any], Any]  # (the run, the previous stage's value) -> the next value


def stages(options: BuildSettings) -> list[Stage]:
    """The build's stages for these options, in order, from the script to the published
    folder: a profile is a choice of stages (and of writers), not a branch inside them."""
    chosen: list[Stage] = [synthesize_and_assemble, edition_context]
    if writers.extra_speech(options.edition, options.writer_formats()):
        chosen.append(speak_extras)
    if options.profile.master:
        chosen.append(master_programme)
    return [*chosen, write_files, publish]


def build_edition(
    article: Article,
    script: Script,
    engine: Engine,
    options: BuildSettings,
    *,
    on_progress: Progress | None = None,
    pool: EnginePool | None = None,
) -> Edition:
    """Narrate one scripted article into its folder in `out_dir` (`<slug>/`, `<slug>.<profile>/`:
    BuildSettings.folder_name), replacing an earlier edition only on success: the script run
    through `stages(options)`, its sentences spoken in `pool`'s processes when there is one."""
    cache = open_cache(options.cache_dir, enabled=options.use_cache)
    live = _scans_live(options) and anything_to_synthesize(script, engine, cache)
    live_scan = LiveScan() if live else None
    place = options.out_place
    try:
        # the edition is staged and published in a local folder: out_dir itself, or a scratch
        # folder whose edition is then uploaded to out_dir's URL (publish)
        with place.staging_root() as out_dir, staging.full_disk_named(out_dir, cache.root):
            return _run_stages(article, script, engine, options, cache, live_scan, on_progress,
                               out_dir, place, pool)  # fmt: skip
    finally:
        if live_scan:
            live_scan.stop()
        cache.close()


def _run_stages(
    article: Article,
    script: Script,
    engine: Engine,
    options: BuildSettings,
    cache: ClipCache,
    live_scan: LiveScan | None,
    on_progress: Progress | None,
    out_dir: Path,
    place: Place,
    pool: EnginePool | None = None,
) -> Edition:
    """build_edition's work, in the staging folder it removes on any failure."""
    slug = slug_for(article)
    folder = options.folder_name(slug)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging.remove_stale(out_dir)
    chapter_previews.remove_dead(out_dir)
    claim = options.claim(article)
    edition_place = place.child(folder)
    edition_place.check_published(lambda store: staging.check_same_source_at(store, claim))
    staging.check_same_source(out_dir / folder, claim)
    stage = staging.make_staging(out_dir, folder)
    run = Run(article, script, engine, options, cache, live_scan, on_progress, slug, folder,
              stage, edition_place, claim, pool)  # fmt: skip
    try:
        run.work.mkdir()
        run.previews = _previews(run, out_dir)
        value: Any = script
        for step in stages(options):
            value = step(run, value)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        if run.previews:
            run.previews.close()
    edition: Edition = value
    return edition


def synthesize_and_assemble(run: Run, script: Script) -> Timeline:
    """Synthesis and assembly: the clips stitched into the programme WAV as the engine speaks
    them (and scanned for loudness as they come, when the run scans live)."""
    on_pcm = run.live_scan.feed if run.live_scan else None
    on_stitched = run.previews.add if run.previews else None
    with Stitcher(script, run.work / "programme.wav", on_pcm=on_pcm,
                  on_stitched=on_stitched) as programme:  # fmt: skip
        run.report = synthesize(
            script, run.engine, run.cache, on_progress=run.on_progress, on_clip=programme.add,
            pool=run.pool,
        )  # fmt: skip
        return programme.finish()


def edition_context(run: Run, timeline: Timeline) -> writers.EditionContext:
    """What every writer gets: the article, its script and timeline, tags and options."""
    article, options = run.article, run.options
    return writers.EditionContext(
        article=article,
        script=run.script,
        timeline=timeline,
        engine=run.engine.info(),
        profile=options.profile,
        slug=run.slug,
        author=options.author or article.byline,
        date=options.date or datetime.now(UTC).date().isoformat(),
        options=options.edition,
    )


def speak_extras(run: Run, context: writers.EditionContext) -> writers.EditionContext:
    """The lines the writers asked for beside the programme (Writer.extra_speech), each said
    by this run's engine as the article's text is, as a WAV the writers find in
    `context.spoken` by name."""
    speak = speaker(run.article, run.options)
    extras = writers.extra_speech(context.options, run.options.writer_formats())
    spoken = {
        extra.name: _spoken_line(speak(extra.text), run.engine, run.cache,
                                 run.work / f"{extra.name}.wav")
        for extra in extras
    }  # fmt: skip
    return replace(context, spoken={**context.spoken, **spoken})


def master_programme(run: Run, context: writers.EditionContext) -> writers.EditionContext:
    """The programme mastered (and the writers' audio encoded); the writers get the result."""
    run.mastered = _master(context, run.options, run.work, run.cache, run.live_scan)
    return replace(context, timeline=run.mastered.timeline, mastered_audio=run.mastered.encoded)


def write_files(run: Run, context: writers.EditionContext) -> Edition:
    """Every writer's file and the manifest into the staging folder, each audio file checked
    to play to the programme's length."""
    loudness = run.mastered.loudness if run.mastered else None
    manifest = writers.write_edition(
        context, run.stage, formats=run.options.writer_formats(), loudness=loudness
    )
    check_playback(run.stage, manifest.files, manifest.duration_ms)
    report = run.report or SynthesisReport((), 0, 0)  # set by synthesize_and_assemble
    return Edition(run.stage, manifest, context.timeline, report, run.mastered)


def publish(run: Run, edition: Edition) -> Edition:
    """The staging folder, its scratch audio removed, swapped into place as its folder."""
    shutil.rmtree(run.work)
    folder = staging.publish(run.stage, run.stage.parent / run.folder, run.claim)
    # a URL's edition is uploaded from there, whole, its manifest last (narrate.storage)
    url = run.place.publish(folder, lambda store: staging.check_same_source_at(store, run.claim))
    return replace(
        edition, folder=folder, manifest=replace(edition.manifest, folder=folder), url=url
    )


def _previews(run: Run, out_dir: Path) -> chapter_previews.ChapterPreviews | None:
    """Chapter previews beside the edition, when asked for (by default with split chapter
    files) and the edition is published here (an edition sent to a URL has no folder here)."""
    options = run.options
    wanted = options.previews if options.previews is not None else options.edition.split_chapters
    if not wanted or not run.place.previews_here:
        return None
    target = options.edition.loudness_lufs or options.profile.loudness_lufs
    return chapter_previews.start(out_dir, run.folder, run.script, target)


def _scans_live(options: BuildSettings) -> bool:
    """Whether loudness may be measured while the programme is stitched: when it is mastered
    as it is, without an intro or outro (which are measured with it). Only worth it while
    the engine speaks: stitching cached clips outruns the scan, and a rebuild of the same
    programme finds its measurement kept (master_memo)."""
    edition = options.edition
    return options.profile.master and not (edition.intro or edition.outro)


def _spoken_line(spoken: str, engine: Engine, cache: ClipCache, dest: Path) -> Path:
    """`spoken` said by this run's engine (through the cache), trimmed (assemble.edged), as a WAV
    at `dest`."""
    key = engine.cache_key(spoken)
    path = cache.get(key) or cache.put(key, say(engine, spoken))
    edged(read_wav(path))[0].export(dest, format="wav")
    return dest


def _master(
    context: writers.EditionContext,
    options: BuildSettings,
    work: Path,
    cache: ClipCache,
    live_scan: LiveScan | None,
) -> Mastered:
    """The programme at the edition's loudness, with the intro and outro around it, and the
    audio the writers asked for encoded in the same pass; the mastering kept beside the clips
    for rebuilds (which then only copy the encoded audio when no writer needs the WAV)."""
    edition, profile = options.edition, options.profile
    formats = options.writer_formats()
    settings = MasteringSettings(
        target_lufs=edition.loudness_lufs
        if edition.loudness_lufs is not None
        else profile.loudness_lufs,
        true_peak_dbtp=profile.true_peak_dbtp,
        sample_rate=profile.sample_rate,
        intro=edition.intro,
        outro=edition.outro,
        memo=cache.root / "mastering",
        memo_remote=cache.remote.child("mastering") if cache.remote and cache.enabled else None,
    )
    mastered = master(
        context.timeline,
        settings,
        work,
        writers.audio_needs(context, formats),
        wav_for_writers=writers.need_programme(context, formats),
        live_scan=live_scan,
    )
    if context.timeline.audio_path is not None:  # master() refuses a timeline without its WAV
        context.timeline.audio_path.unlink()
    return mastered
