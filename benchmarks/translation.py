"""Translation throughput and memory: Argos's own way vs. the briefings engine, on base-size packages.

Not a unit test. Builds (and caches) Transformer-base packages with random weights (6+6 layers,
d_model 512, FFN 2048, 32k vocabulary, int8: the size of Argos's own models) whose end-of-sentence
token can never win, and pins decoding to the source length (min = max = source tokens), so every
sentence costs what a real model's translation of it costs, whatever the random weights say.

Corpus: news-like documents in de fr es ru tr, translated into en de fr (pivot via en where there
is no direct package; same-language targets are passed through). A document's briefing is its title
(first sentence) and every 7th sentence (about 5 summary sentences for 600 words).

  naive:    Argos's PackageTranslation re-enacted on the same packages: per document, per target,
            per paragraph, beam 4, length_penalty 0.2, no cache, pivots as two full passes. Argos
            batches by 32 *tokens*, i.e. about one sentence per CTranslate2 call; re-enacted as one
            call per sentence with its pinned length. A document is done when it is in all targets.
            Measured on a sample (see --naive-paragraphs), scaled per source language by sentences.
  briefing: engine, time until the titles and summary sentences of all documents are in all targets
            (one translate_many call, as pipeline.jobs.translate_documents does for kind "summary").
  full:     time until every sentence is in every target (briefing call + full-text call; the
            summary sentences come back from the translation memory).
  rerun:    the same inbox again (both calls) with a new Translator and the same translation memory.

Engine and naive each run in their own process, so peak RSS (VmHWM) is the engine's alone, with
the default `max_loaded_models` (three base-size packages at most).

Usage:  .venv/bin/python -m benchmarks.translation --quick   (< 1 min once packages are built)
        .venv/bin/python -m benchmarks.translation           (full, < 10 min on 2 cores)
        .venv/bin/python -m benchmarks.translation --quick --ablate   (memory changes, one at a time)
The last line printed is one JSON object with the headline figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOURCES = ("de", "fr", "es", "ru", "tr")
TARGETS = ("en", "de", "fr")
PAIRS = [(s, "en") for s in SOURCES] + [("en", "de"), ("en", "fr")]
SUMMARY_EVERY = 7
BASELINE_COMMIT = "a52c147"  # translate.py as last measured at 1.9 GB (for --ablate)


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


def jobs_for(docs: list[Document], part: str) -> list[tuple[str, str, list[str]]]:
    return [(d.lang, t, d.briefing if part == "briefing" else d.sentences) for d in docs for t in TARGETS]


def proc_status() -> dict[str, float]:
    """VmRSS and VmHWM (peak) of this process in MB."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, value = line.split(":", 1)
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


# -- packages ------------------------------------------------------------------------------------


def prepare_packages(cache: Path) -> tuple[Path, float, float | None]:
    """Build (cached) and install (cached) the packages: (packages dir, seconds, first-build seconds)."""
    import hashlib

    from pipeline.testing import _cache_name, build_package

    started = time.perf_counter()
    names = [_cache_name(s, t, "1.0", "base", 0, True) for s, t in PAIRS]
    missing = [n for n in names if not (cache / n).is_file()]
    builds_file = cache / "build-seconds.json"
    built = json.loads(builds_file.read_text()) if builds_file.is_file() else {}
    for (source, target), name in zip(PAIRS, names):
        t = time.perf_counter()
        build_package(cache, source, target, size="base", pinned_length=True)
        if name in missing:
            built[name] = round(time.perf_counter() - t, 1)
    if missing:
        builds_file.write_text(json.dumps(built, indent=1))
    first_build = sum(built.get(n, 0) for n in names) if all(n in built for n in names) else None
    installed = cache / ("installed-" + hashlib.sha256(" ".join(names).encode()).hexdigest()[:10])
    if not (installed / ".complete").is_file():
        os.environ["ARGOS_PACKAGES_DIR"] = str(installed)
        from pipeline.models import install_file

        for name in names:
            install_file(cache / name)
        (installed / ".complete").write_text("")
    return installed, time.perf_counter() - started, first_build


