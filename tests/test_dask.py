"""The same run on a local Dask cluster (2 worker processes) gives the same briefings as the
thread pool: same documents, languages, summaries, routes and models. (Translated text is compared
too where batches are the same; the random-weight test models never stop early, so their output
length follows the longest sentence of a batch, and batches differ when work is split.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.days import read_briefing

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "briefings"


def _items(out: Path, lang: str) -> dict[str, dict]:
    briefing = read_briefing(out, lang)
    return {Path(i["source"]).name: i for i in briefing["items"]}


def _shape(item: dict) -> tuple:
    return (item["lang"], item["status"], item["title_status"], tuple(item["routes"]), tuple(item["models"]),
            tuple((s["index"], s["source_lang"], s["original"], s["status"]) for s in item["summary"]),
            tuple(m["command"] for m in item["missing"]))


def test_dask_cluster_gives_the_thread_pool_briefings(tmp_path, inbox, install_pairs):
    install_pairs("de-en", "en-fr", "ru-en")
    results = {}
    for runner in ("threads", "dask"):
        out = tmp_path / runner
        result = subprocess.run([str(BIN), "run", "--inbox", str(inbox), "--out", str(out), "--to", "en,fr",
                                 "--task-runner", runner], capture_output=True, text=True, timeout=900,
                                env=dict(os.environ), cwd=tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "9 processed" in result.stdout
        results[runner] = out
    for lang in ("en", "fr"):
        threads, dask = _items(results["threads"], lang), _items(results["dask"], lang)
        assert threads.keys() == dask.keys() and len(threads) == 9
        for name in threads:
            assert _shape(threads[name]) == _shape(dask[name]), name
            translated = [s for s in dask[name]["summary"] if s["status"] == "translated"]
            assert all(s["text"].strip() for s in translated)
