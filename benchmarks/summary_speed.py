"""Time to pick the summary of one long document, with our graph matrices and with sumy's own.

The document is the BBC sample's articles (../shared/eval) read one after another, cut to N
sentences. "sumy's loops" swaps sumy's LexRankSummarizer and TextRankSummarizer back in for ours
(pipeline.summarize._LexRank, _TextRank), so both columns run the same scorer; the picks must be
the same. The pipeline and `briefings summarize` rank at most summarize.MAX_CANDIDATES sentences.

Usage: .venv/bin/python benchmarks/summary_speed.py [--sizes 100 200 400 800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline.summarize as summarize_module  # noqa: E402
from pipeline.sentences import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "summ_en_bbc_news_summary" / "bbc_news_summary_sample.jsonl"


def long_document(size: int) -> list[str]:
    sentences: list[str] = []
    with open(DATA, encoding="utf-8") as handle:
        for line in handle:
            sentences += split_sentences(json.loads(line)["article"], "en")
            if len(sentences) >= size:
                return sentences[:size]
    raise SystemExit(f"{DATA} has only {len(sentences)} sentences")


def best_time(sentences: list[str], repeat: int) -> tuple[float, list[int]]:
    times, picked = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        picked = summarize_module.summarize(sentences, "en", count=5)
        times.append(time.perf_counter() - start)
    return min(times), picked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ours = summarize_module._LexRank, summarize_module._TextRank
    limit = summarize_module.MAX_CANDIDATES
    summarize_module.MAX_CANDIDATES = max(args.sizes)  # time the scorer itself, past the pipeline's cap
    print("| sentences | ours | sumy's loops | same picks |")
    print("|---|---|---|---|")
    same_everywhere = True
    for size in args.sizes:
        sentences = long_document(size)
        fast, fast_picks = best_time(sentences, args.repeat)
        summarize_module._LexRank, summarize_module._TextRank = LexRankSummarizer, TextRankSummarizer
        slow, slow_picks = best_time(sentences, args.repeat)
        summarize_module._LexRank, summarize_module._TextRank = ours
        same_everywhere &= fast_picks == slow_picks
        print(f"| {size} | {fast:.2f} s | {slow:.2f} s | {'yes' if fast_picks == slow_picks else 'NO'} |", flush=True)
    summarize_module.MAX_CANDIDATES = limit
    return 0 if same_everywhere else 1


if __name__ == "__main__":
    sys.exit(main())
