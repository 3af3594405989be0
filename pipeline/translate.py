"""Offline translation with installed Argos packages, run through CTranslate2 directly.

Why not `argostranslate.translate`: it imports torch in some distributions, downloads a sentence
splitter, and translates one paragraph at a time with beam 4. Here the caller's sentences (already
split) from every job of a call are pooled per package: deduplicated, looked up in the translation
memory, sorted by length and decoded in token-bounded batches, hop by hop for pivot routes (de->en
is decoded once and serves en, fr and de-via-en targets). Results come back in input order.

Memory: at most `max_loaded_models` packages are loaded; the least recently used one is unloaded
*before* the next is loaded, and packages already loaded run first, so a call loads each package at
most once. CTranslate2 runs each model on its own worker thread and glibc gives every such thread its
own malloc arena, which keeps each model's freed decoding buffers (about 200 MB per base-size
model). So the engine caps glibc at 2 arenas (`mallopt(M_ARENA_MAX, 2)`, unless the environment
sets MALLOC_ARENA_MAX) and returns freed memory to the system (`malloc_trim(0)`) after unloading a
model and after each package's decoding. Measured on base-size packages: see
benchmarks/RESULTS.translation.md.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Sequence

from pipeline.config import TranslationSettings
from pipeline.errors import ModelError
from pipeline.memory import TranslationMemory
from pipeline.models import InstalledModel, install_command, installed_models


@dataclass(frozen=True)
class Route:
    source: str
    target: str
    hops: tuple[InstalledModel, ...]

    def describe(self) -> str:
        if not self.hops:
            return f"{self.source} (no translation needed)"
        langs = "→".join([self.source] + [hop.to_code for hop in self.hops])
        return f"{langs} via {', '.join(hop.name for hop in self.hops)}"


def find_route(
    source: str, target: str, models: Sequence[InstalledModel], pivots: Sequence[str] = ("en",)
) -> Route | None:
    """Same language: no hops. Else the direct package, else the first pivot with both halves."""
    if source == target:
        return Route(source, target, ())
    by_pair = {(m.from_code, m.to_code): m for m in models}
    if (source, target) in by_pair:
        return Route(source, target, (by_pair[source, target],))
    for pivot in pivots:
        if pivot not in (source, target) and (source, pivot) in by_pair and (pivot, target) in by_pair:
            return Route(source, target, (by_pair[source, pivot], by_pair[pivot, target]))
    return None


# glibc malloc settings the engine applies (the benchmark switches them off to measure what they buy).
ARENA_MAX = 2  # 0: leave glibc's default (8 arenas per core)
RELEASE_MEMORY = True  # malloc_trim(0) after unloading a model and after each package's decoding
_M_ARENA_MAX = -8
_malloc_configured = False


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:  # musl or no glibc
        return None


def _configure_malloc() -> None:
    """Cap glibc's malloc arenas once per process, before CTranslate2 starts its threads."""
    global _malloc_configured
    if _malloc_configured:
        return
    _malloc_configured = True
    libc = _libc()
    if libc is not None and ARENA_MAX and "MALLOC_ARENA_MAX" not in os.environ:
        libc.mallopt(_M_ARENA_MAX, ARENA_MAX)


def release_memory() -> None:
    """Give freed heap memory back to the system (glibc only; a no-op elsewhere)."""
    libc = _libc()
    if libc is not None and RELEASE_MEMORY:
        libc.malloc_trim(0)


@dataclass
class TranslatorStats:
    sentences: int = 0  # input sentences (non-empty), all jobs and calls
    translated: int = 0  # sentence-hops decoded by CTranslate2 (after dedup and memory)
    from_memory: int = 0  # sentence-hops served by the translation memory
    seconds: float = 0.0  # wall time inside CTranslate2 translate_batch calls
    model_loads: int = 0
    model_unloads: int = 0
    load_seconds: float = 0.0  # loading packages, all of it (CTranslate2 model, tokenizer, metadata)
    ct2_load_seconds: float = 0.0  # of which inside CTranslate2 (Translator construction)
    unload_seconds: float = 0.0  # unloading models and returning memory to the system
    memory_seconds: float = 0.0  # translation memory lookups and writes
    tokenize_seconds: float = 0.0  # SentencePiece encoding and decoding
    wall_seconds: float = 0.0  # wall time inside translate_many

    @property
    def ct2_seconds(self) -> float:
        """Time inside CTranslate2 calls: decoding and model construction."""
        return self.seconds + self.ct2_load_seconds

    @property
    def outside_ct2_share(self) -> float:
        """Share of translate_many's wall time spent outside CTranslate2 calls."""
        return 1 - self.ct2_seconds / self.wall_seconds if self.wall_seconds else 0.0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Loaded:
    translator: object  # ctranslate2.Translator
    tokenizer: object  # sentencepiece.SentencePieceProcessor
    prefix: list[str] = field(default_factory=list)


