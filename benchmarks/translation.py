"""Translation throughput: Argos's own way vs. the briefings engine, on base-size synthetic packages.

Not a unit test. Builds (and caches) Transformer-base packages with random weights (6+6 layers,
d_model 512, FFN 2048, 32k vocabulary, int8: the size of Argos's own models) whose end-of-sentence
token can never win, and pins decoding to the source length (min = max = source tokens), so every
sentence costs what a real model's translation of it costs, whatever the random weights say.

Corpus: ~600-word news-like documents in de fr es ru tr, translated into en de fr (pivot via en
where there is no direct package; same-language targets are passed through).

  (a) naive:    Argos's PackageTranslation re-enacted on the same packages: per document, per
                target, per paragraph, beam 4, length_penalty 0.2, no cache, pivots as two full
                passes. Argos batches by 32 tokens, i.e. about one sentence per CTranslate2 call;
                it is re-enacted as one call per sentence with its pinned length.
  (b) briefing: engine time until the title and summary sentences of all documents are in all targets.
  (c) full:     (b) plus the time to translate every remaining sentence.
  (d) rerun:    the full job again with a new Translator and the same translation memory.

Usage:  .venv/bin/python benchmarks/translation.py --quick      (< 1 min once packages are cached)
        .venv/bin/python benchmarks/translation.py              (full, < 10 min on 2 cores)
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ("de", "fr", "es", "ru", "tr")
TARGETS = ("en", "de", "fr")
PAIRS = [(s, "en") for s in SOURCES] + [("en", "de"), ("en", "fr")]
SUMMARY_EVERY = 7  # title (first sentence) + every 7th sentence: ~5 briefing sentences per document


@dataclass
class Document:
    lang: str
    paragraphs: list[list[str]]

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]

    @property
    def briefing(self) -> list[str]:
        return [s for i, s in enumerate(self.sentences) if i % SUMMARY_EVERY == 0]


def corpus(docs_per_language: int, words: int) -> list[Document]:
    from pipeline.testing import sample_sentences

    docs = []
    for lang in SOURCES:
        for n in range(docs_per_language):
            pool = iter(sample_sentences(lang, 200, seed=1000 + n))
            paragraphs: list[list[str]] = []
            count = 0
            while count < words:
                paragraph = [next(pool) for _ in range(3 + (len(paragraphs) % 3))]
                count += sum(len(s.split()) for s in paragraph)
                paragraphs.append(paragraph)
            docs.append(Document(lang, paragraphs))
    return docs


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def naive(docs: list[Document], models, settings) -> tuple[float, int, int, float]:
    """Argos's way: returns (seconds, output sentences, sentence-hops decoded, model-load seconds)."""
    import ctranslate2
    import sentencepiece

    from pipeline.translate import find_route

    started = time.perf_counter()
    loaded = {}
    for model in models:  # Argos keeps one ctranslate2.Translator per package (cached languages)
        loaded[model] = (
            ctranslate2.Translator(str(model.path / "model"), device="cpu", compute_type="int8",
                                   inter_threads=1, intra_threads=settings.threads()),
            sentencepiece.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model")),
        )
    load_seconds = time.perf_counter() - started
    outputs = hops = 0
    started = time.perf_counter()
    for doc in docs:
        for target in TARGETS:
            route = find_route(doc.lang, target, models)
            if not route.hops:
                continue
            paragraphs = doc.paragraphs
            for model in route.hops:  # a pivot is two complete passes (CompositeTranslation)
                translator, sp = loaded[model]
                translated = []
                for paragraph in paragraphs:
                    out = []
                    for sentence in paragraph:
                        tokens = sp.encode(sentence, out_type=str)
                        result = translator.translate_batch(
                            [tokens], replace_unknowns=True, max_batch_size=32, batch_type="tokens",
                            beam_size=4, length_penalty=0.2, return_scores=True,
                            max_decoding_length=len(tokens), min_decoding_length=len(tokens),
                        )
                        out.append(sp.decode(result[0].hypotheses[0]))
                        hops += 1
                    translated.append(out)
                paragraphs = translated
            outputs += len(doc.sentences)
    return time.perf_counter() - started, outputs, hops, load_seconds


