import json
import os
from pathlib import Path

import pytest

from pipeline.briefing import build_briefing, remove_stale_temp_files, render_html, render_markdown, write_atomic, write_day
from pipeline.errors import OutputError
from pipeline.store import Store

DAY = "2026-11-27"
HOSTILE = 'Breaking <script>alert("x")</script> <a href="javascript:alert(1)">click</a> *bold* [link](javascript:x)'


def _sentence(i, text, lang="de", status="translated", original=None):
    return {"index": i, "paragraph": 0, "source_lang": lang, "original": original or text, "text": text, "status": status}


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "state.sqlite3")
    store.register("a" * 64, tmp_path / "inbox" / "a.de.txt", 1, 1, DAY, "Titel")
    store.save_analysis("a" * 64, "Titel", "de", 0.99, {})
    store.save_renditions("a" * 64, [
        ("en", "summary", "translated", {"title": HOSTILE, "title_status": "translated",
                                         "sentences": [_sentence(0, HOSTILE), _sentence(3, "Second sentence.")],
                                         "routes": ["de→en via translate-de_en 1.0"], "models": ["translate-de_en 1.0"],
                                         "missing": []}),
        ("en", "full", "translated", {"title": "Title", "title_status": "translated",
                                      "sentences": [_sentence(0, "One."), _sentence(1, "Two.")],
                                      "routes": [], "models": [], "missing": []}),
        ("ar", "summary", "untranslated", {"title": "Titel", "title_status": "no-route",
                                           "sentences": [_sentence(0, "Ein Satz.", status="no-route")],
                                           "routes": [], "models": [],
                                           "missing": [{"from": "de", "to": "ar", "command": "briefings models install de ar"}]}),
    ])
    store.finish("a" * 64)
    store.record_failure("b" * 64, tmp_path / "inbox" / "empty.txt", DAY, "empty", "empty.txt: the file is empty")
    return store


def test_briefing_lists_items_and_not_processed(store):
    briefing = build_briefing(store, DAY, "en")
    assert [i.short_id for i in briefing.items] == ["a" * 16]
    assert briefing.items[0].summary[1]["text"] == "Second sentence."
    assert briefing.items[0].full_translation == "en/docs/aaaaaaaaaaaaaaaa.md"
    assert [(n.reason, Path(n.source).name) for n in briefing.not_processed] == [("empty", "empty.txt")]


def test_html_escapes_document_content_and_forbids_scripts(store):
    page = render_html(build_briefing(store, DAY, "en"))
    assert "<script>" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert '<html lang="en" dir="ltr">' in page
    assert 'href="en/docs/aaaaaaaaaaaaaaaa.html"' in page
    assert "http://" not in page and "https://" not in page  # nothing external


def test_markdown_neutralises_markup(store):
    text = render_markdown(build_briefing(store, DAY, "en"))
    assert "<script>" not in text
    assert "\\[link\\](javascript:x)" in text
    assert "## Not processed" in text and "empty.txt" in text


def test_right_to_left_target_and_missing_model_flag(store):
    briefing = build_briefing(store, DAY, "ar")
    page = render_html(briefing)
    assert '<html lang="ar" dir="rtl">' in page
    assert "not translated: no model de-&gt;ar" in page
    assert '<blockquote lang="de" dir="ltr">Ein Satz.' in page
    assert "briefings models install de ar" in render_markdown(briefing)


def test_write_day_writes_all_formats_and_the_index(store, tmp_path):
    out = tmp_path / "out"
    written = write_day(store, out, DAY, ["en", "ar"])
    assert written == [out / DAY / "en.md", out / DAY / "ar.md"]
    data = json.loads((out / DAY / "en.json").read_text())
    assert data["items"][0]["title"] == HOSTILE
    assert (out / DAY / "en" / "docs" / "aaaaaaaaaaaaaaaa.md").read_text().count("One. Two.") == 1
    index = (out / "index.html").read_text()
    assert f'href="{DAY}/en.html"' in index and f'href="{DAY}/ar.html"' in index
    assert not list(out.rglob(".tmp-*"))


def test_atomic_write_leaves_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "en.md"
    path.write_text("old briefing")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(path, "new briefing")
    assert path.read_text() == "old briefing"
    assert [p.name for p in tmp_path.iterdir()] == ["en.md"]


def test_read_only_output_folder_is_a_clear_error(store, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: permissions are not enforced")
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    with pytest.raises(OutputError, match="cannot write briefings"):
        write_day(store, out, DAY, ["en"])


def test_stale_temporary_files_are_removed(tmp_path):
    (tmp_path / DAY).mkdir()
    (tmp_path / DAY / ".tmp-en.md.abc").write_text("half")
    assert remove_stale_temp_files(tmp_path) == 1
    assert not (tmp_path / DAY / ".tmp-en.md.abc").exists()


def test_a_running_writers_temporary_file_survives_another_runs_clean_up(tmp_path):
    # a run starting while a watcher writes the same folder once deleted the watcher's temporary
    # file, whose rename then failed ("No such file or directory") and stopped the watcher
    import socket
    import subprocess

    day = tmp_path / DAY
    day.mkdir()
    host = socket.gethostname()
    finished = subprocess.Popen(["true"])
    finished.wait()  # exited and reaped: its pid names no process
    live = day / f".tmp-en.md.@{host}:{os.getpid()}@.x1"
    dead = day / f".tmp-de.md.@{host}:{finished.pid}@.x2"
    other_machine = day / ".tmp-fr.md.@some-other-host:1@.x3"
    for path in (live, dead, other_machine):
        path.write_text("half")
    assert remove_stale_temp_files(tmp_path) == 1
    assert live.exists() and other_machine.exists() and not dead.exists()


def test_full_translations_are_written_only_for_changed_documents_or_missing_files(store, tmp_path):
    out = tmp_path / "out"
    write_day(store, out, DAY, ["en"])
    full = out / DAY / "en" / "docs" / "aaaaaaaaaaaaaaaa.md"
    full.write_text("left alone")
    write_day(store, out, DAY, ["en"], changed=set())
    assert full.read_text() == "left alone"  # unchanged document: not rewritten
    write_day(store, out, DAY, ["en"], changed={"a" * 64})
    assert "One. Two." in full.read_text()
    full.unlink()
    write_day(store, out, DAY, ["en"], changed=set())
    assert full.exists()  # a missing file is always written


def test_document_count_reads_as_english():
    from pipeline.briefing import documents_count

    assert [documents_count(n) for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]
