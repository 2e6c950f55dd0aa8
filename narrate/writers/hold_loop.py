"""One hold loop from phone editions in several languages (`build --together`).

Each article is built as its own phone edition first (its language's rules and voice); their
messages are then copied, taking one from each language in turn, into `<a>+<b>.phone/`:

`messages/NN-<lang>-<chapter>.<ext>` (Asterisk's `sort=alpha` plays them en, es, en, es...),
`hold-loop.<lang>-<lang>.<ext>`: the whole loop as one file per format, for a phone system that
loops a single file, and `index.json`, which names each message's language and source file.
Message files are copied byte for byte; the whole-loop file is the same samples joined.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import run
from narrate.manifest import Manifest
from narrate.slug import slugify
from narrate.telephony import FORMATS, PhoneFormat
from narrate.timefmt import tenths_clock

INDEX = "index.json"
LOOP = "hold-loop"
_RAW = {"mulaw", "alaw", "s16le"}  # ffmpeg muxers of headerless formats


@dataclass(frozen=True)
class _Taken:
    """One message of one edition, in the loop's order."""

    language: str
    edition: Manifest
    entry: dict[str, Any]  # the edition's phone index entry


def loop_name(editions: Sequence[Manifest], suffix: str) -> str:
    """The loop's folder name: the editions' names joined by `+`, then `suffix` (`.phone`)."""
    return "+".join(e.folder.name.removesuffix(suffix) for e in editions) + suffix


def languages(editions: Sequence[Manifest]) -> list[str]:
    """Each edition's language as it appears in file names (`en`, `es`, `pt-br`)."""
    return [slugify(e.language, fallback="und") for e in editions]


def alternate(editions: Sequence[Manifest]) -> list[_Taken]:
    """Every edition's messages, one from each in turn (an edition that runs out is skipped)."""
    rows = [
        [_Taken(lang, e, m) for m in (e.phone or {}).get("messages", [])]
        for lang, e in zip(languages(editions), editions, strict=True)
    ]
    return [t for turn in zip_longest(*rows) for t in turn if t is not None]


def write_hold_loop(editions: Sequence[Manifest], dest: Path, name: str) -> dict[str, Any]:
    """Write the loop of `editions`' messages into the empty folder `dest` (staged, to be
    published as `name`); return its index."""
    taken = alternate(editions)
    formats = [FORMATS[n] for n in (editions[0].phone or {}).get("formats", [])]
    width = max(2, len(str(len(taken))))
    langs = languages(editions)
    loop_base = f"{LOOP}.{'-'.join(dict.fromkeys(langs))}"
    messages: list[dict[str, Any]] = []
    try:
        for n, t in enumerate(taken, start=1):
            base = f"{n:0{width}d}-{t.language}-{t.entry['name'].split('-', 1)[-1]}"
            files = []
            for source in t.entry["files"]:
                folder, _, file = source.removeprefix("phone/").partition("/")
                suffix = file.removeprefix(t.entry["name"])
                target = dest / folder / f"{base}{suffix}"
                target.parent.mkdir(exist_ok=True)
                shutil.copyfile(t.edition.folder / source, target)
                files.append(target.relative_to(dest).as_posix())
            messages.append({
                "name": base, "language": t.language, "title": t.entry["title"],
                "duration_ms": t.entry["duration_ms"], "files": files,
                "from": f"{t.edition.folder.name}/{t.entry['files'][0]}",
            })  # fmt: skip
        loop = [_join(fmt, messages, dest, loop_base) for fmt in formats]
    except (OSError, NarrateError) as e:
        why = f"{e.strerror}: {e.filename}" if isinstance(e, OSError) and e.filename else e
        raise OutputError(f"cannot write the hold loop {dest.parent / name}: {why}") from e
    index = {
        "languages": langs,
        "editions": [e.folder.name for e in editions],
        "formats": [f.name for f in formats],
        "messages": messages,
        "loop": {"files": loop, "duration_ms": sum(m["duration_ms"] for m in messages)},
    }
    text = json.dumps(index, ensure_ascii=False, indent=2) + "\n"
    (dest / INDEX).write_text(text, encoding="utf-8")
    (dest / "musiconhold.conf.example").write_text(_musiconhold(name, index), "utf-8")
    return index


def _join(fmt: PhoneFormat, messages: list[dict[str, Any]], dest: Path, base: str) -> str:
    """The messages' files in `fmt`, joined in order into `<base><suffix>`; its name."""
    args: list[str] = []
    for m in messages:
        source = next(f for f in m["files"] if f.endswith(fmt.suffix) and
                      not (fmt.suffix == ".wav" and f.endswith(".mulaw.wav")))  # fmt: skip
        if fmt.muxer in _RAW:
            args += ["-f", fmt.muxer, "-ar", str(fmt.band.rate), "-ac", "1"]
        args += ["-i", str(dest / source)]
    name = f"{base}{fmt.suffix}"
    args += ["-filter_complex", f"concat=n={len(messages)}:v=0:a=1",
             "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
             "-c:a", fmt.codec, "-f", fmt.muxer, "-y", str(dest / name)]  # fmt: skip
    run(args)
    return name


def _musiconhold(folder: str, index: dict[str, Any]) -> str:
    """An Asterisk class that rotates the messages, languages in turn."""
    base = f"/var/lib/asterisk/moh/{folder.replace('+', '-')}"
    lines = "\n".join(
        f";   {m['name']}  {m['language']}  {tenths_clock(m['duration_ms'])}  {m['title']}"
        for m in index["messages"]
    )
    return f"""\
; Asterisk music on hold: one loop, {" and ".join(index["languages"])} in turn
; Copy messages/ to {base}/ and add this class to /etc/asterisk/musiconhold.conf;
; file names start 01-, 02-: sort=alpha plays them in this order:
{lines}
[{folder.replace("+", "-")}]
mode=files
directory={base}/messages
sort=alpha
"""
