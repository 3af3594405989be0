"""Latency of `briefings watch`: from a document landing in the inbox to its item in every target
language's briefing, with the watcher running and models loaded.

Installs tiny real packages (de->en, en->de, en->fr) into a private ARGOS_PACKAGES_DIR, starts
`briefings watch` on an empty inbox, waits until it is watching, then drops documents one at a time
(temp name, then rename) and polls the JSON briefings. Translation time for these tiny models is
near zero, so the measured latency is the pipeline's own overhead (the "5 s" of the target); real
models add their translation time (see RESULTS.md, Translation engine).

Usage: .venv/bin/python benchmarks/watch_latency.py [--documents 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent / "briefings"
TARGETS = ("en", "de", "fr")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="watch-latency-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "PREFECT_HOME": str(work / "prefect"),
           "XDG_DATA_HOME": str(work / "data")}
    os.environ.update(env)
    from pipeline.models import install_file
    from pipeline.testing import build_package

    for source, target in (("de", "en"), ("en", "de"), ("en", "fr")):
        install_file(build_package(work / "built", source, target))
    inbox, out = work / "inbox", work / "out"
    inbox.mkdir()
    log = open(work / "watch.log", "w")
    started = time.monotonic()
    watcher = subprocess.Popen([str(BIN), "watch", "--inbox", str(inbox), "--out", str(out), "--to", ",".join(TARGETS)],
                               stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    while "watching" not in (work / "watch.log").read_text():
        time.sleep(0.05)
    startup = time.monotonic() - started
    seed = (ROOT / "seeds" / "ceasefire-2023-09-20.de.txt").read_text()
    latencies = []
    try:
        for number in range(args.documents):
            name = f"bericht-{number}.de.txt"
            (inbox / (name + ".part")).write_text(seed + f"\nNachtrag {number}: die Lage bleibt ruhig.\n")
            dropped = time.monotonic()
            os.rename(inbox / (name + ".part"), inbox / name)
            pending = set(TARGETS)
            while pending:
                for lang in list(pending):
                    path = out / date.today().isoformat() / f"{lang}.json"
                    try:
                        items = json.loads(path.read_text())["items"]
                    except (FileNotFoundError, json.JSONDecodeError):
                        continue
                    if any(i["source"].endswith(name) for i in items):
                        pending.discard(lang)
                time.sleep(0.02)
            latencies.append(time.monotonic() - dropped)
            time.sleep(1.0)
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(60)
        log.close()
    result = {
        "documents": len(latencies),
        "watch_startup_s": round(startup, 2),
        "latency_median_s": round(statistics.median(latencies), 2),
        "latency_max_s": round(max(latencies), 2),
        "latencies_s": [round(x, 2) for x in latencies],
    }
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
