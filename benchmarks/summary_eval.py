"""ROUGE-L of the extractive summarisers on English news test sets, with a quality gate.

Reads the evaluation data in place (never copied into the repository):
  cnndm  ../shared/eval/summ_en_frank/frank_cnndm_test.jsonl   (CNN/DailyMail highlights)
  xsum   ../shared/eval/summ_en_frank/frank_xsum_test.jsonl    (XSum one-sentence summaries)
  bbc    ../shared/eval/summ_en_bbc_news_summary/bbc_news_summary_sample.jsonl

Every algorithm picks the same number of sentences (``--count``, 3 = Lead-3's length) from the
same sentences: ``pipeline.sentences.split_sentences`` on the article for cnndm and bbc, the
dataset's ``article_lines`` for xsum (its articles lack spaces between sentences). The row
``default@auto`` uses the adaptive ``summary_length`` instead and is reported, not gated.

The default gets the document's title, as the pipeline passes it: bbc's ``title`` field (the
headline); for cnndm the headline slug of the article's URL ("Gary-Locke-set-confirmed-permanent-
Kilmarnock-manager" -> "Gary Locke set confirmed permanent Kilmarnock manager"); xsum has none.
The row ``default-notitle`` runs the default without any title (reported, not gated).

ROUGE-L is the F1 of the longest common subsequence between the candidate and the reference,
both lower-cased and tokenised into [a-z0-9]+ runs (as rouge-score does, without stemming;
other languages: runs of Unicode letters and digits, so that é or ß do not split a word),
averaged over documents and shown in points (x100).

``--extra DIR`` adds news sets in other languages that live outside the repository (their
licences do not allow copying them here). Each subfolder ``<name>_<lang>`` of DIR is one set
(``orangesum_fr``: the set "orangesum" in French) holding ``<id>.article.txt`` and
``<id>.reference.txt`` per document, and optionally ``<id>.title.txt``. An article is read the
way the pipeline reads a dropped .txt file (``pipeline.documents.parse``: a short first line is
the title), then split into sentences by ``split_sentences`` in the set's language. The gates
then cover the extra sets too.

    python benchmarks/summary_eval.py --min-margin-over-lead 0.55 --min-margin-over-lexrank 0.05

exits 1 when the default's mean ROUGE-L over the datasets is less than 0.55 point above Lead-3's,
or less than 0.05 above LexRank's on any dataset (the pins sit just under the default's figures
on the English sets: +0.62 and +0.10). ``--split dev|test`` evaluates on the even / odd
documents of each file. How the default's weights were chosen: benchmarks/summary_tuning.py.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.boilerplate import strip_share_bar  # noqa: E402
from pipeline.documents import parse  # noqa: E402
from pipeline.sentences import split_sentences  # noqa: E402
from pipeline.summarize import summarize  # noqa: E402

EVAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
DATASETS = {
    "cnndm": "summ_en_frank/frank_cnndm_test.jsonl",
    "xsum": "summ_en_frank/frank_xsum_test.jsonl",
    "bbc": "summ_en_bbc_news_summary/bbc_news_summary_sample.jsonl",
}
SYSTEMS = ("lead3", "lexrank", "textrank", "lsa", "luhn", "edmundson", "default", "default-notitle")
_PTB = {"-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}", "``": '"', "''": '"'}
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str, lang: str = "en") -> list[str]:
    text = text.lower()
    if lang != "en":
        return _WORD.findall(text)
    for ptb, plain in _PTB.items():
        text = text.replace(ptb, plain)
    return _TOKEN.findall(text)


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    """LCS-based ROUGE-L F1 (beta = 1) of two token lists."""
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for c in candidate:
        current = [0]
        for j, r in enumerate(reference):
            current.append(previous[j] + 1 if c == r else max(previous[j + 1], current[j]))
        previous = current
    lcs = previous[-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(candidate), lcs / len(reference)
    return 2 * precision * recall / (precision + recall)


def url_title(url: str) -> str | None:
    """The headline slug of a news URL (Daily Mail / CNN style), as words; None without one."""
    parts = [p for p in url.rstrip("/").split("/") if p and p != "index.html"]
    slug = re.sub(r"\.html?$", "", parts[-1]) if parts else ""
    words = [w for w in slug.split("-") if w]
    return " ".join(words) if len(words) >= 3 else None


def load(name: str, split: str, sample: int | None, seed: int) -> list[tuple[list[str], list[str], str | None]]:
    """(sentences, reference tokens, title or None) per document."""
    items = []
    with open(EVAL_DIR / DATASETS[name], encoding="utf-8") as handle:
        for position, line in enumerate(handle):
            if (split == "dev" and position % 2) or (split == "test" and not position % 2):
                continue
            row = json.loads(line)
            if name == "xsum":
                # a flattened share bar opens 22 of the articles: cut as parse() cuts it
                sentences = [t for s in row["article_lines"] if (t := strip_share_bar(s).strip())]
            else:
                sentences = split_sentences(row["article"], "en")
            reference = row["reference"] if "reference" in row else row["summary"]
            title = row.get("title") or (url_title(row["url"]) if name == "cnndm" else None)
            items.append((sentences, tokens(reference), title))
    if sample and sample < len(items):
        items = random.Random(seed).sample(items, sample)
    return items


def load_extra(folder: Path, lang: str) -> list[tuple[list[str], list[str], str | None]]:
    """(sentences, reference tokens, title or None) per document of one ``<name>_<lang>`` folder."""
    items = []
    for article in sorted(folder.glob("*.article.txt")):
        stem = article.name.removesuffix(".article.txt")
        document = parse(article.read_bytes(), article)
        title_file = folder / f"{stem}.title.txt"
        title = title_file.read_text(encoding="utf-8").strip() if title_file.exists() else document.title
        if title == article.stem:  # parse() falls back to the file name: no title
            title = None
        sentences = [s for paragraph in document.paragraphs for s in split_sentences(paragraph, lang)]
        reference = (folder / f"{stem}.reference.txt").read_text(encoding="utf-8")
        items.append((sentences, tokens(reference, lang), title))
    return items


def evaluate(items, system: str, count: int | None, lang: str = "en", **options) -> float:
    total = 0.0
    for sentences, reference, title in items:
        algorithm = {"lead3": "lead", "default-notitle": "default"}.get(system, system)
        if system == "default":
            options["title"] = title
        picked = summarize(sentences, lang, count=count, algorithm=algorithm, **options)
        total += rouge_l(tokens(" ".join(sentences[i] for i in picked), lang), reference)
    return 100 * total / max(1, len(items))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3, help="sentences per summary for every system (default 3)")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    parser.add_argument("--sample", type=int, default=None, help="documents per dataset (fixed seed)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--datasets", nargs="*", choices=tuple(DATASETS), default=list(DATASETS))
    parser.add_argument("--extra", type=Path, default=None, metavar="DIR",
                        help="folder of <name>_<lang> sets kept outside the repo (see above)")
    parser.add_argument("--min-margin-over-lead", type=float, default=None, metavar="POINTS",
                        help="fail unless mean(default) - mean(lead3) >= POINTS")
    parser.add_argument("--min-margin-over-lexrank", type=float, default=None, metavar="POINTS",
                        help="fail unless default - lexrank >= POINTS on every dataset")
    args = parser.parse_args(argv)

    started = time.monotonic()
    table: dict[str, dict[str, float]] = {}
    sizes = {}
    sets = {name: ("en", load(name, args.split, args.sample, args.seed)) for name in args.datasets}
    if args.extra:
        for folder in sorted(p for p in args.extra.iterdir() if p.is_dir() and "_" in p.name):
            name, lang = folder.name.rsplit("_", 1)
            sets[f"{name} ({lang})"] = (lang, load_extra(folder, lang))
    args.datasets = list(sets)
    for name, (lang, items) in sets.items():
        sizes[name] = len(items)
        table[name] = {system: evaluate(items, system, args.count, lang) for system in SYSTEMS}
        table[name]["default@auto"] = evaluate(items, "default", None, lang)
    rows = (*SYSTEMS, "default@auto")
    header = "| system | " + " | ".join(f"{n} (n={sizes[n]})" for n in args.datasets) + " | mean |"
    print(f"ROUGE-L F1 x100, count={args.count}, split={args.split}")
    print(header)
    print("|" + "---|" * (len(args.datasets) + 2))
    means = {}
    for system in rows:
        values = [table[n][system] for n in args.datasets]
        means[system] = sum(values) / len(values)
        print(f"| {system} | " + " | ".join(f"{v:.2f}" for v in values) + f" | {means[system]:.2f} |")
    print(f"({time.monotonic() - started:.0f} s)")

    failures = []
    margin = means["default"] - means["lead3"]
    if args.min_margin_over_lead is not None and margin < args.min_margin_over_lead:
        failures.append(f"default is {margin:+.2f} points over lead3 on average; required {args.min_margin_over_lead:+.2f}")
    if args.min_margin_over_lexrank is not None:
        for name in args.datasets:
            gap = table[name]["default"] - table[name]["lexrank"]
            if gap < args.min_margin_over_lexrank:
                failures.append(f"{name}: default is {gap:+.2f} points over lexrank; required {args.min_margin_over_lexrank:+.2f}")
    for failure in failures:
        print(f"GATE FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
