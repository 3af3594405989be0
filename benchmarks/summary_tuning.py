"""How the default summariser's weights were chosen: a grid, the rule, and leave-one-set-out.

Reads the same sets as summary_eval.py (the three English sets of ``../shared/eval`` and, with
``--extra DIR``, the other-language sets kept outside the repository), computes each document's
sentence features once (LexRank, TextRank, title overlap, word counts, stem sets: the pipeline's
own ``summarize._features``), then runs the pipeline's own picking (``summarize._pick``) with
every weight setting of the grid and scores the picks with ROUGE-L against the reference.

Rule: among the settings that are not below LexRank on any set, take the one with the best mean
margin over Lead-3 (sets weigh equally, whatever their size). Leave-one-set-out: apply the rule
to all sets but one and measure the chosen setting on the one left out, once per set; the
held-out row estimates how the rule does on a set (a language, a newsroom) it has not seen.

    python benchmarks/summary_tuning.py --extra /work/eval-extra      # about 30 s
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import summary_eval  # noqa: E402
from pipeline import summarize as S  # noqa: E402
from pipeline.boilerplate import is_boilerplate  # noqa: E402

GRID = {
    "position_decay": (0.15, 0.2, 0.3),
    "first_sentence_bonus": (0.5, 1.0, 1.5),
    "lexrank": (2.0, 3.0, 4.0),
    "textrank": (0.0, 0.5, 1.0),
    "title": (1.0, 2.0, 3.0),
    "redundancy": (0.4, 0.5),
}
COUNT = 3


def features(lang: str, items) -> list[dict]:
    """Per document: its reference, its sentences' tokens, and the scorer's features."""
    docs = []
    for sentences, reference, title in items:
        texts = [s for s in sentences if s and s.strip() and not is_boilerplate(s)]
        doc = {"n": len(texts), "reference": reference, "tokens": [summary_eval.tokens(t, lang) for t in texts]}
        if len(texts) > COUNT:
            doc["features"] = S._features(S._Analyser(lang, texts), title)
        docs.append(doc)
    return docs


def pick(doc: dict, weights: S.Weights) -> tuple[int, ...]:
    if doc["n"] <= COUNT:
        return tuple(range(doc["n"]))
    return tuple(sorted(S._pick(doc["features"], COUNT, weights)))


def lexrank_only(doc: dict) -> tuple[int, ...]:
    if doc["n"] <= COUNT:
        return tuple(range(doc["n"]))
    scores = doc["features"].lexrank
    return tuple(sorted(sorted(range(doc["n"]), key=lambda j: (-scores[j], j))[:COUNT]))


class Scorer:
    def __init__(self, sets: dict[str, list[dict]]) -> None:
        self.sets = sets
        self.cache: dict[tuple[str, int, tuple[int, ...]], float] = {}

    def run(self, choose) -> dict[str, float]:
        result = {}
        for name, docs in self.sets.items():
            total = 0.0
            for number, doc in enumerate(docs):
                picked = choose(doc)
                key = (name, number, picked)
                if key not in self.cache:
                    candidate = [t for i in picked for t in doc["tokens"][i]]
                    self.cache[key] = summary_eval.rouge_l(candidate, doc["reference"])
                total += self.cache[key]
            result[name] = 100 * total / max(1, len(docs))
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra", type=Path, default=None, metavar="DIR", help="as for summary_eval.py")
    args = parser.parse_args(argv)

    loaded = {name: ("en", summary_eval.load(name, "all", None, 13)) for name in summary_eval.DATASETS}
    if args.extra:
        for folder in sorted(p for p in args.extra.iterdir() if p.is_dir() and "_" in p.name):
            name, lang = folder.name.rsplit("_", 1)
            loaded[f"{name} ({lang})"] = (lang, summary_eval.load_extra(folder, lang))
    scorer = Scorer({name: features(lang, items) for name, (lang, items) in loaded.items()})
    names = list(scorer.sets)
    lead = scorer.run(lambda doc: tuple(range(min(COUNT, doc["n"]))))
    lexrank = scorer.run(lexrank_only)
    grid = [S.Weights(**dict(zip(GRID, values))) for values in itertools.product(*GRID.values())]
    results = [scorer.run(lambda doc, w=weights: pick(doc, w)) for weights in grid]

    def choose(train: list[str]) -> tuple[S.Weights, dict[str, float]]:
        def key(index: int):
            result = results[index]
            feasible = all(result[n] >= lexrank[n] for n in train)
            return feasible, sum(result[n] - lead[n] for n in train) / len(train)
        best = max(range(len(grid)), key=key)
        return grid[best], results[best]

    def row(label: str, result: dict[str, float]) -> None:
        margin = sum(result[n] - lead[n] for n in names) / len(names)
        worst = min(result[n] - lexrank[n] for n in names)
        print(f"| {label} | " + " | ".join(f"{result[n]:.2f}" for n in names)
              + f" | {margin:+.2f} | {worst:+.2f} |")

    print(f"{len(grid)} settings, {len(names)} sets; ROUGE-L F1 x100, {COUNT} sentences")
    print("| system | " + " | ".join(names) + " | mean vs Lead-3 | worst vs LexRank |")
    print("|" + "---|" * (len(names) + 3))
    row("Lead-3", lead)
    row("LexRank", lexrank)
    held_out = {}
    for name in names:
        weights, result = choose([n for n in names if n != name])
        held_out[name] = result[name]
        print(f"left out {name}: chose {asdict(weights)}", file=sys.stderr)
    row("rule, each set left out (held out)", held_out)
    weights, result = choose(names)
    row("rule on all sets (in sample)", result)
    print(f"chosen on all sets: {asdict(weights)}")
    row("shipped default", scorer.run(lambda doc: pick(doc, S.DEFAULT_WEIGHTS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
