"""py3langid's model kept uncompressed in narrate's cache (narrate.language_model): the cached
detector answers as py3langid's own loading does, on many texts in many languages and any text;
a borderline text goes to py3langid's own scoring; a damaged or outdated entry is built again;
an unusable cache falls back to py3langid's file; a warm cache loads neither numpy nor
py3langid, and never decompresses the packaged model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words

from narrate import language_model
from narrate.disclosure import NOTICES
from narrate.language import CANDIDATES, MIN_CONFIDENCE
from narrate.language_model import MARGIN
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
def detectors(tmp_path_factory: pytest.TempPathFactory):
    """narrate's detector as the first run makes it (py3langid's own loading, then the cache
    written), and as the next run does, from the cache only."""
    root = tmp_path_factory.mktemp("language-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(language_model.ENV_VAR, str(root))
        cold = language_model.detector(CANDIDATES)
        warm = language_model.detector(CANDIDATES)
    assert cold.exact is not None and warm.exact is None and warm.tables is not None
    return cold, warm, root


def _copied_cache(root: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built cache to damage, and its one entry."""
    copy = tmp_path / "cache"
    shutil.copytree(root, copy)
    (entry,) = copy.glob("py3langid-*")
    return copy, entry


def _answer(identifier, text: str) -> str | None:
    """What narrate.language.detect answered with py3langid's own identifier."""
    language, confidence = identifier.classify(text)
    return language if confidence >= MIN_CONFIDENCE else None


def test_the_cached_model_answers_as_py3langid_on_many_texts(detectors):
    cold, warm, _ = detectors
    texts = _texts()
    answers = [_answer(cold.exact, text) for text in texts]
    assert len(texts) > 150 and len(set(answers)) >= 15
    assert [warm.decide(text, MIN_CONFIDENCE) for text in texts] == answers
    assert warm.exact_answers < len(texts) / 10, "most answers are clear without numpy"
    assert warm.mirrored, "py3langid is the version whose code Detector mirrors (pyproject)"
    for text in texts[::5]:
        assert warm.classify(text) == cold.exact.classify(text)  # the same arrays, mapped
        ranked = warm.tables.probabilities(text)
        if ranked is not None:  # double precision vs py3langid's float32: far inside MARGIN
            exact = dict(cold.exact.rank(text))
            assert max(abs(p - exact[lang]) for lang, p in ranked) < MARGIN / 100


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_the_cached_model_answers_as_py3langid_on_any_text(detectors, text):
    cold, warm, _ = detectors
    for threshold in (MIN_CONFIDENCE, 0.2, 0.9):
        language, confidence = cold.exact.classify(text)
        assert warm.decide(text, threshold) == (language if confidence >= threshold else None)


def test_a_borderline_text_is_scored_by_py3langid_itself(detectors, monkeypatch):
    cold, _, root = detectors
    monkeypatch.setenv(language_model.ENV_VAR, str(root))
    monkeypatch.setattr(language_model, "MARGIN", 1.0)  # every answer borderline
    detector = language_model.detector(CANDIDATES)
    texts = _texts()[:40]
    assert [detector.decide(t, MIN_CONFIDENCE) for t in texts] == [_answer(cold.exact, t)
                                                                 for t in texts]  # fmt: skip
    assert detector.exact_answers == len(texts) and detector.exact is not None
    unmirrored = language_model.Detector(CANDIDATES, root / "none", detector.tables, cold.exact)
    assert unmirrored.decide(texts[0], MIN_CONFIDENCE) == _answer(cold.exact, texts[0])
    assert unmirrored.exact_answers == 1, "another py3langid's code: never the Python scoring"


def test_a_damaged_or_outdated_entry_is_built_again(detectors, tmp_path, monkeypatch):
    cold, _, root = detectors
    copy, entry = _copied_cache(root, tmp_path)
    model = language_model.package_folder() / language_model.MODEL_FILE
    assert language_model._tables(entry, model) is not None
    other = tmp_path / "model.npz.xz"
    other.write_bytes(b"another model")
    assert language_model._tables(entry, other) is None, "made from another model file"
    nextmove = entry / "tk_nextmove"
    nextmove.write_bytes(nextmove.read_bytes()[:1000])  # a disk that filled up
    month_ago = time.time() - 31 * 24 * 3600
    stale = copy / "py3langid-0000000000000000-00000000-little"  # an earlier py3langid's
    stale.mkdir()
    (stale / language_model.MANIFEST).write_text("{}", encoding="utf-8")
    os.utime(stale / language_model.MANIFEST, (month_ago, month_ago))
    sharing = copy / "py3langid-1111111111111111-11111111-little"  # another install's, in use
    sharing.mkdir()
    (sharing / language_model.MANIFEST).write_text("{}", encoding="utf-8")
    users = copy / "py3langid-0.4.0" / "src"  # not an entry: a user's own folder
    users.mkdir(parents=True)
    (users / "notes.txt").write_text("work", encoding="utf-8")
    killed = copy / ".py3langid-2222-x.abc"  # a build killed while it wrote the entry
    killed.mkdir()
    os.utime(killed, (month_ago, month_ago))
    monkeypatch.setenv(language_model.ENV_VAR, str(copy))
    rebuilt = language_model.detector(CANDIDATES)
    assert rebuilt.exact is not None, "the damaged entry was not used"
    assert nextmove.stat().st_size > 1_000_000
    assert not stale.exists() and not killed.exists()
    assert sharing.exists() and (users / "notes.txt").read_text(encoding="utf-8") == "work"
    again = language_model.detector(CANDIDATES)
    text = "Tome una tableta dos veces al día con comida."
    assert again.exact is None and again.decide(text, MIN_CONFIDENCE) == "es"