# -- engine (own process) ------------------------------------------------------------------------


def engine_run(spec: dict) -> dict:
    """Briefing call, full call, then both again from memory; runs in a fresh process."""
    os.environ["ARGOS_PACKAGES_DIR"] = spec["packages"]
    import importlib

    from pipeline.config import TranslationSettings
    from pipeline.memory import TranslationMemory
    from pipeline.models import installed_models

    if spec.get("engine_source"):  # an older translate.py, for --ablate
        module_path = Path(spec["workdir"]) / "translate_baseline.py"
        module_path.write_text(spec["engine_source"])
        sys.path.insert(0, str(module_path.parent))
        translate = importlib.import_module("translate_baseline")
    else:
        from pipeline import translate
    for knob, value in spec.get("knobs", {}).items():
        setattr(translate, knob, value)

    docs = corpus(spec["docs_per_language"], spec["words"])
    settings = TranslationSettings(**spec["settings"])
    models = installed_models()
    memory = TranslationMemory(Path(spec["workdir"]) / f"memory-{os.getpid()}.sqlite3")
    rss = {"start": proc_status()["VmRSS"]}
    translator = translate.Translator(settings, models=models, memory=memory)
    t = time.perf_counter()
    translator.translate_many(jobs_for(docs, "briefing"))
    briefing = time.perf_counter() - t
    translator.translate_many(jobs_for(docs, "full"))
    full = time.perf_counter() - t
    rss["after_first_run"] = proc_status()["VmRSS"]
    rerun = translate.Translator(settings, models=models, memory=memory)
    t = time.perf_counter()
    rerun.translate_many(jobs_for(docs, "briefing"))
    rerun.translate_many(jobs_for(docs, "full"))
    rerun_seconds = time.perf_counter() - t
    status = proc_status()
    stats = translator.stats
    stats_dict = {k: round(v, 3) if isinstance(v, float) else v for k, v in stats.as_dict().items()}
    for extra in ("ct2_seconds", "outside_ct2_share"):
        if hasattr(stats, extra):
            stats_dict[extra] = round(getattr(stats, extra), 4)
    return {
        "briefing_seconds": briefing,
        "full_seconds": full,
        "rerun_seconds": rerun_seconds,
        "stats": stats_dict,
        "rerun_stats": {k: round(v, 3) if isinstance(v, float) else v for k, v in rerun.stats.as_dict().items()},
        "peak_rss_mb": status["VmHWM"],
        "rss_mb": {**rss, "end": status["VmRSS"]},
        "max_loaded_models": settings.max_loaded_models,
        "loaded_at_end": len(translator._loaded),
        "torch_imported": "torch" in sys.modules,
        "argostranslate_translate_imported": "argostranslate.translate" in sys.modules,
    }


# -- naive (own process) -------------------------------------------------------------------------


def naive_run(spec: dict) -> dict:
    """Argos's way on the sample: per document, target, paragraph; one CT2 call per sentence, beam 4."""
    os.environ["ARGOS_PACKAGES_DIR"] = spec["packages"]
    import ctranslate2
    import sentencepiece

    from pipeline.models import installed_models
    from pipeline.translate import find_route

    docs = corpus(spec["docs_per_language"], spec["words"])
    sample = [Document(d.lang, d.paragraphs[: spec["paragraphs"] or None])
              for i, d in enumerate(docs) if i % spec["docs_per_language"] == 0]
    models = installed_models()
    loaded = {}
    started = time.perf_counter()
    for model in models:  # Argos keeps one ctranslate2.Translator per package once used
        loaded[model] = (
            ctranslate2.Translator(str(model.path / "model"), device="cpu", compute_type="int8",
                                   inter_threads=1, intra_threads=spec["threads"]),
            sentencepiece.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model")),
        )
    load_seconds = time.perf_counter() - started
    by_language: dict[str, dict] = {}
    for doc in sample:
        started = time.perf_counter()
        hops = 0
        for target in TARGETS:
            route = find_route(doc.lang, target, models)
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
        entry = by_language.setdefault(doc.lang, {"seconds": 0.0, "sentences": 0, "hops": 0})
        entry["seconds"] += time.perf_counter() - started
        entry["sentences"] += len(doc.sentences)
        entry["hops"] += hops
    return {"by_language": by_language, "load_seconds": load_seconds, "peak_rss_mb": proc_status()["VmHWM"],
            "sample_documents": len(sample), "torch_imported": "torch" in sys.modules}


