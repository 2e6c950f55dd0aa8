"""On-hold messages a clinic's phone system plays as they are: one file per chapter, every codec.

`phone/messages/NN-<chapter>.<ext>`: one message per chapter (`NNa-`, `NNb-`... when
max_message_s splits it between sentences), each format under the same base name, so Asterisk
(`mode=files`, `sort=alpha`) rotates them in chapter order and plays the file matching the
call's codec. `phone/full/<slug>.<ext>`: the whole article as one message. Formats Asterisk
cannot open (µ-law WAV) go to `messages-mulaw-wav/` and `full-mulaw-wav/`, where they cannot
join the rotation. Pauses are capped, the edges trimmed, and each message band-limited and
levelled by narrate.telephony. `phone/index.json` lists every file with its duration and
measured levels; `playlist.txt` and `musiconhold.conf.example` are for whoever sets up the
phone system.
"""

from __future__ import annotations

import json
import os
import shutil
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from narrate import telephony
from narrate.assemble import edged
from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import decode
from narrate.flags import Flag
from narrate.model import Timeline
from narrate.telephony import FORMATS, Band, Levels, Measured, PhoneFormat
from narrate.textclean import clean_option
from narrate.timefmt import tenths_clock
from narrate.wav import mono16_writer, wav_duration_ms
from narrate.writers.base import (
    EditionContext,
    EditionOptions,
    SpokenExtra,
    Writer,
    Written,
    own_options,
    register,
)
from narrate.writers.phone_messages import EDGE_MS, MAX_PAUSE_MS, Message, split_messages

FOLDER = "phone"
INDEX = "index.json"
INTRO_PAUSE_MS = 400  # between the hold intro and the message
HOLD_INTRO = "hold-intro"  # the --hold-intro line's name among the edition's spoken extras
MAX_TRUE_PEAK_DBTP = -3.0  # G.711 clips above this, whatever the profile says
WORKERS = min(4, os.cpu_count() or 1)  # messages rendered at once
BLOCK_FRAMES = 1 << 16  # programme frames copied at a time


@dataclass(frozen=True)
class PhoneOptions:
    """What a phone edition is asked for beyond the profile (EditionOptions.writer_options)."""

    formats: tuple[str, ...] | None = None  # wav, ulaw, alaw, sln, mulaw-wav, ...; None: all
    max_message_s: float | None = None  # split longer chapters at sentence boundaries
    gap_s: float = 0.0  # silence added at the end of each message
    music: Path | None = None  # a music bed ducked under the voice
    duck_db: float = 18.0  # how far below the voice the music sits
    hold_intro_text: str | None = None  # a line spoken before each message (--hold-intro)
    # a sound before each message when no hold_intro_text is spoken (the run's engine saying
    # hold_intro_text comes in EditionContext.spoken, and wins)
    hold_intro_wav: Path | None = None

    def __post_init__(self) -> None:
        text = clean_option(self.hold_intro_text, "--hold-intro")
        object.__setattr__(self, "hold_intro_text", text)


FLAGS = (
    Flag("--max-message-s", "max_message_s",
         "phone: split chapters longer than this at sentence boundaries.", float, 5, 3600),
    Flag("--gap-s", "gap_s", "phone: silence added at the end of each message.", float, 0, 30),
    Flag("--music", "music", "phone: a music bed under the voice.", Path),
    Flag("--duck-db", "duck_db", "phone: how far below the voice the music sits.", float, 0, 60,
         show_default=True),
    Flag("--hold-intro", "hold_intro_text",
         'phone: a line spoken before each message, e.g. "Thank you for holding."'),
)  # fmt: skip


def phone_options(options: EditionOptions) -> PhoneOptions:
    """The phone writer's own options in `options` (its defaults when none were given)."""
    return own_options(options, PhoneOptions)


def chosen_formats(options: PhoneOptions) -> list[PhoneFormat]:
    """The formats asked for (all by default), in FORMATS' order, or an OutputError."""
    names = options.formats or tuple(FORMATS)
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise OutputError(f"unknown phone format {unknown[0]!r}; choose from: {', '.join(FORMATS)}")
    return [f for name, f in FORMATS.items() if name in names]


def file_name(message: Message, fmt: PhoneFormat) -> str:
    """A message's file in `fmt`, relative to the phone folder."""
    folder = message.group if fmt.asterisk else f"{message.group}-{fmt.name}"
    return f"{folder}/{message.name}{fmt.suffix}"


