"""The translation engine on real tiny Argos packages (random weights: outputs are gibberish but real)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import TranslationSettings
from pipeline.errors import ModelError
from pipeline.memory import TranslationMemory
from pipeline.models import InstalledModel
from pipeline.testing import sample_sentences
from pipeline.translate import Route, Translator, find_route

FAST = TranslationSettings(beam_size=1, max_decoding_ratio=1.0, max_decoding_extra=4, intra_threads=1)


def _model(src: str, tgt: str, version: str = "1.0") -> InstalledModel:
    return InstalledModel(src, tgt, version, Path(f"/nowhere/{src}_{tgt}"))


MODELS = [_model("de", "en"), _model("en", "fr"), _model("en", "de"), _model("fr", "en"), _model("es", "fr")]


def test_route_same_language_needs_no_hops() -> None:
    route = find_route("de", "de", MODELS)
    assert route == Route("de", "de", ())
    assert route.describe() == "de (no translation needed)"


def test_route_direct() -> None:
    route = find_route("es", "fr", MODELS)
    assert route is not None and [h.name for h in route.hops] == ["translate-es_fr 1.0"]


def test_route_pivot_via_english() -> None:
    route = find_route("de", "fr", MODELS)
    assert route is not None
    assert route.describe() == "de→en→fr via translate-de_en 1.0, translate-en_fr 1.0"


@pytest.mark.parametrize("source,target", [("es", "de"), ("tr", "en"), ("en", "es")])
def test_route_none(source: str, target: str) -> None:
    assert find_route(source, target, MODELS) is None


def test_route_respects_pivot_list() -> None:
    models = [_model("tr", "de"), _model("de", "fr")]
    assert find_route("tr", "fr", models) is None
    assert find_route("tr", "fr", models, pivots=("en", "de")).describe().startswith("tr→de→fr")


@pytest.fixture
def pairs(install_pairs):
    return install_pairs("de-en", "en-fr", "fr-en")


def test_missing_route_names_install_command(pairs) -> None:
    translator = Translator(FAST)
    with pytest.raises(ModelError, match=r"no translation package for de->ru .*briefings models install de ru"):
        translator.translate(["Hallo."], "de", "ru")


def test_translate_many_order_duplicates_and_empty(pairs, tmp_path: Path) -> None:
    de = sample_sentences("de", 6, seed=1)
    fr = sample_sentences("fr", 3, seed=2)
    jobs = [
        ("de", "en", [de[0], "", de[1], de[0]]),
        ("de", "fr", de[:4]),
        ("fr", "en", fr + [de[2]]),
        ("en", "en", ["Already English.", ""]),
    ]
    translator = Translator(FAST, memory=TranslationMemory(tmp_path / "memory.sqlite3"))
    out = translator.translate_many(jobs)
    assert [len(o) for o in out] == [4, 4, 4, 2]
    assert out[0][1] == "" and out[3] == ["Already English.", ""]
    assert out[0][0] == out[0][3]  # duplicates: one decode, same output
    assert all(text and text not in de + fr for job in out[:3] for text in job if text)
    # Each job alone gives the same result: output order follows input order, pooling changes nothing.
    alone = Translator(FAST)
    assert [alone.translate(s, src, tgt) for src, tgt, s in jobs] == out
    # de->en decoded once for both the en target and the pivot to fr (4 unique de sentences).
    stats = translator.stats
    assert stats.sentences == 3 + 4 + 4 + 1
    assert stats.translated == 4 + 4 + 4  # de->en: 4 unique, en->fr: 4, fr->en: 4
    assert stats.from_memory == 0 and stats.model_loads == 3 and stats.seconds > 0


def test_second_call_is_served_from_memory(pairs, tmp_path: Path) -> None:
    sentences = sample_sentences("de", 5, seed=3)
    memory = TranslationMemory(tmp_path / "memory.sqlite3")
    first = Translator(FAST, memory=memory).translate(sentences, "de", "fr")
    again = Translator(FAST, memory=memory)
    # Whitespace and Unicode form differences hit the same entries.
    assert again.translate(["  " + s.replace(" ", "  ") for s in sentences], "de", "fr") == first
    assert again.stats.translated == 0 and again.stats.from_memory == 10 and again.stats.model_loads == 0


def test_memory_invalidated_by_package_upgrade(pairs, install_pairs, tmp_path: Path) -> None:
    sentences = sample_sentences("de", 3, seed=4)
    memory = TranslationMemory(tmp_path / "memory.sqlite3")
    Translator(FAST, memory=memory).translate(sentences, "de", "en")
    (upgraded,) = install_pairs("de-en", version="1.1")
    translator = Translator(FAST, memory=memory)
    assert translator.route("de", "en").hops == (upgraded,)
    translator.translate(sentences, "de", "en")
    assert translator.stats.translated == 3 and translator.stats.from_memory == 0


def test_lru_bounds_loaded_models(pairs) -> None:
    translator = Translator(TranslationSettings(beam_size=1, max_loaded_models=1, intra_threads=1))
    translator.translate(["Hallo Welt."], "de", "fr")  # loads de->en, then en->fr (evicts de->en)
    assert len(translator._loaded) == 1 and translator.stats.model_loads == 2
    translator.translate(["Noch ein Satz."], "de", "en")
    assert translator.stats.model_loads == 3 and list(translator._loaded) == [pairs[0]]
    bigger = Translator(TranslationSettings(beam_size=1, max_loaded_models=4, intra_threads=1))
    for _ in range(2):
        bigger.translate(["Hallo Welt."], "de", "fr")
        bigger.translate(["Hallo Welt."], "fr", "en")
    assert bigger.stats.model_loads == 3


class _Recorder:
    """Wraps a ctranslate2.Translator and records the token lists of each translate_batch call."""

    def __init__(self, inner) -> None:
        self.inner, self.calls = inner, []

    def translate_batch(self, tokens, **kwargs):
        self.calls.append((tokens, kwargs))
        return self.inner.translate_batch(tokens, **kwargs)


@pytest.mark.parametrize("max_batch_tokens", [16, 128, 4096])
def test_batches_sorted_and_bounded_by_tokens(pairs, max_batch_tokens: int) -> None:
    sentences = sample_sentences("de", 40, seed=5)
    translator = Translator(TranslationSettings(beam_size=1, max_batch_tokens=max_batch_tokens, intra_threads=1))
    loaded = translator._load(pairs[0])
    loaded.translator = recorder = _Recorder(loaded.translator)
    out = translator.translate(sentences, "de", "en")
    assert len(out) == 40 and all(out)
    lengths = [[len(t) for t in tokens] for tokens, _ in recorder.calls]
    assert sum(map(len, lengths)) == 40
    assert [n for batch in lengths for n in batch] == sorted(n for batch in lengths for n in batch)
    assert all(len(b) == 1 or len(b) * max(b) <= max_batch_tokens for b in lengths)
    assert len(lengths) == (1 if max_batch_tokens == 4096 else len(lengths)) and len(lengths) >= 1
    kwargs = recorder.calls[0][1]
    assert kwargs["beam_size"] == 1 and kwargs["batch_type"] == "tokens"
    assert kwargs["max_decoding_length"] == 2 * max(lengths[0]) + 10


def test_missing_package_files_is_model_error(pairs) -> None:
    broken = InstalledModel("de", "en", "1.0", pairs[0].path.parent / "gone")
    with pytest.raises(ModelError, match=r"could not load translate-de_en 1.0 .* briefings models install de en"):
        Translator(FAST, models=[broken]).translate(["Hallo."], "de", "en")


def test_engine_never_imports_torch_or_argos_translate(pairs) -> None:
    code = (
        "import sys; from pipeline.config import TranslationSettings; from pipeline.translate import Translator; "
        "print(Translator(TranslationSettings(beam_size=1)).translate(['Hallo Welt.'], 'de', 'fr').__len__(), "
        "'torch' in sys.modules, 'argostranslate.translate' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False", "False"]