def in_process(function, spec: dict, env: dict[str, str] | None = None) -> dict:
    """Run `function(spec)` in a fresh interpreter (spawn), with extra environment variables."""
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(function, spec).result()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# -- report --------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    ram = next((int(line.split()[1]) / 1024 / 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    import ctranslate2

    return (f"{os.cpu_count()} cores (nproc), {cpu}, {ram:.1f} GB RAM, {platform.machine()}, "
            f"Python {platform.python_version()}, CTranslate2 {ctranslate2.__version__}")


def ablate(base_spec: dict, packages: str) -> list[str]:
    """The memory changes one at a time, cumulative, on the same corpus (engine process only)."""
    old = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:pipeline/translate.py"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    off = {"ARENA_MAX": 0, "RELEASE_MEMORY": False}
    steps = [
        ("before: old engine, max_loaded_models 4, glibc defaults", {"engine_source": old}, 4),
        ("+ max_loaded_models 3", {"engine_source": old}, 3),
        ("+ evict before load, loaded packages first", {"knobs": off}, 3),
        ("+ glibc arenas capped at 2 (mallopt)", {"knobs": {"RELEASE_MEMORY": False}}, 3),
        ("+ malloc_trim(0) after unload and after each package (= engine as shipped)", {}, 3),
        ("engine as shipped, but max_loaded_models 4", {}, 4),
    ]
    lines = ["| step | peak RSS MB | RSS at end MB | briefing s | full s | model loads |", "|---|---|---|---|---|---|"]
    for label, extra, max_loaded in steps:
        spec = {**base_spec, **extra, "settings": {**base_spec["settings"], "max_loaded_models": max_loaded}}
        r = in_process(engine_run, spec)
        lines.append(f"| {label} | {r['peak_rss_mb']:.0f} | {r['rss_mb']['end']:.0f} | {r['briefing_seconds']:.1f} | "
                     f"{r['full_seconds']:.1f} | {r['stats']['model_loads']} |")
        print(lines[-1], flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpus and naive sample (< 1 min once packages are built)")
    parser.add_argument("--docs-per-language", type=int, default=None)
    parser.add_argument("--words", type=int, default=None, help="words per document")
    parser.add_argument("--naive-paragraphs", type=int, default=None,
                        help="paragraphs of one document per language translated the naive way (0: the whole document); "
                             "the rest is scaled per source language by sentence count")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra threads (0: one per core)")
    parser.add_argument("--cache", type=Path, default=None, help="where built packages are cached")
    parser.add_argument("--results", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument("--ablate", action="store_true", help="also measure each memory change alone (engine only)")
    args = parser.parse_args(argv)
    quick = args.quick
    docs_per_language = args.docs_per_language or (1 if quick else 4)
    words = args.words or (200 if quick else 600)
    naive_paragraphs = args.naive_paragraphs if args.naive_paragraphs is not None else (1 if quick else 0)

    import platformdirs

    load_before = os.getloadavg()
    wall = time.perf_counter()
    cache = args.cache or Path(platformdirs.user_cache_dir("briefings")) / "bench-packages"
    workdir = Path(tempfile.mkdtemp(prefix="briefings-bench-"))
    packages, prepare_seconds, first_build = prepare_packages(cache)
    print(f"packages ready in {prepare_seconds:.1f}s (cache {cache}; first build of all 7: "
          f"{'%.0fs' % first_build if first_build else 'not recorded'})", flush=True)

    from pipeline.config import TranslationSettings

    docs = corpus(docs_per_language, words)
    n_docs = len(docs)
    n_sentences = sum(len(d.sentences) for d in docs)
    n_briefing = sum(len(d.briefing) for d in docs)
    print(f"corpus: {n_docs} documents, {n_sentences} sentences, {n_briefing} briefing sentences", flush=True)

    # Engine: default settings, but decoding pinned to the source length (ratio 1, extra 0, min ratio 1).
    settings = {"max_decoding_ratio": 1.0, "max_decoding_extra": 0, "min_decoding_ratio": 1.0,
                "intra_threads": args.threads}
    spec = {"packages": str(packages), "workdir": str(workdir), "docs_per_language": docs_per_language,
            "words": words, "settings": settings}
    engine = in_process(engine_run, spec)
    stats = engine["stats"]
    print(f"engine: briefing {engine['briefing_seconds']:.1f}s, full {engine['full_seconds']:.1f}s, "
          f"rerun {engine['rerun_seconds']:.2f}s, peak RSS {engine['peak_rss_mb']:.0f} MB, stats {stats}", flush=True)

    threads = TranslationSettings(intra_threads=args.threads).threads()
    naive = in_process(naive_run, {**spec, "paragraphs": naive_paragraphs, "threads": threads})
    naive_seconds = 0.0
    for lang, m in naive["by_language"].items():
        total = sum(len(d.sentences) for d in docs if d.lang == lang)
        naive_seconds += m["seconds"] * total / m["sentences"]
    measured = sum(m["seconds"] for m in naive["by_language"].values())
    measured_sentences = sum(m["sentences"] for m in naive["by_language"].values())
    measured_hops = sum(m["hops"] for m in naive["by_language"].values())
    print(f"naive: {measured_sentences} source sentences ({measured_hops} sentence-hops) in {measured:.1f}s "
          f"-> {naive_seconds:.0f}s for the corpus", flush=True)
    load_after = os.getloadavg()

    per_min = lambda seconds: n_docs / seconds * 60  # noqa: E731
    figures = {
        "naive_docs_per_min": per_min(naive_seconds),
        "briefing_docs_per_min": per_min(engine["briefing_seconds"]),
        "full_docs_per_min": per_min(engine["full_seconds"]),
        "rerun_docs_per_min": per_min(engine["rerun_seconds"]),
        "outside_ct2_share": stats["outside_ct2_share"],
        "peak_rss_mb": engine["peak_rss_mb"],
    }
    ratio = {k: figures[k] / figures["naive_docs_per_min"] for k in ("briefing_docs_per_min", "full_docs_per_min", "rerun_docs_per_min")}
    targets = {
        "briefing >= 10x naive": ratio["briefing_docs_per_min"] >= 10,
        "full >= 2x naive": ratio["full_docs_per_min"] >= 2,
        "rerun >= 50x naive": ratio["rerun_docs_per_min"] >= 50,
        "outside-CT2 share <= 10%": figures["outside_ct2_share"] <= 0.10,
        "peak RSS <= 1.5 GB (1536 MB)": figures["peak_rss_mb"] <= 1536,
        "no torch import": not engine["torch_imported"] and not naive["torch_imported"],
    }
    outside = stats["wall_seconds"] - stats["ct2_seconds"]
    command = f"python -m benchmarks.translation{' --quick' if quick else ''}"
    lines = [
        f"## {'Quick' if quick else 'Full'} run ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- Command: `{command}` (from the repo root, `.venv/bin/python`); total wall time {time.perf_counter() - wall:.0f}s",
        f"- Machine: {machine()}; intra threads {threads}; load average (1 min) {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after (other jobs share the cores)",
        f"- Packages: 7 base-size synthetic (6+6 layers, d_model 512, FFN 2048, 32k vocab, int8), pinned decoding "
        f"length; ready in {prepare_seconds:.0f}s from the cache (first build: "
        f"{'%.0fs' % first_build if first_build else 'not recorded'})",
        f"- Corpus: {n_docs} documents ({docs_per_language} per language x {', '.join(SOURCES)}), ~{words} words, "
        f"{n_sentences} sentences ({n_briefing} title/summary), targets {', '.join(TARGETS)}",
        f"- Naive measured on {naive['sample_documents']} documents "
        f"({'whole' if not naive_paragraphs else f'first {naive_paragraphs} paragraph(s)'}): {measured_sentences} source "
        f"sentences, {measured_hops} sentence-hops in {measured:.1f}s, scaled per source language to {naive_seconds:.0f}s "
        f"for the corpus (model loads, {naive['load_seconds']:.1f}s, not counted)",
        "",
        "| | seconds | docs/min | vs naive | target |",
        "|---|---|---|---|---|",
        f"| naive (Argos's way, beam 4) | {naive_seconds:.0f} | {figures['naive_docs_per_min']:.2f} | 1x | |",
        f"| briefing (titles + summaries, all targets) | {engine['briefing_seconds']:.1f} | "
        f"{figures['briefing_docs_per_min']:.1f} | {ratio['briefing_docs_per_min']:.1f}x | >= 10x |",
        f"| full (every sentence, all targets) | {engine['full_seconds']:.1f} | {figures['full_docs_per_min']:.1f} | "
        f"{ratio['full_docs_per_min']:.1f}x | >= 2x |",
        f"| rerun (same inbox, translation memory) | {engine['rerun_seconds']:.3f} | "
        f"{figures['rerun_docs_per_min']:.0f} | {ratio['rerun_docs_per_min']:.0f}x | >= 50x |",
        "",
        f"- Outside CTranslate2: {figures['outside_ct2_share']:.1%} of the translation stage's "
        f"{stats['wall_seconds']:.1f}s ({outside:.2f}s; target <= 10%). Inside: decoding {stats['seconds']:.1f}s, "
        f"model construction {stats['ct2_load_seconds']:.2f}s. Outside: rest of loading "
        f"{stats['load_seconds'] - stats['ct2_load_seconds']:.2f}s, unloading and malloc_trim {stats['unload_seconds']:.2f}s, "
        f"memory {stats['memory_seconds']:.2f}s, tokenising {stats['tokenize_seconds']:.2f}s, other "
        f"{outside - (stats['load_seconds'] - stats['ct2_load_seconds']) - stats['unload_seconds'] - stats['memory_seconds'] - stats['tokenize_seconds']:.2f}s",
        f"- Peak RSS of the engine process: {engine['peak_rss_mb']:.0f} MB (target <= 1536), "
        f"max_loaded_models {engine['max_loaded_models']}, {stats['model_loads']} loads / {stats['model_unloads']} unloads; "
        f"RSS {engine['rss_mb']['start']:.0f} MB before, {engine['rss_mb']['after_first_run']:.0f} MB after the first run, "
        f"{engine['rss_mb']['end']:.0f} MB at the end. The naive process (all 7 packages loaded, as Argos keeps them): "
        f"{naive['peak_rss_mb']:.0f} MB",
        f"- Engine stats: {stats}; rerun: {engine['rerun_stats']}",
        f"- torch imported: engine {engine['torch_imported']}, naive {naive['torch_imported']}, this process "
        f"{'torch' in sys.modules}; argostranslate.translate imported by the engine: {engine['argostranslate_translate_imported']}",
        "- Targets: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in targets.items()),
        "",
    ]
    if args.ablate:
        lines += ["### Memory changes, one at a time (engine process, same corpus)", ""]
        lines += ablate(spec, str(packages)) + [""]
    report = "\n".join(lines)
    print(report, flush=True)
    if args.results:
        args.results.write_text(report, encoding="utf-8")
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
