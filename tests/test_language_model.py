"""py3langid's model kept uncompressed in narrate's cache (narrate.language_model): the cached
identifier answers exactly as py3langid's own loading does, on many texts in many languages; a
damaged entry is built again; an unusable cache falls back to py3langid's file; a warm cache
never decompresses the packaged model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words

from narrate import language_model
from narrate.disclosure import NOTICES
from narrate.language import CANDIDATES
from narrate.speech.european import LANGUAGES as EUROPEAN

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
SENTENCES = FIXTURES / "languages" / "clinic_sentences.tsv"
# languages num2words writes numbers in, among those the detector chooses from
NUMBER_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl", "vi", "ja", "ko", "ar", "ru",
                    "uk", "pl", "ro", "tr", "cs", "sk", "hu", "he", "id", "da", "no", "fi",
                    "sv", "fa", "am", "sr", "tg", "bn")  # fmt: skip


def _texts() -> list[str]:
    """Short and long texts in many languages and scripts: the clinic sentences, the fixture
    articles (English, Spanish, pasted and document text), each notice, numbers in words."""
    texts = [line.split("\t", 1)[1] for line in SENTENCES.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]  # fmt: skip
    for folder in ("articles", "pasted", "phone", "languages"):
        for path in sorted((FIXTURES / folder).glob("*")):
            if path.suffix in (".txt", ".md", ".html"):
                text = path.read_text(encoding="utf-8", errors="replace")
                texts += [text[:2000], text[:200], text[-300:]]
    texts += [f"{notice.title}. {notice.sentence}" for notice in NOTICES.values()]
    for language in NUMBER_LANGUAGES:
        try:
            words = [str(num2words(n, lang=language)) for n in (7, 21, 365, 1984, 40_000)]
        except (NotImplementedError, TypeError, OverflowError, KeyError, IndexError):
            continue
        texts += [" ".join(words), words[-1]]
    texts += [" ".join(c.months) for c in EUROPEAN.values()]
    return texts


@pytest.fixture(scope="module")
def identifiers(tmp_path_factory: pytest.TempPathFactory):
    """py3langid's own identifier, and narrate's from a cache entry it has just written."""
    root = tmp_path_factory.mktemp("language-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(language_model.ENV_VAR, str(root))
        packaged = language_model.identifier(CANDIDATES)  # cold: built, then stored
        cached = language_model.identifier(CANDIDATES)  # warm: mapped from the cache
    assert type(cached.tk_nextmove) is memoryview, "the second load came from the cache"
    assert type(packaged.tk_nextmove) is not memoryview
    return packaged, cached, root


def test_the_cached_model_answers_as_py3langid_on_many_texts(identifiers):
    packaged, cached, _ = identifiers
    texts = _texts()
    assert len(texts) > 150 and len({packaged.classify(t)[0] for t in texts}) >= 15
    for text in texts:
        assert cached.classify(text) == packaged.classify(text), text
    for text in texts[::10]:
        assert cached.rank(text) == packaged.rank(text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_the_cached_model_answers_as_py3langid_on_any_text(identifiers, text):
    packaged, cached, _ = identifiers
    assert cached.classify(text) == packaged.classify(text)


def test_a_damaged_entry_is_built_again(identifiers, tmp_path, monkeypatch):
    packaged, _, root = identifiers
    copy = tmp_path / "cache"
    shutil.copytree(root, copy)
    (entry,) = copy.glob("py3langid-*")
    nextmove = entry / "tk_nextmove"
    nextmove.write_bytes(nextmove.read_bytes()[:1000])  # a disk that filled up
    stale = copy / "py3langid-0.0.1-0000000000000000-00000000-little"
    stale.mkdir()  # an earlier py3langid's entry: removed when a new one is stored
    monkeypatch.setenv(language_model.ENV_VAR, str(copy))
    rebuilt = language_model.identifier(CANDIDATES)
    assert type(rebuilt.tk_nextmove) is not memoryview, "the damaged entry was not used"
    assert nextmove.stat().st_size > 1_000_000 and not stale.exists()
    again = language_model.identifier(CANDIDATES)
    assert type(again.tk_nextmove) is memoryview
    text = "Tome una tableta dos veces al día con comida."
    assert again.classify(text) == packaged.classify(text)


def test_an_unusable_cache_falls_back_to_py3langids_file(identifiers, tmp_path, monkeypatch):
    packaged, _, _ = identifiers
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(language_model.ENV_VAR, str(blocked / "cache"))
    fallback = language_model.identifier(CANDIDATES)
    text = "Prenez un comprimé deux fois par jour avec de la nourriture."
    assert fallback.classify(text) == packaged.classify(text) and fallback.classify(text)[0] == "fr"


def test_another_language_list_is_another_entry(identifiers):
    _, _, root = identifiers
    model, version = language_model._package_model()
    names = {language_model.entry_name(model, version, langs)
             for langs in (CANDIDATES, CANDIDATES[:5], CANDIDATES[::-1])}  # fmt: skip
    assert len(names) == 3
    assert (root / language_model.entry_name(model, version, CANDIDATES)).is_dir()
    assert all(version in name for name in names)


# a run of `narrate sections` in which py3langid's own loading of its model fails
WITHOUT_PACKAGED_LOAD = """
import sys
import py3langid.modelio
def refused(path):
    raise SystemExit("py3langid's packaged model was decompressed")
py3langid.modelio.load_model = refused
import py3langid.langid
py3langid.langid._load_model_file = refused
from narrate.cli import main
main(sys.argv[1:], prog_name="narrate")
"""


def test_a_warm_cache_never_decompresses_the_packaged_model(identifiers, tmp_path):
    _, _, root = identifiers
    article = tmp_path / "nota.md"
    said = "Tome una tableta dos veces al día con comida y llame si la fiebre no baja."
    article.write_text(f"# Aviso\n\n{said}\n", encoding="utf-8")
    env = {**os.environ, language_model.ENV_VAR: str(root)}
    run = subprocess.run([sys.executable, "-c", WITHOUT_PACKAGED_LOAD, "sections", "--json",
                          str(article)], env=env, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert '"language": "es"' in run.stdout
    env[language_model.ENV_VAR] = str(tmp_path / "empty")
    cold = subprocess.run([sys.executable, "-c", WITHOUT_PACKAGED_LOAD, "sections", str(article)],
                          env=env, capture_output=True, text=True)  # fmt: skip
    assert cold.returncode != 0 and "packaged model was decompressed" in cold.stderr
