"""Small but real Argos Translate packages for tests and benchmarks.

`build_package` writes a genuine `.argosmodel` zip: `metadata.json`, a CTranslate2 Transformer with
random weights in `model/`, and a SentencePiece tokenizer trained on generated text. The weights are
random, so the "translations" are gibberish, but every code path (validation, installation,
tokenisation, CTranslate2 decoding) is the real one and the cost per token matches a real model of
the same size.

Builds are cached in `dest_dir` under a name derived from the arguments, so a test session (or a
benchmark run) builds each package once.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

BUILDER_VERSION = "3"  # bump to invalidate cached builds when the layout below changes


@dataclass(frozen=True)
class _Size:
    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab: int  # CTranslate2 vocabulary size (SentencePiece pieces, padded with unused tokens)
    sp_vocab: int  # SentencePiece vocabulary size
    corpus_sentences: int
    quantization: str | None


SIZES = {
    "tiny": _Size(layers=2, d_model=64, heads=4, ffn=128, vocab=0, sp_vocab=300, corpus_sentences=300, quantization=None),
    "base": _Size(layers=6, d_model=512, heads=8, ffn=2048, vocab=32000, sp_vocab=8000, corpus_sentences=20000, quantization="int8"),
}

LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "ru": "Russian", "tr": "Turkish",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "uk": "Ukrainian", "az": "Azerbaijani",
}

_CYRILLIC = {"ru", "uk", "bg", "sr", "mk", "be"}
_LATIN_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sch", "tr", "pr", "st", "ch", "br"]
_LATIN_VOWELS = ["a", "e", "i", "o", "u", "ei", "au", "é", "ü", "ö", "ı", "ñ"]
_CYR_ONSETS = ["б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш", "пр", "ст"]
_CYR_VOWELS = ["а", "е", "и", "о", "у", "ы", "я", "ю", "ё"]


def _lexicon(lang: str, size: int) -> list[str]:
    """A reproducible pseudo-vocabulary for `lang`: Zipf-friendly short words first."""
    rng = random.Random(f"lexicon-{lang}")
    onsets, vowels = (_CYR_ONSETS, _CYR_VOWELS) if lang in _CYRILLIC else (_LATIN_ONSETS, _LATIN_VOWELS)
    vowels = vowels[: 5 + (sum(map(ord, lang)) % (len(vowels) - 4))]
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = 1 + min(3, int(rng.expovariate(0.9)))
        words["".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))] = None
    return list(words)


def sample_sentences(lang: str, count: int, *, seed: int = 0, words: tuple[int, int] = (12, 28)) -> list[str]:
    """News-like pseudo-sentences in `lang` (capitalised, commas, numbers, a final full stop)."""
    rng = random.Random(f"sentences-{lang}-{seed}")
    lexicon = _lexicon(lang, 6000)
    weights = [1.0 / (rank + 10) for rank in range(len(lexicon))]
    sentences = []
    for _ in range(count):
        n = rng.randint(*words)
        tokens = rng.choices(lexicon, weights=weights, k=n)
        if rng.random() < 0.3:
            tokens.insert(rng.randrange(n), str(rng.randint(2, 2025)))
        if n > 8 and rng.random() < 0.5:
            tokens[n // 2] += ","
        sentences.append(" ".join(tokens).capitalize() + rng.choice([".", ".", ".", "?", "!"]))
    return sentences


def _cache_name(from_code: str, to_code: str, version: str, size: str, seed: int, pinned_length: bool) -> str:
    key = json.dumps([BUILDER_VERSION, from_code, to_code, version, size, seed, pinned_length])
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return f"translate-{from_code}_{to_code}-{version.replace('.', '_')}-{size}-{digest}.argosmodel"


def build_package(
    dest_dir: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    size: str = "tiny",
    seed: int = 0,
    pinned_length: bool = False,
) -> Path:
    """Write (or reuse) a real `.argosmodel` for `from_code` -> `to_code` in `dest_dir`.

    `size="tiny"`: 2+2 layers, d_model 64, a ~300-piece vocabulary (builds in well under a second).
    `size="base"`: 6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocabulary, int8, like Argos's
    own models. `pinned_length=True` makes end-of-sentence impossible, so decoding always runs to the
    caller's `max_decoding_length` (the benchmark pins it to the source length).
    """
    if size not in SIZES:
        raise ValueError(f"size {size!r} is not one of {', '.join(SIZES)}")
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / _cache_name(from_code, to_code, version, size, seed, pinned_length)
    if target.is_file():
        return target
    spec = SIZES[size]
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    with tempfile.TemporaryDirectory(dir=dest_dir) as tmp:
        root = Path(tmp) / top
        root.mkdir()
        pieces = _train_sentencepiece(root / "sentencepiece.model", from_code, to_code, spec, seed)
        vocabulary = pieces + [f"<unused{i}>" for i in range(max(0, spec.vocab - len(pieces)))]
        # Pinned packages only emit whole target-language words, so their output re-tokenises to about
        # as many tokens as it has (a pivot hop then gets input as long as a real translation).
        words = set(_lexicon(to_code, 6000))
        allowed = [i for i, p in enumerate(pieces) if p.startswith("\u2581") and p[1:] in words] if pinned_length else []
        _write_model(root / "model", vocabulary, len(pieces), allowed, spec, seed, pinned_length)
        metadata = {
            "package_version": version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": LANGUAGE_NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": LANGUAGE_NAMES.get(to_code, to_code),
            "package_type": "translate",
            "type": "translate",
            "links": [],
        }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(
            f"Synthetic {from_code}->{to_code} test package built by pipeline.testing "
            f"({size}, seed {seed}); random weights, not a real translation model.\n",
            encoding="utf-8",
        )
        partial = Path(tmp) / "package.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                zf.write(path, path.relative_to(tmp).as_posix())
        partial.replace(target)  # atomic: a concurrent or interrupted build never leaves half a file
    return target


def _train_sentencepiece(path: Path, from_code: str, to_code: str, spec: _Size, seed: int) -> list[str]:
    import sentencepiece as spm

    text = sample_sentences(from_code, spec.corpus_sentences, seed=seed) + sample_sentences(
        to_code, spec.corpus_sentences, seed=seed
    )
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text),
        model_writer=model,
        vocab_size=spec.sp_vocab,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=2,
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _write_model(
    model_dir: Path, vocabulary: list[str], pieces: int, allowed: list[int], size: _Size, seed: int,
    pinned_length: bool,
) -> None:
    import numpy as np
    from ctranslate2.converters.converter import Converter
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, ffn, vocab = size.d_model, size.ffn, len(vocabulary)

    def linear(spec, out_dim: int, in_dim: int) -> None:
        spec.weight = rng.normal(0.0, in_dim ** -0.5, (out_dim, in_dim)).astype(np.float32)
        spec.bias = np.zeros(out_dim, dtype=np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d, dtype=np.float32)
        spec.beta = np.zeros(d, dtype=np.float32)

    def feed_forward(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d)
        linear(spec.linear_1, d, ffn)

    model = transformer_spec.TransformerSpec.from_config((size.layers, size.layers), size.heads)
    encoder, decoder = model.encoder, model.decoder
    encoder.embeddings[0].weight = rng.normal(0.0, d ** -0.5, (vocab, d)).astype(np.float32)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.self_attention.layer_norm)
        feed_forward(layer.ffn)
    decoder.embeddings.weight = rng.normal(0.0, d ** -0.5, (vocab, d)).astype(np.float32)
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.self_attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        norm(layer.attention.layer_norm)
        feed_forward(layer.ffn)
    linear(decoder.projection, vocab, d)
    eos = vocabulary.index("</s>")
    # Pinned: </s> can never win, so decoding length is exactly what the caller allows.
    # Otherwise: a mild bias so that random models end sentences at a plausible length.
    decoder.projection.bias[eos] = -1e4 if pinned_length else 2.0
    # Padding tokens (there for a realistic output-layer cost) are never produced, so outputs are
    # real SentencePiece text and a pivot hop's input is as long as a real translation would be.
    decoder.projection.bias[pieces:] = -1e4
    if allowed:
        keep = decoder.projection.bias[allowed].copy()
        decoder.projection.bias[:] = -1e4
        decoder.projection.bias[allowed] = keep
    model.register_source_vocabulary(vocabulary)
    model.register_target_vocabulary(vocabulary)

    class _RandomWeights(Converter):
        def _load(self):
            return model

    _RandomWeights().convert(str(model_dir), quantization=size.quantization, force=True)


def index_entry(path: Path, url: str) -> dict:
    """An Argos package-index entry (as in argospm-index's index.json) for a built package."""
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/metadata.json"))
        metadata = json.loads(zf.read(name))
    entry = {k: v for k, v in metadata.items() if k != "links"}
    entry["links"] = [url]
    entry["code"] = f"translate-{metadata['from_code']}_{metadata['to_code']}"
    return entry


def copy_package(path: Path, dest: Path) -> Path:
    """Copy a built package (e.g. to serve it over HTTP under a plain name)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, dest)
    return dest
