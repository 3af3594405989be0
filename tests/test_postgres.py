"""The state database and the translation memory on PostgreSQL (`database_url`), and the flows run by
a Prefect worker from a work pool against a Prefect server backed by PostgreSQL.

Needs BRIEFINGS_TEST_DATABASE_URL (`.ci/run` starts PostgreSQL and sets it). Without it these tests
skip, except under CI (env CI set), where they fail: CI must not pass by skipping them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import urllib.request
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from pipeline.memory import TranslationMemory
from pipeline.models import InstalledModel
from pipeline.store import Store, owner_id
from tests.days import read_briefing

DATABASE_URL = os.environ.get("BRIEFINGS_TEST_DATABASE_URL", "")
ROOT = Path(__file__).resolve().parent.parent


def _need(url: str, name: str) -> None:
    if url:
        return
    message = f"{name} is not set: PostgreSQL tests need it (.ci/run sets it up)"
    if os.environ.get("CI"):
        pytest.fail(message + "; under CI they must run, not skip")
    pytest.skip(message)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL schema of the test database, dropped afterwards."""
    _need(DATABASE_URL, "BRIEFINGS_TEST_DATABASE_URL")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield DATABASE_URL + ("&" if "?" in DATABASE_URL else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


# -- Store ---------------------------------------------------------------------------------


def test_register_claim_finish_and_rerun(pg_url: str, tmp_path: Path) -> None:
    with Store(pg_url) as store:
        path = tmp_path / "a.txt"
        assert store.path is None and "briefings_test" in store.location and ":***@" in store.location
        assert store.register("abc", path, 10, 1_700_000_000_123_456_789, "2026-01-01", "Title") is True
        assert store.claim("abc") is True
        store.save_analysis("abc", "Title", "de", 0.99, {"x": 1, "text": "Grüße ✓"})
        store.save_renditions("abc", [("en", "summary", "translated", {"sentences": ["Hello."]})])
        store.finish("abc", 1.5)
        row = store.document("abc")
        assert (row.status, row.lang, row.probability, row.analysis, row.seconds) == (
            "done", "de", 0.99, {"x": 1, "text": "Grüße ✓"}, 1.5)
        assert store.renditions("abc") == {("en", "summary"): ("translated", {"sentences": ["Hello."]})}
        assert store.register("abc", path, 10, 1_700_000_000_123_456_789, "2026-01-01") is False
        assert store.known_file(path, 10, 1_700_000_000_123_456_789) == "abc"  # nanoseconds need BIGINT
        assert store.known_file(path, 11, 1_700_000_000_123_456_789) is None
        assert store.days() == ["2026-01-01"] and store.counts() == {"done": 1}
        assert [r.id for r in store.find("ab")] == ["abc"]
        assert store.integrity_ok()


def test_changed_file_supersedes_and_old_content_comes_back(pg_url: str, tmp_path: Path) -> None:
    with Store(pg_url) as store:
        path = tmp_path / "a.txt"
        store.register("old", path, 10, 1, "d")
        store.claim("old")
        store.finish("old")
        assert store.register("new", path, 12, 2, "d") is True
        assert (store.document("old").status, store.document("new").status) == ("superseded", "pending")
        assert store.register("old", path, 10, 3, "d") is True  # the old content came back
        assert store.document("old").status == "pending"


def test_claims_live_dead_and_from_another_machine(pg_url: str, tmp_path: Path) -> None:
    with Store(pg_url) as store, Store(pg_url) as other:
        for doc in ("remote", "live", "dead"):
            store.register(doc, tmp_path / doc, 1, 1, "d")
        assert store.claim("remote", owner="some-other-host:1") is True
        assert other.claim("remote", owner=owner_id()) is False
        assert store.claim("live", owner=f"{socket.gethostname()}:{os.getppid()}") is True
        assert other.claim("live") is False
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        assert store.claim("dead", owner=f"{socket.gethostname()}:{dead.stdout.strip()}") is True
        assert other.release_dead_claims() == 1
        assert store.document("dead").status == "pending"
        assert other.claim("dead") is True


def test_failures_are_recorded_and_retry_resets_them(pg_url: str, tmp_path: Path) -> None:
    with Store(pg_url) as store:
        store.record_failure("bad", tmp_path / "bad.txt", "d", "empty", "bad.txt: the file is empty")
        store.record_failure("bad", tmp_path / "bad.txt", "d", "empty", "bad.txt: the file is empty")
        row = store.document("bad")
        assert (row.status, row.reason, row.attempts) == ("failed", "empty", 2)
        store.register("ok", tmp_path / "ok.txt", 1, 1, "d")
        store.claim("ok")
        store.fail("ok", "analysis-error", "boom")
        assert sorted(store.reset_for_retry()) == ["bad", "ok"]
        assert store.reset_for_retry(["ok"]) == ["ok"]
        assert [r.status for r in store.documents(day="d")] == ["pending", "pending"]


def test_documents_keep_sqlite_order(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents seen at the same time are listed in the byte order of their paths on both engines
    (PostgreSQL's default collation would sort by locale): the briefings list items in that order."""
    import pipeline.store

    monkeypatch.setattr(pipeline.store.time, "time", lambda: 1_700_000_000.0)
    names = ["b.txt", "B.txt", "a-1.txt", "a_1.txt", "_x.txt"]
    results = []
    for target in (pg_url, tmp_path / "state.sqlite3"):
        with Store(target) as store:
            for name in names:
                store.register(name, tmp_path / name, 1, 1, "d")
            results.append([Path(r.path).name for r in store.documents(day="d")])
    assert results[0] == results[1] == sorted(names)


def test_store_and_memory_open_from_settings(pg_url: str, tmp_path: Path) -> None:
    from pipeline.config import load_settings

    settings = load_settings(overrides={"out": tmp_path / "out"}, environ={"BRIEFINGS_DATABASE_URL": pg_url})
    with Store.open(settings) as store, TranslationMemory.open(settings) as memory:
        assert store.path is None and memory.path is None
        store.register("doc", tmp_path / "a", 1, 1, "d")
        memory.put_many(DE_EN, [("Hallo.", "Hello.")])
    assert not (tmp_path / "out").exists()  # nothing on the local disk
    with Store.open(settings) as store:
        assert store.document("doc").status == "pending"


def test_exactly_once_claiming_between_processes(pg_url: str, tmp_path: Path) -> None:
    """Two processes register and claim the same 300 documents at once: each is taken exactly once."""
    script = textwrap.dedent("""
        import json, random, sys, time
        from pathlib import Path
        from pipeline.store import Store
        url, start, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
        store = Store(url)
        while time.time() < start:
            time.sleep(0.001)
        order = list(range(300))
        random.Random(out).shuffle(order)  # each process in its own order: they meet everywhere
        claimed = []
        for i in order:
            doc = f"doc{i:03d}"
            store.register(doc, Path(f"/inbox/{doc}.txt"), 1, 1, "d")
            if store.claim(doc):
                claimed.append(doc)
        Path(out).write_text(json.dumps(claimed))
        # stay alive until the other is done too: a dead owner's claims are rightly taken over
        while len(list(Path(out).parent.glob("*.json"))) < 2:
            time.sleep(0.01)
    """)
    import time

    start = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", script, pg_url, str(start), str(tmp_path / f"{n}.json")],
                              cwd=ROOT) for n in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    first, second = (set(json.loads((tmp_path / f"{n}.json").read_text())) for n in range(2))
    assert not first & second
    assert first | second == {f"doc{i:03d}" for i in range(300)}
    assert first and second, "one process took everything: the test did not make them compete"
    with Store(pg_url) as store:
        rows = store.documents()
        assert {r.status for r in rows} == {"processing"} and {r.attempts for r in rows} == {1}


# -- TranslationMemory ------------------------------------------------------------------------

DE_EN = InstalledModel("de", "en", "1.0", Path("/p/de_en"))
DE_EN_NEW = InstalledModel("de", "en", "1.1", Path("/p/de_en"))
EN_FR = InstalledModel("en", "fr", "1.0", Path("/p/en_fr"))


def test_memory_hits_versions_and_purge(pg_url: str) -> None:
    with TranslationMemory(pg_url) as memory:
        memory.put_many(DE_EN, [("Guten Tag.", "Good day."), ("Wie geht's?", "How are you?"), ("100 %", "100 %")])
        memory.put_many(DE_EN, [("Guten  Tag.", "Hello.")])  # same sentence once normalised: replaced
        assert memory.get_many(DE_EN, ["Guten Tag.", "Unbekannt.", "Wie geht's?", "100 %"]) == {
            "Guten Tag.": "Hello.", "Wie geht's?": "How are you?", "100 %": "100 %"}
        assert memory.get_many(EN_FR, ["Guten Tag."]) == {}
        assert memory.get_many(DE_EN_NEW, ["Guten Tag."]) == {}  # a new package version never sees old entries
        stats = memory.stats()
        assert (stats["hits"], stats["misses"], stats["total"]) == (3, 3, 3)
        assert stats["entries"] == {"translate-de_en 1.0": 3} and stats["bytes"] > 0
        assert ":***@" in stats["path"]
        memory.put_many(EN_FR, [("c", "C")])
        assert memory.purge_stale([DE_EN_NEW, EN_FR]) == 3
        assert memory.get_many(EN_FR, ["c"]) == {"c": "C"}
        pairs = [(f"Satz {i}.", f"Sentence {i}.") for i in range(1200)]
        memory.put_many(DE_EN_NEW, pairs + pairs[:10])
        assert memory.get_many(DE_EN_NEW, [s for s, _ in pairs]) == dict(pairs)
        assert memory.clear() == 1201
    with TranslationMemory(pg_url) as memory:  # the table persists; reopening is fine
        assert memory.stats()["total"] == 0


# -- Prefect server on PostgreSQL, a process work pool and a worker ------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"prefect server did not start: {log.read_text()[-3000:]}")


@pytest.fixture
def prefect_on_postgres(tmp_path: Path) -> Iterator[str]:
    """`prefect server start` with its own PostgreSQL database (created here, dropped afterwards)."""
    _need(DATABASE_URL, "BRIEFINGS_TEST_DATABASE_URL")
    import signal
    from urllib.parse import urlsplit

    import psycopg

    name = "prefect_" + uuid.uuid4().hex[:12]
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(DATABASE_URL)
    connection_url = f"postgresql+asyncpg://{parts.netloc}/{name}"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-server-home"), "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_API_DATABASE_CONNECTION_URL": connection_url}
    log = tmp_path / "server.log"
    with open(log, "wb") as stream:
        server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(url, server, log)
        with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/" + name) as conn:  # the server really uses it
            assert conn.execute("SELECT to_regclass('public.flow_run')").fetchone()[0] == "flow_run"
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


BIN = Path(sys.executable).parent


def _items(out: Path, lang: str) -> list[dict]:
    return read_briefing(out, lang)["items"]


@pytest.mark.slow
def test_worker_from_a_work_pool_briefs_like_a_single_machine(tmp_path, inbox, install_pairs, pg_url,
                                                                prefect_on_postgres) -> None:
    """The processing flow deployed to a process work pool from the local source, run by a `prefect
    worker` against a Prefect server on PostgreSQL, state and memory in PostgreSQL too, writes the same
    briefings as `briefings run` on one machine (SQLite, temporary server)."""
    import signal
    import time

    install_pairs("de-en", "en-de", "en-fr", "ru-en")
    base_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}

    def run(*args: str, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
        return result

    started = time.perf_counter()
    single = tmp_path / "single"
    run(str(BIN / "briefings"), "run", "--inbox", str(inbox), "--out", str(single), env=base_env)
    single_seconds = time.perf_counter() - started

    shared = tmp_path / "shared-out"
    env = {**base_env, "PREFECT_API_URL": prefect_on_postgres, "BRIEFINGS_DATABASE_URL": pg_url,
           "PREFECT_HOME": str(tmp_path / "prefect-client-home")}
    run(str(BIN / "prefect"), "work-pool", "create", "briefings-pool", "--type", "process", env=env)
    deployed = run(str(BIN / "briefings"), "deploy", "--work-pool", "briefings-pool", "--inbox", str(inbox),
                   "--out", str(shared), env=env)
    assert "deployed process-inbox/inbox to work pool briefings-pool" in deployed.stdout
    worker_log = tmp_path / "worker.log"
    with open(worker_log, "wb") as stream:
        worker = subprocess.Popen([str(BIN / "prefect"), "worker", "start", "--pool", "briefings-pool"],
                                  cwd=tmp_path, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.perf_counter()
        run(str(BIN / "prefect"), "deployment", "run", "process-inbox/inbox", "--watch", "--watch-timeout", "600",
            env=env, timeout=700)
        worker_seconds = time.perf_counter() - started
        print(f"single machine {single_seconds:.1f} s; through the worker {worker_seconds:.1f} s")

        assert not (shared / ".state").exists()  # state and memory are in PostgreSQL
        with Store(pg_url) as store:
            assert store.counts() == {"done": 9}
        for lang in ("en", "de", "fr"):
            expected, got = _items(single, lang), _items(shared, lang)
            assert len(got) == 9
            keys = ("source", "lang", "status", "routes", "models", "missing", "title", "summary", "id")
            assert [{k: i[k] for k in keys} for i in got] == [{k: i[k] for k in keys} for i in expected], lang

        # a worker that does not see the deployment's output folder fails and says which setting
        (shared / ".briefings-storage").unlink()
        failed = subprocess.run([str(BIN / "prefect"), "deployment", "run", "process-inbox/inbox", "--watch",
                                 "--watch-timeout", "300"], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=400)
        assert failed.returncode != 0
        deadline = time.monotonic() + 120  # the worker's log reaches its file when the flow run's output is flushed

        def said() -> str:
            # the worker's log, the CLI's output, and the failed flow run's state message as the API records it;
            # Rich wraps long log lines to the console width, so compare with whitespace collapsed
            text = worker_log.read_text(errors="replace") + failed.stdout + failed.stderr
            query = json.dumps({"flow_runs": {"state": {"type": {"any_": ["FAILED", "CRASHED"]}}}}).encode()
            request = urllib.request.Request(f"{prefect_on_postgres.rstrip('/')}/flow_runs/filter", data=query,
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    text += " ".join(" " + ((run.get("state") or {}).get("message") or "") for run in json.load(response))
            except OSError:
                pass
            return " ".join(text.split())

        while "is not the shared folder this deployment uses" not in said():
            assert time.monotonic() < deadline, said()[-3000:]
            time.sleep(0.5)
        assert f"out: {shared} on worker" in said(), said()[-3000:]
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        print(worker_log.read_text(errors="replace")[-4000:])
