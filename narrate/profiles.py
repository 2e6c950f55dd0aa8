"""Edition presets as plain data: pauses, audio format and what gets written."""

from __future__ import annotations

from dataclasses import dataclass, replace

from narrate.errors import NarrateError

AUDIO_FORMATS = ("mp3", "m4b")  # what --format may name for a podcast or accessible edition


@dataclass(frozen=True)
class Pauses:
    """Silences in ms that mark structure: between sentences, paragraphs and sections."""

    sentence: int = 350
    paragraph: int = 700
    after_title: int = 1000
    after_heading: int = 700
    section: int = 1400
    end: int = 500

    def scaled_to(self, sentence_ms: int) -> Pauses:
        """The same proportions with the sentence pause set to `sentence_ms`."""
        factor = sentence_ms / self.sentence
        return Pauses(
            sentence=sentence_ms,
            paragraph=round(self.paragraph * factor),
            after_title=round(self.after_title * factor),
            after_heading=round(self.after_heading * factor),
            section=round(self.section * factor),
            end=self.end,
        )


@dataclass(frozen=True)
class Profile:
    """Who the edition is for, as numbers: pauses, MP3 rate and bitrate, files written."""

    name: str
    pauses: Pauses
    sample_rate: int = 44100
    bitrate: str = "64k"
    audio_formats: tuple[str, ...] = ("mp3",)  # what --format replaces
    formats: tuple[str, ...] = ("transcript_md", "vtt", "srt", "chapters_json", "script")
    master: bool = True  # one gain + true-peak limiter to loudness_lufs before encoding
    loudness_lufs: float = -16.0  # integrated, EBU R128
    true_peak_dbtp: float = -1.5
    rate: float = 1.0  # speaking rate for engines that have one
    announce_numbers: bool = False  # "Section 2 of 4: ..." before each heading
    # the writer whose --format choices and own options (flags) this edition takes; None: the
    # audio writers' (mp3, m4b...)
    formats_from: str | None = None
    # the build options beyond the shared ones that apply (BuildOptions fields)
    edition_options: tuple[str, ...] = ("cover", "intro", "outro", "bitrate", "split_chapters")
    # after the slug in the edition's folder name, so one article's editions in several
    # profiles live side by side in one output folder; podcast's is empty (`<slug>/`, as ever)
    folder_suffix: str = ""

    def folder_name(self, slug: str) -> str:
        """This profile's edition folder for `slug`: `<slug>` (podcast), `<slug>.<profile>`."""
        return slug + self.folder_suffix

    def with_pause(self, sentence_ms: int | None) -> Profile:
        """This profile with its pauses rescaled when the user gave --pause-ms."""
        return (
            self
            if sentence_ms is None
            else replace(self, pauses=self.pauses.scaled_to(sentence_ms))
        )


PROFILES: dict[str, Profile] = {
    "podcast": Profile(name="podcast", pauses=Pauses()),
    # slower, headings with their place, longer pauses at section ends; DAISY and EPUB books,
    # player
    "accessible": Profile(
        name="accessible",
        pauses=Pauses(
            sentence=450, paragraph=900, after_title=1200, after_heading=900, section=2200
        ),
        rate=0.9,
        announce_numbers=True,
        folder_suffix=".accessible",
        formats=(
            "transcript_md",
            "transcript_html",
            "vtt",
            "srt",
            "chapters_vtt",
            "chapters_json",
            "player",
            "daisy",
            "epub",
            "script",
        ),
    ),
    # on-hold messages: short pauses (never over 1.5 s), levelled per message by the writer
    "phone": Profile(
        name="phone",
        pauses=Pauses(
            sentence=300, paragraph=500, after_title=700, after_heading=600, section=900, end=300
        ),
        audio_formats=("phone",),
        formats_from="phone",
        folder_suffix=".phone",
        edition_options=(),
        formats=("transcript_md", "chapters_json", "script"),
        master=False,
        loudness_lufs=-19.0,
        true_peak_dbtp=-3.0,
    ),
}


def edition_folders(slug: str) -> tuple[str, ...]:
    """The folder names of every profile's edition of `slug`, podcast's first."""
    return tuple(preset.folder_name(slug) for preset in PROFILES.values())


def profile(name: str) -> Profile:
    """The preset called `name`."""
    try:
        return PROFILES[name]
    except KeyError:
        raise NarrateError(
            f"unknown profile {name!r}; choose one of: {', '.join(PROFILES)}"
        ) from None
