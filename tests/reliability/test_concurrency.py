"""Two `briefings run` processes and a `briefings watch` on one inbox at once: every document is
processed exactly once, the briefings list everything, and no `database is locked` reaches the user."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "briefings"


def test_two_runs_and_a_watcher_process_each_document_once(tmp_path, inbox, install_pairs):
    install_pairs("de-en", "en-de")
    for number in range(12):  # more documents than seeds, so the processes overlap for a while
        shutil.copy(inbox / "ceasefire-2023-09-20.de.txt", inbox / f"extra-{number}.de.txt")
        with open(inbox / f"extra-{number}.de.txt", "a") as handle:
            handle.write(f"\nNachtrag Nummer {number}: die Lage bleibt angespannt.\n")
    out = tmp_path / "out"
    common = ["--out", str(out), "--to", "en,de"]
    watcher = subprocess.Popen([str(BIN), "watch", "--inbox", str(inbox), *common], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    runs = [subprocess.Popen([str(BIN), "run", "--inbox", str(inbox), *common], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=tmp_path) for _ in range(2)]
    outputs = [r.communicate(timeout=600) for r in runs]
    # the watcher's own catch-up run must finish too before it is stopped
    deadline = time.monotonic() + 300
    watched = ""
    while time.monotonic() < deadline:
        time.sleep(1)
        db = out / ".state" / "state.sqlite3"
        if db.exists():
            con = sqlite3.connect(db)
            pending = con.execute("SELECT COUNT(*) FROM documents WHERE status != 'done'").fetchone()[0]
            total = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            con.close()
            if total == 21 and pending == 0:
                break
    time.sleep(2)
    watcher.send_signal(signal.SIGINT)
    watched_out, watched_err = watcher.communicate(timeout=120)
    for run, (stdout, stderr) in zip(runs, outputs):
        assert run.returncode == 0, stderr
        assert "database is locked" not in stderr + stdout
    assert "database is locked" not in watched_err + watched_out
    processed = sum(int(re.search(r"(\d+) processed", stdout).group(1)) for stdout, _ in outputs)
    processed += sum(int(n) for n in re.findall(r"(\d+) processed", watched_out))
    assert processed == 21
    con = sqlite3.connect(out / ".state" / "state.sqlite3")
    attempts = dict(con.execute("SELECT path, attempts FROM documents").fetchall())
    assert len(attempts) == 21 and set(attempts.values()) == {1}
    for lang in ("en", "de"):
        briefing = json.loads((out / date.today().isoformat() / f"{lang}.json").read_text())
        names = [Path(i["source"]).name for i in briefing["items"]]
        assert sorted(names) == sorted(p.name for p in inbox.iterdir())
