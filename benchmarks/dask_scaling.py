"""Whole-pipeline throughput with Prefect's thread pool vs a local Dask cluster of 1 and 2 workers.

Real news text (WMT newstest2021 sources in de, ru, fr, en from ../shared/eval, grouped into
documents of 15 lines; read here, never copied into the repository) is briefed into en, de and fr
with base-size synthetic Argos packages (Transformer base, int8, decoding length pinned to the
source length so each sentence costs what a real model's translation costs). Each configuration
starts from an empty output folder (no translation memory) and runs the real `briefings run`.

Usage: .venv/bin/python benchmarks/dask_scaling.py [--documents 16]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "wmt_newstest" / "newstest2021" / "txt"
SOURCES = {"de": "newstest2021.de-en.src.de", "ru": "newstest2021.ru-en.src.ru",
           "fr": "newstest2021.fr-de.src.fr", "en": "newstest2021.en-de.src.en"}
PAIRS = [("de", "en"), ("ru", "en"), ("fr", "en"), ("en", "de"), ("en", "fr")]
LINES = 15


def write_inbox(inbox: Path, documents: int) -> None:
    inbox.mkdir(parents=True)
    per_language = max(1, documents // len(SOURCES))
    for lang, name in SOURCES.items():
        lines = [line.strip() for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        for number in range(per_language):
            chunk = lines[number * LINES:(number + 1) * LINES]
            body = "\n\n".join(" ".join(chunk[i:i + 3]) for i in range(1, len(chunk), 3))
            (inbox / f"{lang}-{number:03d}.txt").write_text(chunk[0] + "\n\n" + body + "\n", encoding="utf-8")


def run(inbox: Path, out: Path, runner: str, workers: int, env: dict[str, str]) -> dict:
    started = time.monotonic()
    result = subprocess.run([str(Path(sys.executable).parent / "briefings"), "run", "--inbox", str(inbox),
                             "--out", str(out), "--to", "en,de,fr", "--task-runner", runner],
                            capture_output=True, text=True, env={**env, "BRIEFINGS_DASK_WORKERS": str(workers)})
    wall = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    flow_seconds = float(re.search(r"written in ([\d.]+) s", result.stdout).group(1))
    processed = int(re.search(r"(\d+) processed", result.stdout).group(1))
    return {"runner": runner, "workers": workers if runner == "dask" else None, "documents": processed,
            "flow_s": flow_seconds, "wall_s": round(wall, 1), "docs_per_min": round(processed * 60 / flow_seconds, 1)}


def shape(out: Path) -> list:
    items = []
    for lang in ("en", "de", "fr"):
        data = json.loads((out / date.today().isoformat() / f"{lang}.json").read_text())
        items.append(sorted((Path(i["source"]).name, i["lang"], i["status"], tuple(i["routes"]),
                             tuple(s["index"] for s in i["summary"])) for i in data["items"]))
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=16)
    parser.add_argument("--runners", default="threads:0,dask:1,dask:2", help="runner:workers, comma-separated")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dask-scaling-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "PREFECT_HOME": str(work / "prefect"),
           # the synthetic models never end a sentence: decode exactly the source length, as a real model would
           "BRIEFINGS_TRANSLATION_MAX_DECODING_RATIO": "1.0", "BRIEFINGS_TRANSLATION_MAX_DECODING_EXTRA": "0",
           "BRIEFINGS_TRANSLATION_MIN_DECODING_RATIO": "1.0"}
    os.environ.update(env)
    from pipeline.models import install_file
    from pipeline.testing import build_package

    cache = ROOT / "benchmarks" / ".cache"
    for source, target in PAIRS:
        install_file(build_package(cache, source, target, size="base", pinned_length=True))
    write_inbox(work / "inbox", args.documents)
    rows = []
    for spec in args.runners.split(","):
        runner, workers = spec.split(":")[0], int(spec.split(":")[1])
        out = work / f"out-{runner}-{workers}"
        rows.append(run(work / "inbox", out, runner, workers, env))
        reference = work / "out-threads-0"
        if reference.exists():
            rows[-1]["same_briefings_as_threads"] = shape(out) == shape(reference)
        print(json.dumps(rows[-1]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
