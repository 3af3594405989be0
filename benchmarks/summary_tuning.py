"""How the default summariser's weights were chosen: a grid, the rule, and leave-one-set-out.

Reads the same sets as summary_eval.py (the three English sets of ``../shared/eval`` and, with
``--extra DIR``, the other-language sets kept outside the repository), computes each sentence's
features once (position, LexRank, TextRank, title overlap, word count, stem sets, with the
pipeline's own ``summarize._Analyser``), then scores every weight setting of the grid with the
default's picking rule (short-sentence factor, redundancy skip) and ROUGE-L against the reference.

Rule: among the settings that are not below LexRank on any set, take the one with the best mean
margin over Lead-3 (sets weigh equally, whatever their size). Leave-one-set-out: apply the rule
to all sets but one and measure the chosen setting on the one left out, once per set; the
held-out row estimates how the rule does on a set (a language, a newsroom) it has not seen.

    python benchmarks/summary_tuning.py --extra /work/eval-extra      # about 1 minute
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import summary_eval  # noqa: E402
from pipeline import summarize as S  # noqa: E402
from pipeline.boilerplate import is_boilerplate  # noqa: E402

GRID = {
    "decay": (0.15, 0.2, 0.3),
    "bonus": (0.5, 1.0, 1.5),
    "lexrank": (2.0, 3.0, 4.0),
    "title": (1.0, 2.0, 3.0),
    "redundancy": (0.4, 0.5),
    "length": (0.0, 0.25, 0.5),  # weight of the sentence's word count over the document's mean (capped at 2)
    "textrank": (0.0, 0.5, 1.0),
}
COUNT = 3


def features(lang: str, items) -> list[dict]:
    docs = []
    for sentences, reference, title in items:
        texts = [s for s in sentences if s and s.strip() and not is_boilerplate(s)]
        doc = {"n": len(texts), "reference": reference,
               "tokens": [summary_eval.tokens(t, lang) for t in texts]}
        if len(texts) > COUNT:
            analyser = S._Analyser(lang, texts)
            doc.update(
                lexrank=S._max_normalised(analyser.sumy_scores("lexrank")),
                textrank=S._max_normalised(analyser.sumy_scores("textrank")),
                title=analyser.title_similarity(title), words=analyser.word_counts, stems=analyser.stem_sets,
            )
        docs.append(doc)
    return docs


def similarity(doc: dict, a: int, b: int) -> float:
    sa, sb = doc["stems"][a], doc["stems"][b]
    return len(sa & sb) / math.sqrt(len(sa) * len(sb)) if sa and sb else 0.0


def pick(doc: dict, weights: dict[str, float]) -> tuple[int, ...]:
    """The default's scoring and picking (pipeline/summarize.py ``_default``) with other weights."""
    n = doc["n"]
    if n <= COUNT:
        return tuple(range(n))
    mean_words = sum(doc["words"]) / n
    scores = []
    for j in range(n):
        score = math.exp(-weights["decay"] * j) + (weights["bonus"] if j == 0 else 0.0)
        score += weights["lexrank"] * doc["lexrank"][j] + weights["textrank"] * doc["textrank"][j]
        score += weights["title"] * doc["title"][j] + weights["length"] * min(2.0, doc["words"][j] / mean_words)
        if doc["words"][j] < S.SHORT_SENTENCE_WORDS:
            score *= S.SHORT_SENTENCE_FACTOR
        scores.append(score)
    order = sorted(range(n), key=lambda j: (-scores[j], j))
    picked: list[int] = []
    for j in order:
        if all(similarity(doc, j, k) <= weights["redundancy"] for k in picked):
            picked.append(j)
            if len(picked) == COUNT:
                break
    for j in order:
        if len(picked) == COUNT:
            break
        if j not in picked:
            picked.append(j)
    return tuple(sorted(picked))


def by_score(key: str):
    def choose(doc: dict) -> tuple[int, ...]:
        if doc["n"] <= COUNT:
            return tuple(range(doc["n"]))
        return tuple(sorted(sorted(range(doc["n"]), key=lambda j: (-doc[key][j], j))[:COUNT]))
    return choose


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
    lexrank = scorer.run(by_score("lexrank"))
    grid = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    results = [scorer.run(lambda doc, w=weights: pick(doc, w)) for weights in grid]

    def choose(train: list[str]) -> tuple[dict, dict[str, float]]:
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
        print(f"left out {name}: chose {weights}", file=sys.stderr)
    row("rule, each set left out (held out)", held_out)
    weights, result = choose(names)
    row("rule on all sets (in sample)", result)
    print(f"chosen on all sets: {weights}")
    current = dict(decay=S.POSITION_DECAY, bonus=S.FIRST_SENTENCE_BONUS, lexrank=S.LEXRANK_WEIGHT,
                   textrank=S.TEXTRANK_WEIGHT, title=S.TITLE_WEIGHT, redundancy=S.REDUNDANCY_THRESHOLD, length=0.0)
    row("shipped default", scorer.run(lambda doc: pick(doc, current)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
