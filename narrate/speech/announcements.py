"""The fixed words narrate adds to what an article says, in the article's language: an ordered
list item's place ("Step 2", "Paso 2") and a heading's ("Section 2 of 4", "Sección 2 de 4").

The synthetic-voice notice is narrate.disclosure's; both cover the same languages, so that an
article in one of them has nothing English in what is spoken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrate.speech.clinical_words import STEP_WORDS


@dataclass(frozen=True)
class Announcements:
    """One language's words: `step` and `number` name a list item's place, `section` a
    heading's ({index} and {total}), `steps` finds a lead-in that introduces instructions."""

    step: str
    number: str
    section: str
    steps: str


ANNOUNCEMENTS: dict[str, Announcements] = {
    "en": Announcements("Step", "Number", "Section {index} of {total}", STEP_WORDS),
    "es": Announcements("Paso", "Número", "Sección {index} de {total}",
                        r"\b(?:pasos?|instrucciones|indicaciones|cómo|qué hacer|siga|"
                        r"prepar\w*|antes de su)\b"),
    "fr": Announcements("Étape", "Numéro", "Section {index} sur {total}",
                        r"\b(?:étapes?|instructions?|consignes|comment|que faire|suivez|"
                        r"prépar\w*|avant votre)\b"),
    "de": Announcements("Schritt", "Nummer", "Abschnitt {index} von {total}",
                        r"\b(?:schritte?|anleitung|anweisungen|so gehen sie vor|was tun|"
                        r"vorbereit\w*|vor ihre[mr]?)\b"),
    "it": Announcements("Passo", "Numero", "Sezione {index} di {total}",
                        r"\b(?:passi|passaggi|istruzioni|come|cosa fare|segua|prepar\w*|"
                        r"prima del)\b"),
    "pt": Announcements("Passo", "Número", "Seção {index} de {total}",
                        r"\b(?:passos?|instruções|como|o que fazer|siga|prepar\w*|"
                        r"antes d[ao] sua)\b"),
    "nl": Announcements("Stap", "Nummer", "Deel {index} van {total}",
                        r"\b(?:stappen|stap|instructies|hoe|wat te doen|volg|voorbereid\w*|"
                        r"voor uw)\b"),
}  # fmt: skip


def announcements_for(language: str) -> Announcements:
    """The words for `language` ("es-MX" finds "es"); English for a language without its own."""
    return ANNOUNCEMENTS.get(language.replace("_", "-").split("-")[0].lower(), ANNOUNCEMENTS["en"])


def says_steps(language: str, lead_in: str) -> bool:
    """Whether `lead_in` introduces instructions, so a numbered list is read as steps."""
    return re.search(announcements_for(language).steps, lead_in, re.IGNORECASE) is not None
