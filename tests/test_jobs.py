"""Taking in explicit paths (trigger, retry): the part of pipeline/jobs.py without a database."""

from __future__ import annotations

from pathlib import Path

from pipeline.jobs import entries_for
from tests.archives import zip_bytes


def test_a_file_inside_an_archive_is_read_again_from_the_archive(tmp_path: Path) -> None:
    # a failure inside an archive is recorded as "clippings.zip/photo.jpg"; retrying it reads the
    # archive again instead of failing with "Not a directory"
    inbox, archives = tmp_path / "inbox", tmp_path / "archives"
    inbox.mkdir()
    archive = inbox / "clippings.zip"
    archive.write_bytes(zip_bytes(("news/statement.txt", b"The ceasefire took effect at 13:00."),
                                  ("photo.jpg", b"\xff\xd8\xff\xe0")))
    entries, skipped = entries_for([archive / "photo.jpg"], archives=archives)
    assert entries == [] and [(s.path, s.reason) for s in skipped] == [(archive / "photo.jpg", "unsupported-type")]
    entries, skipped = entries_for([archive / "news" / "statement.txt"], archives=archives)
    assert skipped == [] and [e.path.read_bytes() for e in entries] == [b"The ceasefire took effect at 13:00."]
    entries, skipped = entries_for([archive / "gone.txt"], archives=archives)
    assert entries == [] and [s.message for s in skipped] == [f"{archive / 'gone.txt'}: no longer in {archive}"]
    entries, skipped = entries_for([inbox / "missing.txt"], archives=archives)
    assert entries == [] and skipped[0].message.startswith(f"{inbox / 'missing.txt'}: cannot be read")