def jobs_for(docs: list[Document], part: str) -> list[tuple[str, str, list[str]]]:
    return [(d.lang, t, d.briefing if part == "briefing" else d.sentences) for d in docs for t in TARGETS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpus and naive sample (< 1 min with cached packages)")
    parser.add_argument("--docs-per-language", type=int, default=None)
    parser.add_argument("--naive-docs-per-language", type=int, default=None,
                        help="documents per language for the naive baseline (its cost per document is constant, "
                             "so the total is extrapolated to the whole corpus)")
    parser.add_argument("--words", type=int, default=None, help="words per document")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra threads (0: one per core)")
    parser.add_argument("--cache", type=Path, default=None, help="where built packages are cached")
    parser.add_argument("--results", type=Path, default=None, help="write a Markdown report here")
    args = parser.parse_args(argv)
    quick = args.quick
    docs_per_language = args.docs_per_language or (2 if quick else 4)
    naive_docs = args.naive_docs_per_language or 1
    words = args.words or (300 if quick else 600)

    import platformdirs

    cache = args.cache or Path(platformdirs.user_cache_dir("briefings")) / "bench-packages"
    workdir = Path(tempfile.mkdtemp(prefix="briefings-bench-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(workdir / "packages")  # before anything imports argostranslate

    from pipeline.config import TranslationSettings
    from pipeline.memory import TranslationMemory
    from pipeline.models import install_file, installed_models
    from pipeline.testing import build_package
    from pipeline.translate import Translator

    t0 = time.perf_counter()
    for source, target in PAIRS:
        install_file(build_package(cache, source, target, size="base", pinned_length=True))
    models = installed_models()
    build_seconds = time.perf_counter() - t0
    print(f"packages ready in {build_seconds:.1f}s ({len(models)} installed, cache {cache})", flush=True)

    docs = corpus(docs_per_language, words)
    n_sentences = sum(len(d.sentences) for d in docs)
    n_briefing = sum(len(d.briefing) for d in docs)
    from pipeline.translate import find_route

    hops = {(d.lang, t): len(find_route(d.lang, t, models).hops) for d in docs for t in TARGETS}
    outputs_full = sum(len(d.sentences) for d in docs for t in TARGETS if hops[d.lang, t])
    outputs_brief = sum(len(d.briefing) for d in docs for t in TARGETS if hops[d.lang, t])
    naive_hops_full = sum(len(d.sentences) * hops[d.lang, t] for d in docs for t in TARGETS)
    naive_hops_brief = sum(len(d.briefing) * hops[d.lang, t] for d in docs for t in TARGETS)
    print(f"corpus: {len(docs)} documents, {n_sentences} sentences, {n_briefing} briefing sentences", flush=True)

    # Engine: pinned decoding length (ratio 1, extra 0, min ratio 1) so cost matches a real model.
    base = TranslationSettings(max_decoding_ratio=1.0, max_decoding_extra=0, min_decoding_ratio=1.0,
                               intra_threads=args.threads)
    rows = []

    def engine(settings, label: str):
        memory = TranslationMemory(workdir / f"memory-{label}.sqlite3")
        translator = Translator(settings, models=models, memory=memory)
        t = time.perf_counter()
        translator.translate_many(jobs_for(docs, "briefing"))
        briefing = time.perf_counter() - t
        translator.translate_many(jobs_for(docs, "full"))
        full = time.perf_counter() - t
        stats = translator.stats
        rerun = Translator(settings, models=models, memory=memory)
        t = time.perf_counter()
        rerun.translate_many(jobs_for(docs, "full"))
        rerun_seconds = time.perf_counter() - t
        print(f"engine {label}: briefing {briefing:.1f}s, full {full:.1f}s, rerun {rerun_seconds:.2f}s, "
              f"{stats.translated} sentence-hops decoded, {stats.model_loads} model loads", flush=True)
        return briefing, full, rerun_seconds, stats, rerun.stats

    variants = [("beam 2 (default)", base)]
    if not quick:
        variants.append(("beam 4 (as Argos)", replace(base, beam_size=4)))
    for label, settings in variants:
        rows.append((label, *engine(settings, label.split()[1])))
    rss_engine = rss_mb()

    naive_set = [d for i, d in enumerate(docs) if i % docs_per_language < naive_docs]
    if quick:  # first paragraph of each sampled document only
        naive_set = [Document(d.lang, d.paragraphs[:1]) for d in naive_set]
    naive_seconds, naive_outputs, naive_hops, naive_load = naive(naive_set, models, base)
    per_hop = naive_seconds / naive_hops
    naive_full = per_hop * naive_hops_full
    naive_brief = per_hop * naive_hops_brief  # Argos has no briefing mode: it would translate these alone
    print(f"naive: {naive_outputs} output sentences ({naive_hops} sentence-hops) in {naive_seconds:.1f}s "
          f"-> extrapolated {naive_full:.0f}s for the corpus", flush=True)
    rss_all = rss_mb()
    torch_imported = "torch" in sys.modules
    argos_translate_imported = "argostranslate.translate" in sys.modules

    lines = [
        f"## {'Quick' if quick else 'Full'} run",
        "",
        f"- Command: `.venv/bin/python benchmarks/translation.py{' --quick' if quick else ''}`",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"CTranslate2 {__import__('ctranslate2').__version__}, threads {base.threads()}",
        f"- Packages: {len(models)} base-size synthetic (6+6 layers, d_model 512, FFN 2048, 32k vocab, int8), "
        f"pinned decoding length; built/installed in {build_seconds:.0f}s (cached after the first run)",
        f"- Corpus: {len(docs)} documents ({docs_per_language} per language x {', '.join(SOURCES)}), ~{words} words, "
        f"{n_sentences} sentences ({n_briefing} title/summary), targets {', '.join(TARGETS)}: "
        f"{outputs_full} translated output sentences ({outputs_brief} for briefings; same-language targets pass through)",
        f"- Naive baseline measured on {naive_outputs} output sentences ({naive_hops} sentence-hops, "
        f"{naive_seconds:.1f}s, {naive_outputs / naive_seconds:.2f} output sent/s, "
        f"{naive_hops / naive_seconds:.2f} sentence-hops/s) and extrapolated linearly "
        f"per sentence-hop ({naive_hops_full} for the corpus; its cost per sentence does not depend on corpus size): {naive_full:.0f}s full, {naive_brief:.0f}s briefing sentences",
        "",
        "| engine | briefing s | speedup | full s | speedup | output sent/s (full) | decoded hops/s | rerun from memory s | rerun speedup |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, briefing, full, rerun_seconds, stats, rerun_stats in rows:
        lines.append(
            f"| {label} | {briefing:.1f} | {naive_brief / briefing:.1f}x | {full:.1f} | {naive_full / full:.1f}x | "
            f"{outputs_full / full:.1f} | {stats.translated / stats.seconds:.1f} | {rerun_seconds:.2f} | "
            f"{naive_full / rerun_seconds:.0f}x |"
        )
    lines += [
        f"| naive (Argos, beam 4, extrapolated) | {naive_brief:.0f} | 1.0x | {naive_full:.0f} | 1.0x | "
        f"{naive_outputs / naive_seconds:.2f} | {naive_hops / naive_seconds:.2f} | {naive_full:.0f} | 1x |",
        "",
        f"- Engine stats ({rows[0][0]}): {rows[0][4].as_dict()}; rerun: {rows[0][5].as_dict()}",
        f"- Peak RSS: {rss_engine:.0f} MB after the engine runs (LRU of {base.max_loaded_models} models), "
        f"{rss_all:.0f} MB after the naive run (all {len(models)} models loaded, as Argos keeps them)",
        f"- torch imported: {torch_imported}; argostranslate.translate imported: {argos_translate_imported}",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.results:
        args.results.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