def test_an_unusable_cache_falls_back_to_py3langids_file(detectors, tmp_path, monkeypatch):
    cold, _, _ = detectors
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(language_model.ENV_VAR, str(blocked / "cache"))
    fallback = language_model.detector(CANDIDATES)
    assert fallback.tables is None
    text = "Prenez un comprimé deux fois par jour avec de la nourriture."
    assert fallback.decide(text, MIN_CONFIDENCE) == _answer(cold.exact, text) == "fr"


def test_another_language_list_is_another_entry(detectors):
    _, _, root = detectors
    package = language_model.package_folder()
    names = {language_model.entry_name(package, langs)
             for langs in (CANDIDATES, CANDIDATES[:5], CANDIDATES[::-1])}  # fmt: skip
    assert len(names) == 3
    assert (root / language_model.entry_name(package, CANDIDATES)).is_dir()


# `narrate sections` with the modules it loaded, and py3langid's own loading refused
PROBE = """
import importlib.abc, importlib.util, sys

def refused(path):
    raise SystemExit("py3langid's packaged model was decompressed")

class RefuseThePackagedModel(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "py3langid.langid":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            module._load_model_file = refused
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, RefuseThePackagedModel())
from narrate.cli import main
try:
    main(sys.argv[1:], prog_name="narrate")
finally:
    print("LOADED", *sorted(sys.modules), file=sys.stderr)
"""


def test_a_warm_cache_loads_neither_numpy_nor_py3langid(detectors, tmp_path):
    _, _, root = detectors
    article = tmp_path / "nota.md"
    said = "Tome una tableta dos veces al día con comida y llame si la fiebre no baja."
    article.write_text(f"# Aviso\n\n{said}\n", encoding="utf-8")
    env = {**os.environ, language_model.ENV_VAR: str(root)}
    run = subprocess.run([sys.executable, "-c", PROBE, "sections", "--json", str(article)],
                         env=env, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert '"language": "es"' in run.stdout
    loaded = set(run.stderr.split("LOADED", 1)[1].split())
    assert "narrate.language_model" in loaded
    assert not {m for m in loaded if m == "numpy" or m.startswith(("numpy.", "py3langid"))}
    env[language_model.ENV_VAR] = str(tmp_path / "empty")
    cold = subprocess.run([sys.executable, "-c", PROBE, "sections", str(article)], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert cold.returncode != 0 and "packaged model was decompressed" in cold.stderr


def test_entries_it_cannot_trust_are_not_used(detectors, tmp_path, monkeypatch):
    cold, _, root = detectors
    copy, entry = _copied_cache(root, tmp_path)
    model = language_model.package_folder() / language_model.MODEL_FILE
    manifest = json.loads((entry / language_model.MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["nb_ptc"]["dtype"] = "<f4"  # written by some other code
    (entry / language_model.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert language_model._tables(entry, model) is None
    assert language_model._exact_from(tmp_path / "gone") is None
    # py3langid's code unreadable: its own loading (here the one already made) answers
    monkeypatch.setattr(language_model, "code_digest", lambda package: (package / "x").read_bytes())
    monkeypatch.setattr(language_model, "packaged_identifier", lambda languages: cold.exact)
    fallback = language_model.detector(CANDIDATES)
    assert fallback.tables is None and fallback.exact is cold.exact
    assert fallback.decide("Take one tablet twice a day with food.", MIN_CONFIDENCE) == "en"
    monkeypatch.setattr(language_model, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError):
        language_model.package_folder()


@pytest.mark.parametrize(("table", "damage"), [("tk_nextmove", "garbage"), ("nb_ptc", "zeros"),
                                                ("tk_output", "garbage")])  # fmt: skip
def test_an_entry_whose_contents_changed_is_not_trusted(detectors, tmp_path, table, damage):
    """Tables of the right size but other contents (a crash before the disk had them, a
    stray write): the run reads the article's language right, and the entry is made again."""
    _, _, root = detectors
    copy, entry = _copied_cache(root, tmp_path)
    data = bytearray((entry / table).read_bytes())
    if damage == "zeros":
        data[:] = bytes(len(data))
    else:
        data[: 256 * 1024] = b"\xff" * min(len(data), 256 * 1024)
    (entry / table).write_bytes(bytes(data))
    article = tmp_path / "nota.md"
    article.write_text("# Aviso\n\nTome una tableta dos veces al día con comida y llame si la "
                       "fiebre no baja.\n", encoding="utf-8")  # fmt: skip
    env = {**os.environ, language_model.ENV_VAR: str(copy)}
    run = subprocess.run([sys.executable, "-m", "narrate", "sections", "--json", str(article)],
                         env=env, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert '"language": "es"' in run.stdout
    model = language_model.package_folder() / language_model.MODEL_FILE
    assert language_model._tables(entry, model) is not None, "made again"