@register
class PhoneWriter(Writer):
    """`phone/`: levelled narrowband and wideband messages, their index and Asterisk examples.

    The folder is written inside the edition's staging folder, which is published whole, so a
    phone system never sees half an edition, nor a message left over from an earlier one.
    """

    format = "phone"
    extension = ""
    Options = PhoneOptions
    flags = FLAGS
    format_choices = tuple(FORMATS)

    def filename(self, edition: EditionContext) -> str:
        """The folder's index, `phone/index.json`, which lists every file."""
        return f"{FOLDER}/{INDEX}"

    def extra_speech(self, options: EditionOptions) -> tuple[SpokenExtra, ...]:
        """The --hold-intro line, when given, said by the run's engine."""
        text = phone_options(options).hold_intro_text
        return (SpokenExtra(HOLD_INTRO, text),) if text else ()

    def check(self, options: EditionOptions) -> None:
        chosen_formats(phone_options(options))

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return self.write_recorded(edition, dest_dir).path

    def write_recorded(self, edition: EditionContext, dest_dir: Path) -> Written:
        """The phone folder; the manifest records its index (every message and its levels)."""
        options = phone_options(edition.options)
        formats = chosen_formats(options)
        target = edition.options.loudness_lufs
        levels = Levels(
            edition.profile.loudness_lufs if target is None else target,
            min(edition.profile.true_peak_dbtp, MAX_TRUE_PEAK_DBTP),
            options.duck_db,
        )
        max_ms = round(options.max_message_s * 1000) if options.max_message_s else None
        messages = split_messages(edition.timeline, edition.slug, edition.article.title, max_ms)
        dest = Path(dest_dir) / FOLDER  # inside the edition's staging folder, so written in place
        shutil.rmtree(dest, ignore_errors=True)
        try:
            (dest / ".work").mkdir(parents=True)
            renderer = _Renderer(edition, options, dest, levels, formats)
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # ffmpeg does the work
                longest_first = sorted(messages, key=lambda m: -m.speech_ms)
                futures = {m: pool.submit(renderer.write, m) for m in longest_first}
                entries = [futures[m].result() for m in messages]
            shutil.rmtree(dest / ".work")
            index = {
                "formats": [f.name for f in formats],
                "target_lufs": levels.target_lufs,
                "true_peak_limit_dbtp": levels.true_peak_dbtp,
                "max_pause_ms": MAX_PAUSE_MS,
                "messages": [e for e in entries if e["group"] == "messages"],
                "full": next((e for e in entries if e["group"] == "full"), None),
            }
            (dest / "playlist.txt").write_text(_playlist(edition, index), encoding="utf-8")
            conf = _musiconhold(edition, index)
            (dest / "musiconhold.conf.example").write_text(conf, encoding="utf-8")
            text = json.dumps(index, ensure_ascii=False, indent=2) + "\n"
            (dest / INDEX).write_text(text, encoding="utf-8")
        except OSError as e:
            raise OutputError(f"cannot write the phone messages {dest}: {e.strerror or e}") from e
        return Written(dest / INDEX, index)


class _Renderer:
    """Renders a message: its source WAV, then per band a master, then every format at once.

    Messages may render in parallel: each has its own work folder, removed when it is done.
    """

    def __init__(
        self,
        edition: EditionContext,
        options: PhoneOptions,
        folder: Path,
        levels: Levels,
        formats: list[PhoneFormat],
    ):
        self.timeline = edition.timeline
        self.folder = folder
        self.levels = levels
        self.formats = formats
        self.gap_ms = round(options.gap_s * 1000)
        self.bands = sorted({f.band for f in formats}, key=lambda b: b.rate)
        intro = edition.spoken.get(HOLD_INTRO, options.hold_intro_wav)
        self.intro = _intro(intro, self.timeline.sample_rate)
        music = options.music
        work = folder / ".work"
        self.music = {b: _prepare_music(music, work, b) for b in self.bands} if music else {}

    def write(self, message: Message) -> dict[str, Any]:
        work = self.folder / ".work" / f"{message.group}-{message.name}"
        work.mkdir()
        source = work / "source.wav"
        length_s = _write_source(self.timeline, message, self.intro, source)
        entry: dict[str, Any] = {
            "name": message.name,
            "group": message.group,
            "title": message.title,
            "chapter": message.chapter,
            "part": message.part,
            "files": [],
        }
        for band in self.bands:
            voice, mastered = work / f"voice-{band.rate}.wav", work / f"master-{band.rate}.wav"
            prepared = telephony.prepare_voice(source, voice, band, length_s)
            measured = telephony.master((voice, prepared), mastered, band, self.levels,
                                        gap_ms=self.gap_ms, music=self.music.get(band))  # fmt: skip
            duration_ms = wav_duration_ms(mastered)
            entry.setdefault("duration_ms", duration_ms)
            entry[f"{band.rate // 1000}khz"] = _levels_entry(measured, duration_ms)
            names = [(f, file_name(message, f)) for f in self.formats if f.band == band]
            for name in {n.split("/")[0] for _, n in names}:
                (self.folder / name).mkdir(exist_ok=True)
            telephony.encode(mastered, [(f, self.folder / n) for f, n in names])
            entry["files"] += [f"{FOLDER}/{n}" for _, n in names]
        shutil.rmtree(work)
        return entry


