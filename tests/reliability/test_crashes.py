"""kill -9 at several points of a real `briefings run`, then a new run: it completes, every document
appears exactly once in each briefing, no temporary file remains, the database is intact."""

from __future__ import annotations

import os
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


def processes_with_marker(marker: str) -> list[int]:
    """Processes (the run, Prefect's temporary server) that inherited the test's marker variable."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if f"CRASH_TEST_MARKER={marker}".encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def run(inbox: Path, out: Path, failpoint: str | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, CRASH_TEST_MARKER=str(out))
    if failpoint:
        env["BRIEFINGS_FAILPOINT"] = failpoint
    return subprocess.run([str(BIN), "run", "--inbox", str(inbox), "--out", str(out)], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=out.parent)


def check_complete(inbox: Path, out: Path) -> None:
    documents = sorted(p.name for p in inbox.iterdir())
    for lang in ("en", "de", "fr"):
        briefing = read_briefing(out, lang)
        assert sorted(Path(i["source"]).name for i in briefing["items"]) == documents
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    db = sqlite3.connect(out / ".state" / "state.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    statuses = dict(db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())
    assert statuses == {"done": len(documents)}


@pytest.mark.parametrize("point", ["after-analysis:3", "after-translation-summary", "after-translation-full",
                                   "before-rename:4"])
def test_kill_at_a_point_then_rerun(tmp_path, inbox, install_pairs, point):
    install_pairs("de-en", "en-de", "en-fr")
    out = tmp_path / "out"
    killed = run(inbox, out, failpoint=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    deadline = time.monotonic() + 15  # Prefect's temporary server dies with the killed run
    while processes_with_marker(str(out)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with_marker(str(out)) == []
    if point.startswith("before-rename"):
        assert [p for p in out.rglob("*") if p.name.startswith(".tmp-")]  # the crash did leave a temp file
    again = run(inbox, out)
    assert again.returncode == 0, again.stderr
    check_complete(inbox, out)


def test_kill_at_a_random_moment_then_rerun(tmp_path, inbox, install_pairs):
    install_pairs("de-en", "en-de")
    out = tmp_path / "out"
    process = subprocess.Popen([str(BIN), "run", "--inbox", str(inbox), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / ".state" / "state.sqlite3").exists():
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    again = run(inbox, out)
    assert again.returncode == 0, again.stderr
    check_complete(inbox, out)
