"""10,000 small files in the inbox: one real `briefings run` takes them all in (batches of 20 per
Prefect task), fails none, lists each once, and a rerun skips them all."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.days import read_briefing

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "briefings"
COUNT = 10_000
TOPICS = ("Waffenruhe", "Verhandlungen", "Flüchtlinge", "Grenze", "Friedenstruppen")


def test_ten_thousand_small_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(COUNT):
        (inbox / f"note-{number:05d}.txt").write_text(
            f"Meldung {number}\n\nDie {TOPICS[number % 5]} in Bergkarabach: Nachricht Nummer {number} aus Jewlach. "
            "Die Lage bleibt angespannt, berichten Beobachter am Abend.\n")
    out = tmp_path / "out"
    result = subprocess.run([str(BIN), "run", "--inbox", str(inbox), "--out", str(out), "--to", "en"],
                            capture_output=True, text=True, timeout=1800, env=dict(os.environ))
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{COUNT} processed, 0 skipped (unchanged), 0 failed" in result.stdout
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, peak_mb  # flat: about 530 MB measured, whatever the number of files
    briefing = read_briefing(out, "en")
    sources = [Path(i["source"]).name for i in briefing["items"]]
    assert len(sources) == COUNT == len(set(sources))
    assert {i["lang"] for i in briefing["items"]} == {"de"}
    again = subprocess.run([str(BIN), "run", "--inbox", str(inbox), "--out", str(out), "--to", "en"],
                           capture_output=True, text=True, timeout=1800, env=dict(os.environ))
    assert f"0 processed, {COUNT} skipped (unchanged), 0 failed" in again.stdout
