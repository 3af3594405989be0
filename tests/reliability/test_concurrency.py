"""Two `briefings run` processes and a `briefings watch` on one inbox at once: every document is
processed exactly once, the briefings list everything, and no `database is locked` reaches the user."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.days import read_briefing

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "briefings"


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_runs_and_a_watcher_process_each_document_once(tmp_path, inbox, install_pairs):
    install_pairs("de-en", "en-de")
    staging = tmp_path / "staging"
    inbox.rename(staging)
    inbox.mkdir()
    for number in range(12):  # more documents than seeds, so the processes overlap for a while
        copy = staging / f"extra-{number}.de.txt"
        shutil.copy(staging / "ceasefire-2023-09-20.de.txt", copy)
        with open(copy, "a") as handle:
            handle.write(f"\nNachtrag Nummer {number}: die Lage bleibt angespannt.\n")
    out = tmp_path / "out"
    common = ["--out", str(out), "--to", "en,de"]
    logs = {name: tmp_path / f"{name}.log" for name in ("watch", "run1", "run2")}
    handles = {name: open(path, "w") for name, path in logs.items()}
    watcher = subprocess.Popen([str(BIN), "watch", "--inbox", str(inbox), *common], stdout=handles["watch"],
                               stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    _wait(lambda: "watching" in logs["watch"].read_text(), 120, "the watcher to start")
    for document in sorted(staging.iterdir()):  # temp name, then rename: the documented convention
        shutil.copy(document, inbox / (document.name + ".part"))
        os.rename(inbox / (document.name + ".part"), inbox / document.name)
    runs = [subprocess.Popen([str(BIN), "run", "--inbox", str(inbox), *common], stdout=handles[name],
                             stderr=subprocess.STDOUT, text=True, cwd=tmp_path) for name in ("run1", "run2")]
    codes = [run.wait(600) for run in runs]

    def all_done():
        con = sqlite3.connect(out / ".state" / "state.sqlite3")
        try:
            rows = con.execute("SELECT status FROM documents").fetchall()
        finally:
            con.close()
        return len(rows) == 21 and all(status == "done" for (status,) in rows)

    _wait(all_done, 300, "every document to be done")
    time.sleep(3)  # let the watcher finish writing its last batch
    watcher.send_signal(signal.SIGINT)
    assert watcher.wait(120) == 0
    for handle in handles.values():
        handle.close()
    texts = {name: path.read_text() for name, path in logs.items()}
    assert codes == [0, 0], texts
    for name, text in texts.items():
        assert "database is locked" not in text and "Traceback" not in text, (name, text)
    processed = sum(int(n) for text in texts.values() for n in re.findall(r"(\d+) processed", text))
    assert processed == 21, texts
    con = sqlite3.connect(out / ".state" / "state.sqlite3")
    attempts = dict(con.execute("SELECT path, attempts FROM documents").fetchall())
    assert len(attempts) == 21 and set(attempts.values()) == {1}
    for lang in ("en", "de"):
        briefing = read_briefing(out, lang)
        names = [Path(i["source"]).name for i in briefing["items"]]
        assert sorted(names) == sorted(p.name for p in inbox.iterdir())
