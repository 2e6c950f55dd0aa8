"""The voices: a page listing the voices here, each with a sample to hear, and Piper's
catalogue to add one from (a form post, with its CSRF token); GET /api/voices lists them,
POST /api/voices adds one and GET /api/voices/adds says how the adds go."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from narrate import api
from narrate.engines import ENGINES
from narrate.errors import BadOption
from narrate.serve.editions import server_of
from narrate.serve.inputs import InputError, shortened
from narrate.serve.rendering import form_of, page, see
from narrate.serve.voice_adds import Adding, VoiceAdds

router = APIRouter()

# What a sample says, by language family; a voice of another language reads the English one.
SAMPLES = {
    "en": "Hello. This is how this voice reads your articles.",
    "es": "Hola. Así lee esta voz sus artículos.",
    "fr": "Bonjour. Voici comment cette voix lit vos articles.",
    "de": "Guten Tag. So liest diese Stimme Ihre Artikel.",
    "it": "Buongiorno. Ecco come questa voce legge i vostri articoli.",
    "pt": "Olá. É assim que esta voz lê os seus artigos.",
    "nl": "Hallo. Zo leest deze stem uw artikelen.",
}


class VoiceOut(BaseModel):
    engine: str
    id: str
    language: str
    description: str
    sample: str | None = Field(None, description="A short sample (WAV), for offline voices.")


class CatalogueVoiceOut(BaseModel):
    name: str
    language: str
    language_name: str
    quality: str
    speakers: list[str]
    size_bytes: int
    installed: bool


class Voices(BaseModel):
    voices: list[VoiceOut] = Field(description="The voices usable here, by engine.")
    catalogue: list[CatalogueVoiceOut] = Field(
        description="Piper's catalogue: voices that can be added (installed ones marked)."
    )


class AddVoice(BaseModel):
    name: str = Field(description="A voice of Piper's catalogue, e.g. es_MX-claude-high.")


class AddingOut(BaseModel):
    name: str
    percent: int = Field(description="Of the voice's model downloaded so far.")
    finished: bool
    error: str | None = Field(None, description="Why it failed, when it did.")


def _adding_out(adding: Adding) -> dict[str, Any]:
    return {"name": adding.name, "percent": adding.percent, "finished": adding.finished,
            "error": adding.error}  # fmt: skip


def _catalogue_name(name: str) -> str:
    """`name` when it is a voice of Piper's catalogue; else an InputError (400) naming it."""
    from narrate.voices import find_voice

    try:
        find_voice(name)
    except BadOption:
        raise InputError(f"{shortened(name)!r} is not a voice of Piper's catalogue") from None
    return name


def _sample_url(engine: str, voice: str) -> str | None:
    return None if ENGINES[engine].needs_network else f"/voices/{engine}/{voice}/sample.wav"


def _listing(language: str | None) -> dict[str, Any]:
    from narrate.voices import catalogue_voices, installed_voice
    from narrate.voices.catalogue import split_language

    family = split_language(language)[0] if language else None
    voices = [
        VoiceOut(engine=name, id=v.id, language=v.language, description=v.description,
                 sample=_sample_url(name, v.id))
        for name in sorted(ENGINES)
        for v in ENGINES[name].voices()
        if family is None or split_language(v.language)[0] == family
    ]  # fmt: skip
    catalogue = [
        CatalogueVoiceOut(name=v.name, language=v.language, language_name=v.language_name,
                          quality=v.quality, speakers=[s for s, _ in v.speakers],
                          size_bytes=v.size, installed=installed_voice(v.name) is not None)
        for v in catalogue_voices(language)
    ]  # fmt: skip
    return {"voices": voices, "catalogue": catalogue}


@router.get("/api/voices", tags=["voices"], response_model=Voices)
def list_voices(lang: str | None = None) -> dict[str, Any]:
    """The voices usable here (each offline one with a sample to hear) and Piper's catalogue,
    of one language when `lang` is given (es, es-MX)."""
    return _listing(lang)


@router.post("/api/voices", tags=["voices"], status_code=202, response_model=AddingOut)
def api_add_voice(request: Request, body: AddVoice) -> dict[str, Any]:
    """Start adding a voice of Piper's catalogue (downloaded and checked in the background;
    a voice being added already is not started twice); poll GET /api/voices/adds until it is
    finished, then it is among GET /api/voices' voices."""
    return _adding_out(_adds(request).start(_catalogue_name(body.name.strip())))


@router.get("/api/voices/adds", tags=["voices"], response_model=list[AddingOut])
def api_voice_adds(request: Request) -> list[dict[str, Any]]:
    """The voices this server has been asked to add, how far each is, and how it ended."""
    return [_adding_out(adding) for adding in _adds(request).all()]


def _adds(request: Request) -> VoiceAdds:
    state = request.app.state
    if not hasattr(state, "voice_adds"):
        state.voice_adds = VoiceAdds()
    adds: VoiceAdds = state.voice_adds
    return adds


@router.get("/voices", include_in_schema=False)
def voices_page(request: Request, lang: str | None = None, added: str | None = None) -> Response:
    from narrate.voices.catalogue import catalogue_voices, split_language

    lang = (lang or "").strip() or None
    listing = _listing(lang)
    families = sorted({(v.family, v.language_name.split(" (")[0]) for v in catalogue_voices()},
                      key=lambda pair: pair[1])  # fmt: skip
    return page(
        request,
        "voices.html",
        title="Voices",
        voices=[v for v in listing["voices"] if v.sample],
        online=sorted({name for name, cls in ENGINES.items() if cls.needs_network}),
        catalogue=[v for v in listing["catalogue"] if not v.installed],
        languages=families,
        lang=split_language(lang)[0] if lang else "",
        adds=_adds(request).all(),
        added=added,
    )


@router.post("/voices/add", include_in_schema=False)
async def add_voice(request: Request) -> Response:
    """Start downloading a voice of the catalogue (a name it lists, nothing else)."""
    form = await form_of(request)
    name = _catalogue_name(str(form.get("voice") or "").strip())
    _adds(request).start(name)
    return see(f"/voices?added={name}#adding")


@router.get("/voices/{engine}/{voice}/sample.wav", include_in_schema=False)
async def sample(request: Request, engine: str, voice: str) -> Response:
    """A short sentence in `voice`, synthesized now (or from the clip cache): only a voice
    this server lists, never a path."""
    offered = {v.id: v for v in ENGINES[engine].voices()} if engine in ENGINES else {}
    if engine not in ENGINES or ENGINES[engine].needs_network or voice not in offered:
        raise InputError(f"no voice {shortened(voice)!r} here to hear", 404)
    language = offered[voice].language
    text = SAMPLES.get(language.split("-")[0].lower(), SAMPLES["en"])
    config = server_of(request).config
    options = api.BuildOptions(
        engine=api.EngineChoice(name=engine, voice=voice), cache_dir=config.cache_dir
    )
    wav = await run_in_threadpool(api.hear, text, language, options)
    return FileResponse(wav, media_type="audio/wav", headers={"Cache-Control": "no-store"})
