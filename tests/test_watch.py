"""The watcher itself (watchfiles, settling, filtering), without Prefect: handle() records batches."""

import os
import threading
import time

from flows.watch import candidate, wait_until_stable, watch_inbox


def _run_watcher(inbox, batches, stop):
    thread = threading.Thread(target=watch_inbox, args=(inbox, batches.append),
                              kwargs={"settle_seconds": 0.2, "stop": stop}, daemon=True)
    thread.start()
    time.sleep(0.5)
    return thread


def _wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_new_documents_are_handed_over_and_partial_names_ignored(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    batches: list = []
    stop = threading.Event()
    thread = _run_watcher(inbox, batches, stop)
    try:
        (inbox / "a.txt").write_text("Erster Bericht über die Waffenruhe.")
        (inbox / "notes.png").write_bytes(b"\x89PNG")
        assert _wait_for(lambda: any(p.name == "a.txt" for b in batches for p in b))
        part = inbox / "b.txt.part"
        part.write_text("Zweiter Bericht.")
        time.sleep(1.0)
        assert not any(p.name.startswith("b.txt") for b in batches for p in b)
        os.rename(part, inbox / "b.txt")
        assert _wait_for(lambda: any(p.name == "b.txt" for b in batches for p in b))
        assert not any(p.name == "notes.png" for b in batches for p in b)
    finally:
        stop.set()
        thread.join(5)


def test_a_growing_file_is_taken_when_it_stops_growing(tmp_path):
    path = tmp_path / "slow.txt"
    path.write_text("start")

    def grow():
        for _ in range(5):
            time.sleep(0.1)
            with open(path, "a") as handle:
                handle.write(" more")

    writer = threading.Thread(target=grow)
    writer.start()
    assert wait_until_stable([path], 0.3) == [path]
    writer.join()
    assert path.read_text().count("more") == 5


def test_candidate_filters_by_type_and_location(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.html").write_text("x")
    (inbox / ".a.txt").write_text("x")
    (tmp_path / "out.txt").write_text("x")
    (inbox / "clippings.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert candidate(inbox / "a.html", inbox)
    assert candidate(inbox / "clippings.zip", inbox)  # its documents are unpacked and briefed
    assert not candidate(inbox / "photo.jpg", inbox)
    assert not candidate(inbox / ".a.txt", inbox)
    assert not candidate(tmp_path / "out.txt", inbox)


def test_a_frame_in_a_saved_page_s_files_folder_is_no_candidate(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Report_files").mkdir(parents=True)
    (inbox / "Report.html").write_text("x")
    (inbox / "Report_files" / "frame.html").write_text("x")
    (inbox / "Notes_files").mkdir()
    (inbox / "Notes_files" / "note.txt").write_text("x")  # no Notes.html beside it: an ordinary folder
    assert candidate(inbox / "Report.html", inbox)
    assert not candidate(inbox / "Report_files" / "frame.html", inbox)
    assert candidate(inbox / "Notes_files" / "note.txt", inbox)