def _levels_entry(measured: Measured, duration_ms: int) -> dict[str, float]:
    lead, inner, tail = telephony.pauses(measured, duration_ms / 1000)
    return {
        "loudness_lufs": measured.loudness_lufs,
        "true_peak_dbtp": round(measured.true_peak_dbtp, 2),
        "leading_silence_s": round(lead, 3),
        "longest_pause_s": round(inner, 3),
        "trailing_silence_s": round(tail, 3),
    }


def _write_source(timeline: Timeline, message: Message, intro: bytes, dest: Path) -> float:
    """The message's speech as a mono 16-bit WAV at the programme's rate; return its length (s).

    Spans are copied from the programme WAV a block at a time: memory stays flat.
    """
    with wave.open(str(timeline.audio_path), "rb") as programme:
        rate = programme.getframerate()
        with mono16_writer(dest, rate) as out:
            if intro:
                out.writeframes(_silence(EDGE_MS, rate) + intro + _silence(INTRO_PAUSE_MS, rate))
            total = programme.getnframes()
            for start_ms, end_ms in message.spans:
                start, end = (min(total, round(ms * rate / 1000)) for ms in (start_ms, end_ms))
                programme.setpos(start)
                for at in range(start, end, BLOCK_FRAMES):
                    out.writeframes(programme.readframes(min(BLOCK_FRAMES, end - at)))
            return out.getnframes() / rate


def _silence(ms: int, rate: int) -> bytes:
    return b"\0\0" * round(ms * rate / 1000)


def _intro(path: Path | None, rate: int) -> bytes:
    """The hold intro's sound without its leading and trailing silence, at `rate`."""
    if path is None:
        return b""
    try:
        return edged(decode(Path(path), rate))[0].raw_data
    except NarrateError as e:
        raise OutputError(
            f"cannot read the hold intro {path}: {e}; give a WAV or another file ffmpeg reads"
        ) from e


def _prepare_music(path: Path, work: Path, band: Band) -> tuple[Path, Measured]:
    dest = work / f"music-{band.rate}.wav"
    return dest, telephony.prepare_music(path, dest, band)


def _playlist(edition: EditionContext, index: dict[str, Any]) -> str:
    """Plain text: each message in playing order with its duration and title."""
    entries = [*index["messages"], *([index["full"]] if index["full"] else [])]
    suffixes = " ".join(FORMATS[name].suffix for name in index["formats"])
    lines = [
        f"# Phone messages: {edition.article.title}",
        "# messages/ in file-name order, then full/, the whole article as one message.",
        f"# Each message is written as: {suffixes}",
        "# message\tduration\ttitle",
    ]
    for e in entries:
        title = e["title"] + (f" (part {e['part']})" if e["part"] else "")
        lines.append(f"{e['group']}/{e['name']}\t{tenths_clock(e['duration_ms'])}\t{title}")
    return "\n".join(lines) + "\n"


def _musiconhold(edition: EditionContext, index: dict[str, Any]) -> str:
    """Asterisk musiconhold.conf classes for these messages: files, playlist, whole article."""
    slug = edition.slug
    base = f"/var/lib/asterisk/moh/{slug}"
    entries = "\n".join(f"entry={base}/messages/{e['name']}" for e in index["messages"])
    return f"""\
; Asterisk music on hold: {edition.article.title}
;
; Copy phone/messages/ and phone/full/ (not the text files: Asterisk plays every
; file it finds in a class's directory) to the server, here under
;   {base}/
; add a class below to /etc/asterisk/musiconhold.conf and run: asterisk -rx "moh reload"
; Each message is band-limited and levelled ({index["target_lufs"]:g} LUFS, true peak at most
; {index["true_peak_limit_dbtp"]:g} dBTP), in several formats under one name: Asterisk plays the one
; matching the call's codec (.ulaw, .alaw, .sln or .wav; .sln16 or .wav16 for G.722) as it is.

; Every chapter in turn, in file-name order.
[{slug}]
mode=files
directory={base}/messages
sort=alpha
;announcement=custom/thank-you-for-holding  ; played as the hold starts and between
;                                           ; files: not with messages that have a hold intro

; The same order as a fixed list, where Asterisk has mode=playlist. No extensions:
; Asterisk still picks the file for the codec.
[{slug}-playlist]
mode=playlist
{entries}

; The whole article as one message.
[{slug}-full]
mode=files
directory={base}/full
"""
