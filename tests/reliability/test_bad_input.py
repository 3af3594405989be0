"""Bad input, one case at a time, through the same steps the flow runs (scan, take in, translate,
write): the run counts the case, records its status and reason, leaves the file byte-for-byte
unchanged and briefs the other documents."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline import jobs
from pipeline.briefing import write_day
from pipeline.config import load_settings
from pipeline.documents import scan_inbox
from pipeline.store import Store
from tests.days import latest_day, read_briefing

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GOOD = "ceasefire-2023-09-20.de.txt"
RUSSIAN = ("Президент Азербайджана заявил о прекращении огня. Российские миротворцы помогли "
           "договориться о переговорах в Евлахе. Жители Степанакерта ждут новостей.")
FRENCH = ("Le cessez-le-feu a été annoncé à Bakou après une journée de combats. Les négociations "
          "commenceront jeudi à Yevlakh, a précisé la présidence. Les habitants s'inquiètent.")


class NoModels:
    """No translation models installed: every foreign item is flagged, none translated."""

    def route(self, source, target):
        return None

    def translate_many(self, jobs):
        raise AssertionError("nothing can be translated without models")


def run(inbox: Path, out: Path, **overrides):
    settings = load_settings(overrides={"inbox": inbox, "out": out, "targets": "en,de", **overrides}, environ={})
    summary = jobs.RunSummary()
    day = jobs.today()
    entries, skipped = scan_inbox(inbox)
    with Store(settings.database) as store:
        for item in skipped:
            summary.add(jobs.record_skipped(item, store, day))
        results = [jobs.take_in(entry, settings, store, day) for entry in entries]
        for result in results:
            summary.add(result)
        new = [r.doc_id for r in results if r.status == "new"]
        for kind in jobs.KINDS:
            jobs.translate_documents(new, settings.targets, kind, store, NoModels())
        write_day(store, out, day, settings.targets)
        jobs.finish_documents(new, store)
    return summary, settings


def briefing(out: Path, lang: str = "en") -> dict:
    return read_briefing(out, lang)


BAD_FILES = {
    "empty": ("empty.txt", b"", "empty"),
    "whitespace": ("blank.txt", b"  \n\n\t  \n", "empty"),
    "png": ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    "pdf": ("paper.txt", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary"),
    "zip": ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64, "binary"),
    "nul": ("nul.txt", b"Some text\x00with a NUL byte in the middle of it.", "binary"),
    "numbers": ("numbers.txt", b"2023 2024\n\n12 345 678 90", "no-text"),
    "urls": ("links.txt", b"https://example.org/a\nhttps://example.org/b?c=d", "no-text"),
    "emoji": ("emoji.txt", "\U0001F600\U0001F44D \U0001F525\U0001F525 \u2764\ufe0f".encode(), "no-text"),
    "html-without-text": ("empty.html", b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
                          b"<a href='/news'>News</a></nav><footer>(c) 2023</footer></body></html>", "no-text"),
    "boilerplate-only": ("cookies.txt", b"Accept all cookies\n\nShare on Facebook\n\nSign up for our newsletter", "no-text"),
    "too-short": ("note.md", b"# Ceasefire agreed\n", "too-short"),
    "unsupported-type": ("scan.png", b"\x89PNG\r\n\x1a\n", "unsupported-type"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_recorded_and_the_rest_is_briefed(tmp_path, case):
    name, data, reason = BAD_FILES[case]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS / GOOD, inbox / GOOD)
    (inbox / name).write_bytes(data)
    summary, settings = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 1)
    assert (inbox / name).read_bytes() == data
    with Store(settings.database) as store:
        [row] = store.documents(statuses=["failed"])
    assert (Path(row.path).name, row.reason) == (name, reason)
    assert name in row.message
    english = briefing(tmp_path / "out")
    assert [Path(i["source"]).name for i in english["items"]] == [GOOD]
    assert [(Path(n["source"]).name, n["reason"]) for n in english["not_processed"]] == [(name, reason)]
    again, _ = run(inbox, tmp_path / "out")
    assert (again.processed, again.failed, again.skipped) == (0, 0, 2)  # counted once, not re-failed every run


@pytest.mark.parametrize(
    "name, data, lang",
    [
        ("cp1251.txt", RUSSIAN.encode("cp1251"), "ru"),
        ("latin1.txt", FRENCH.encode("iso-8859-1"), "fr"),
        ("utf16.txt", FRENCH.encode("utf-16"), "fr"),
        ("invalid-utf8.txt", FRENCH.encode("utf-8")[:40] + b"\xff\xfe\xfa" + FRENCH.encode("utf-8")[40:], "fr"),
    ],
)
def test_other_encodings_are_decoded(tmp_path, name, data, lang):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(data)
    summary, _ = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 0)
    [item] = briefing(tmp_path / "out")["items"]
    assert item["lang"] == lang
    text = " ".join(s["original"] for s in item["summary"])
    assert ("прекращении огня" in text or "миротворцы" in text) if lang == "ru" else "cessez-le-feu" in text or "négociations" in text


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    big = inbox / "dump.txt"
    with open(big, "wb") as handle:  # 50 MB, sparse where the file system allows
        handle.truncate(50_000_000)
        handle.seek(0)
        handle.write(b"Words words words. " * 100)
    shutil.copy(SEEDS / GOOD, inbox / GOOD)
    summary, settings = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 1)
    assert "over the limit of 10,000,000 bytes" in summary.failures[0][1]
    assert "max_file_bytes" in summary.failures[0][1]
    assert big.stat().st_size == 50_000_000


def test_one_five_megabyte_line_is_processed_in_bounded_time(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    words = ("waffenruhe verhandlung region bericht regierung " * 20_000).split()
    line = " ".join(words)[:5_000_000]
    (inbox / "oneline.txt").write_text("Ein sehr langer Bericht\n\n" + line)
    summary, _ = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 0)
    [item] = briefing(tmp_path / "out")["items"]
    assert all(len(s["original"]) <= 2000 for s in item["summary"])


def test_language_nobody_detects_is_briefed_as_undetermined(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "toki.txt").write_text("toki pona li pona. jan li toki e ni: mi wile e pona. ona li kama tawa ma tomo.")
    summary, _ = run(inbox, tmp_path / "out")
    assert summary.processed == 1
    [item] = briefing(tmp_path / "out")["items"]
    assert item["lang"] == "und"
    assert "Not translated: language undetermined" in (latest_day(tmp_path / "out") / "en.md").read_text()


def test_file_deleted_before_it_is_read(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    doomed = inbox / "doomed.txt"
    doomed.write_text("Short lived text about the talks in Yevlakh.")
    settings = load_settings(overrides={"inbox": inbox, "out": tmp_path / "out"}, environ={})
    entries, _ = scan_inbox(inbox)
    doomed.unlink()
    with Store(settings.database) as store:
        result = jobs.take_in(entries[0], settings, store, jobs.today())
        assert (result.status, result.reason) == ("failed", "vanished")
        assert store.documents(statuses=["failed"])[0].reason == "vanished"


def test_unreadable_file(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    secret = inbox / "secret.txt"
    secret.write_text("Nobody may read this text about the ceasefire.")
    shutil.copy(SEEDS / GOOD, inbox / GOOD)
    if os.geteuid() == 0:  # root reads everything: make the OS refuse as it would for a normal user
        real_open = open

        def guarded_open(file, *args, **kwargs):
            if str(file) == str(secret):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", guarded_open)
    else:
        secret.chmod(0)
    summary, settings = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 1)
    assert "permission denied" in summary.failures[0][1]
    assert "secret.txt" in summary.failures[0][1]


def test_symlink_outside_the_inbox_is_not_followed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (tmp_path / "private.txt").write_text("Private notes that must never be briefed, about passwords.")
    os.symlink(tmp_path / "private.txt", inbox / "link.txt")
    shutil.copy(SEEDS / GOOD, inbox / GOOD)
    summary, _ = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 1)
    out_text = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))
    assert "passwords" not in out_text
    assert "symlink-outside-inbox" in json.dumps(briefing(tmp_path / "out"))


@pytest.mark.parametrize("name", ["with spaces.txt", "Bericht über Ärger — Ünïcödé.txt", "-rf --help.txt",
                                  "line\nbreak.txt", "%2e%2e%2fescape.txt"])
def test_awkward_file_names(tmp_path, name):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_text("Die Waffenruhe in Bergkarabach hält seit dem Morgen. Die Gespräche beginnen am Donnerstag.")
    summary, _ = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 0)
    out = tmp_path / "out"
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    [item] = briefing(out)["items"]
    assert Path(item["source"]).name == name
    assert "\n" not in (latest_day(out) / "en.md").read_text().split("Source: ")[1].split("(id")[0]


def test_directory_named_like_a_document(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "folder.txt").mkdir(parents=True)
    shutil.copy(SEEDS / GOOD, inbox / GOOD)
    summary, _ = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 0)


def test_file_changed_while_being_processed(tmp_path):
    """The version that was read is briefed; the next run sees the change and replaces it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "live.de.txt"
    path.write_text("Erste Fassung\n\nDie Waffenruhe hält seit dem Morgen, sagen Beobachter in Stepanakert.")
    settings = load_settings(overrides={"inbox": inbox, "out": tmp_path / "out", "targets": "en"}, environ={})
    day = jobs.today()
    [entry], _ = scan_inbox(inbox)
    with Store(settings.database) as store:
        first = jobs.take_in(entry, settings, store, day)
        path.write_text("Zweite Fassung\n\nDie Gespräche in Jewlach beginnen am Donnerstag, meldet die Agentur.")
        os.utime(path, ns=(entry.mtime_ns + 10**9, entry.mtime_ns + 10**9))
        for kind in jobs.KINDS:
            jobs.translate_documents([first.doc_id], settings.targets, kind, store, NoModels())
        jobs.finish_documents([first.doc_id], store)
    summary, _ = run(inbox, tmp_path / "out")
    assert (summary.processed, summary.failed) == (1, 0)
    [item] = briefing(tmp_path / "out")["items"]
    assert item["title"] == "Zweite Fassung"
    with Store(settings.database) as store:
        assert store.document(first.doc_id).status == "superseded"
