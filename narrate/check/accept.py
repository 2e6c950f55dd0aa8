"""Accept a suggestion from an edition's check: write its lexicon entry into a TOML lexicon
(the article's `narrate.toml` unless another file is named), so the next build says it so.

tomlkit edits the file in place, keeping its comments, order and other settings; the result
is read back by narrate's own lexicon reader before it replaces the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from narrate import manifest as manifest_io
from narrate.check.output import JSON_FILE
from narrate.check.transcribe import INSTALL_HINT, CheckUnavailable
from narrate.errors import NarrateError
from narrate.fs import atomic_write_text
from narrate.speech.lexicon import DEFAULT_FILE, load_lexicon


class AcceptError(NarrateError):
    """A suggestion that cannot be accepted: no check yet, no such number, a bad lexicon."""


def accept(
    folder: Path, number: int, lexicon: Path | None = None, say: str | None = None
) -> tuple[Path, str, str]:
    """Write suggestion `number` (1-based, as the summary lists them) of the edition's last
    check into `lexicon`; return (lexicon path, written form, spoken form)."""
    folder = Path(folder)
    report_path = folder / JSON_FILE
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        items = report["mishearings"]
    except (OSError, ValueError, KeyError, TypeError):
        problem = "no check to accept from; run narrate check first"
        raise AcceptError(f"{report_path}: {problem}") from None
    if not 1 <= number <= len(items):
        raise AcceptError(f"{report_path}: no suggestion {number} (there are {len(items)})")
    written, spoken = items[number - 1]["written"], say or items[number - 1]["say"]
    if not spoken:
        note = items[number - 1].get("note")
        why = f" ({note})" if note else ""
        raise AcceptError(f"suggestion {number} ({written!r}) has no respelling{why}; "
                          "give --say TEXT")  # fmt: skip
    target = Path(lexicon) if lexicon else _article_lexicon(folder)
    write_entry(target, written, spoken)
    return target, written, spoken


def _article_lexicon(folder: Path) -> Path:
    """The narrate.toml beside the edition's article (which a build picks up)."""
    manifest = manifest_io.load(folder / manifest_io.FILENAME)
    location = manifest.source.location
    if not location or location.startswith(("http://", "https://", "<")):
        raise AcceptError(
            f"{folder}: the article is not a local file; name a lexicon with --lexicon FILE"
        )
    beside = Path(location).parent / DEFAULT_FILE
    here = Path.cwd() / DEFAULT_FILE
    if not beside.exists() and here.is_file() and here.resolve() != beside.resolve():
        raise AcceptError(  # a new file beside the article would hide this one from builds
            f"{here} may be the lexicon your builds use, and {beside} does not exist; "
            "name the lexicon to write with --lexicon FILE"
        )
    return beside


def write_entry(path: Path, written: str, spoken: str) -> None:
    """Set `written` = `spoken` in the TOML lexicon at `path` (created if missing), in its
    `[lexicon]` table when it has one."""
    try:
        import tomlkit
        from tomlkit.exceptions import ParseError
    except ImportError:
        raise CheckUnavailable(INSTALL_HINT) from None
    path = Path(path)
    if path.suffix.lower() != ".toml":
        raise AcceptError(f"{path}: suggestions are written to a .toml lexicon")
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, ParseError) as error:
        raise AcceptError(f"{path}: cannot be read as a TOML lexicon ({error})") from None
    table = document["lexicon"] if isinstance(document.get("lexicon"), dict) else document
    table[written] = spoken
    new_text = tomlkit.dumps(document)
    staged = path.with_name(f".{path.name}.check.toml")
    try:
        staged.write_text(new_text, encoding="utf-8")
        load_lexicon(staged)  # narrate must read what it is about to write
    finally:
        staged.unlink(missing_ok=True)
    atomic_write_text(path, new_text)
