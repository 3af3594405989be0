import os
import subprocess
import sys

from pipeline.store import Store, owner_id


def test_register_claim_finish_and_rerun(tmp_path):
    store = Store(tmp_path / "state.sqlite3")
    path = tmp_path / "a.txt"
    assert store.register("abc", path, 10, 1, "2026-01-01", "Title") is True
    assert store.claim("abc") is True
    store.save_analysis("abc", "Title", "de", 0.99, {"x": 1})
    store.finish("abc", 1.5)
    row = store.document("abc")
    assert (row.status, row.lang, row.analysis, row.seconds) == ("done", "de", {"x": 1}, 1.5)
    assert store.register("abc", path, 10, 1, "2026-01-01") is False  # nothing to do again
    assert store.known_file(path, 10, 1) == "abc"
    assert store.known_file(path, 11, 1) is None


def test_changed_file_supersedes_the_old_document(tmp_path):
    store = Store(tmp_path / "s.db")
    path = tmp_path / "a.txt"
    store.register("old", path, 10, 1, "d")
    store.claim("old")
    store.finish("old")
    assert store.register("new", path, 12, 2, "d") is True
    assert store.document("old").status == "superseded"
    assert store.document("new").status == "pending"


def test_claims_from_another_machine_are_respected(tmp_path):
    store = Store(tmp_path / "s.db")
    store.register("doc", tmp_path / "a", 1, 1, "d")
    assert store.claim("doc", owner="some-other-host:1") is True
    assert Store(tmp_path / "s.db").claim("doc", owner=owner_id()) is False
    assert store.release_dead_claims() == 0


def test_claims_of_a_dead_process_are_released(tmp_path):
    store = Store(tmp_path / "s.db")
    store.register("doc", tmp_path / "a", 1, 1, "d")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    import socket

    assert store.claim("doc", owner=f"{socket.gethostname()}:{dead.stdout.strip()}") is True
    assert store.claim("doc", owner=f"{socket.gethostname()}:{os.getppid()}") is True  # dead owner taken over
    assert store.document("doc").status == "processing"


def test_live_claim_blocks_another_owner_and_release_dead_claims(tmp_path):
    import socket

    store = Store(tmp_path / "s.db")
    store.register("doc", tmp_path / "a", 1, 1, "d")
    assert store.claim("doc", owner=f"{socket.gethostname()}:{os.getppid()}") is True
    assert store.claim("doc", owner=owner_id()) is False
    assert store.release_dead_claims() == 0


def test_failures_are_recorded_and_retry_resets_them(tmp_path):
    store = Store(tmp_path / "s.db")
    store.record_failure("bad", tmp_path / "bad.txt", "d", "empty", "bad.txt: the file is empty")
    row = store.document("bad")
    assert (row.status, row.reason) == ("failed", "empty")
    assert store.reset_for_retry() == ["bad"]
    assert store.document("bad").status == "pending"


def test_wal_mode_and_integrity(tmp_path):
    store = Store(tmp_path / "s.db")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.integrity_ok()