class Translator:
    def __init__(
        self,
        settings: TranslationSettings,
        models: Sequence[InstalledModel] | None = None,
        memory: TranslationMemory | None = None,
    ) -> None:
        self.settings = settings
        self.models = list(installed_models() if models is None else models)
        self.memory = memory
        self.stats = TranslatorStats()
        self._loaded: OrderedDict[InstalledModel, _Loaded] = OrderedDict()
        self._lock = threading.RLock()
        _configure_malloc()

    # -- routing ---------------------------------------------------------------------------------

    def route(self, source: str, target: str) -> Route | None:
        return find_route(source, target, self.models, self.settings.pivots)

    def _require_route(self, source: str, target: str) -> Route:
        route = self.route(source, target)
        if route is None:
            have = ", ".join(f"{m.from_code}->{m.to_code}" for m in self.models) or "none"
            pivots = ", ".join(self.settings.pivots)
            raise ModelError(
                f"no translation package for {source}->{target} (directly or via {pivots}); "
                f"installed: {have}; run: {install_command(source, target)}"
            )
        return route

    # -- public API ------------------------------------------------------------------------------

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return self.translate_many([(source, target, sentences)])[0]

    def translate_many(self, jobs: Sequence[tuple[str, str, Sequence[str]]]) -> list[list[str]]:
        """Translate every job's sentences; each package decodes all its sentences of this call once."""
        routes = [self._require_route(source, target) for source, target, _ in jobs]
        results: list[list[str]] = [list(sentences) for _, _, sentences in jobs]
        # A pending item: (job, sentence index, index of its next hop). Its current text is results[job][i].
        pending = [
            (j, i, 0)
            for j, (route, texts) in enumerate(zip(routes, results))
            for i, text in enumerate(texts)
            if route.hops and text.strip()
        ]
        with self._lock:
            started = time.perf_counter()
            self.stats.sentences += sum(1 for _, _, sentences in jobs for s in sentences if s.strip())
            while pending:
                groups: dict[InstalledModel, list[tuple[int, int, int]]] = {}
                later: set[InstalledModel] = set()
                for item in pending:
                    hops = routes[item[0]].hops
                    groups.setdefault(hops[item[2]], []).append(item)
                    later.update(hops[item[2] + 1:])
                # A package runs only when no pending item will still reach it later (pivot hops wait
                # for first hops), so each package runs once per call for pivot depth two.
                ready = [m for m in groups if m not in later] or list(groups)
                pending = [item for m, items in groups.items() if m not in ready for item in items]
                # Packages still loaded (from an earlier call) first: no load, and no eviction of them.
                ready.sort(key=lambda m: m not in self._loaded)
                for model in ready:
                    items = groups[model]
                    texts = list(dict.fromkeys(results[j][i] for j, i, _ in items))
                    done = self._translate_unique(model, texts)
                    for j, i, hop in items:
                        results[j][i] = done[results[j][i]]
                        if hop + 1 < len(routes[j].hops):
                            pending.append((j, i, hop + 1))
            self.stats.wall_seconds += time.perf_counter() - started
        return results

    def close(self) -> None:
        with self._lock:
            while self._loaded:
                self._unload_oldest()

    def __enter__(self) -> "Translator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------------

    def _translate_unique(self, model: InstalledModel, texts: list[str]) -> dict[str, str]:
        started = time.perf_counter()
        done = self.memory.get_many(model, texts) if self.memory is not None else {}
        self.stats.memory_seconds += time.perf_counter() - started
        self.stats.from_memory += len(done)
        missing = [t for t in texts if t not in done]
        if missing:
            fresh = dict(zip(missing, self._decode(model, missing)))
            self.stats.translated += len(missing)
            if self.memory is not None:
                started = time.perf_counter()
                self.memory.put_many(model, fresh.items())
                self.stats.memory_seconds += time.perf_counter() - started
            done.update(fresh)
        return done

    def _unload_oldest(self) -> None:
        started = time.perf_counter()
        _, old = self._loaded.popitem(last=False)
        old.translator.unload_model()
        del old
        release_memory()
        self.stats.model_unloads += 1
        self.stats.unload_seconds += time.perf_counter() - started

    def _load(self, model: InstalledModel) -> _Loaded:
        if model in self._loaded:
            self._loaded.move_to_end(model)
            return self._loaded[model]
        import ctranslate2
        import sentencepiece
        from argostranslate.package import Package

        s = self.settings
        while len(self._loaded) >= s.max_loaded_models:  # make room first: never one model too many
            self._unload_oldest()
        started = time.perf_counter()
        try:
            package = Package(model.path)
            ct2_started = time.perf_counter()
            translator = ctranslate2.Translator(
                str(model.path / "model"),
                device="cpu",
                compute_type=s.compute_type,
                inter_threads=s.inter_threads,
                intra_threads=s.threads(),
            )
            self.stats.ct2_load_seconds += time.perf_counter() - ct2_started
            tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model"))
        except (OSError, RuntimeError, ValueError) as exc:
            raise ModelError(
                f"could not load {model.name} from {model.path}: {exc}; reinstall it with "
                f"{install_command(model.from_code, model.to_code)}"
            ) from None
        prefix = getattr(package, "target_prefix", "") or ""
        loaded = _Loaded(translator, tokenizer, [prefix] if prefix else [])
        self._loaded[model] = loaded
        self.stats.model_loads += 1
        self.stats.load_seconds += time.perf_counter() - started
        return loaded

    def _decode(self, model: InstalledModel, texts: list[str]) -> list[str]:
        s = self.settings
        loaded = self._load(model)
        started = time.perf_counter()
        tokens = [loaded.tokenizer.encode(text, out_type=str) for text in texts]
        order = sorted(range(len(texts)), key=lambda k: len(tokens[k]))
        batches: list[list[int]] = [[]]
        for k in order:  # token-bounded batches of similar length (padded size <= max_batch_tokens)
            batch = batches[-1]
            if batch and (len(batch) + 1) * len(tokens[k]) > s.max_batch_tokens:
                batches.append(batch := [])
            batch.append(k)
        self.stats.tokenize_seconds += time.perf_counter() - started
        out: list[str] = [""] * len(texts)
        for batch in batches:
            if not batch:
                continue
            longest = max(len(tokens[k]) for k in batch)
            shortest = min(len(tokens[k]) for k in batch)
            started = time.perf_counter()
            results = loaded.translator.translate_batch(
                [tokens[k] for k in batch],
                target_prefix=[loaded.prefix] * len(batch) if loaded.prefix else None,
                max_batch_size=s.max_batch_tokens,
                batch_type="tokens",
                beam_size=s.beam_size,
                length_penalty=s.length_penalty,
                repetition_penalty=s.repetition_penalty,
                no_repeat_ngram_size=s.no_repeat_ngram_size,
                max_decoding_length=max(1, math.ceil(s.max_decoding_ratio * longest + s.max_decoding_extra)),
                min_decoding_length=int(s.min_decoding_ratio * shortest),
                replace_unknowns=True,
            )
            finished = time.perf_counter()
            self.stats.seconds += finished - started
            for k, result in zip(batch, results):
                hypothesis = result.hypotheses[0]
                if loaded.prefix and hypothesis[: len(loaded.prefix)] == loaded.prefix:
                    hypothesis = hypothesis[len(loaded.prefix):]
                out[k] = loaded.tokenizer.decode(hypothesis).strip()
            self.stats.tokenize_seconds += time.perf_counter() - finished
        started = time.perf_counter()
        release_memory()  # the decoding buffers of this package, before the next one is loaded
        self.stats.unload_seconds += time.perf_counter() - started
        return out
