"""End to end: the real `briefings` command, the real Prefect flow on its temporary local server,
real tiny `.argosmodel` packages installed the way a user installs them."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.days import latest_day, read_briefing

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "briefings"
SEED_LANGS = {"en": 1, "de": 2, "fr": 1, "es": 1, "ru": 1, "tr": 1, "az": 1, "hy": 1}


def briefings(*args: str, cwd: Path, timeout: int = 600, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, str(BIN), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ))


@pytest.fixture
def models(install_pairs):
    """de->en, en->de, en->fr and ru->en: direct routes, pivots through English, and missing ones."""
    return install_pairs("de-en", "en-de", "en-fr", "ru-en")


def _briefing(out: Path, lang: str) -> dict:
    return read_briefing(out, lang)


def test_run_on_the_seeds_writes_every_briefing(tmp_path, inbox, models):
    out = tmp_path / "out"
    result = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "9 processed, 0 skipped (unchanged), 0 failed; 3 briefings written" in result.stdout
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    day = latest_day(out)
    for lang in ("en", "de", "fr"):
        for suffix in (".md", ".json", ".html"):
            assert (day / f"{lang}{suffix}").is_file()
        briefing = _briefing(out, lang)
        found = {Path(i["source"]).name: i for i in briefing["items"]}
        assert len(found) == 9
        for name, item in found.items():
            expected = name.split(".")[1]
            assert item["lang"] == expected, (name, item["lang"])
            assert item["summary"], name
        markdown = (day / f"{lang}.md").read_text()
        assert "Leave a Reply" not in markdown and "Required fields" not in markdown
        assert "Cookie" not in markdown
    english = {Path(i["source"]).name: i for i in _briefing(out, "en")["items"]}
    assert english["ceasefire-2023-09-20.de.txt"]["status"] == "translated"
    assert english["ceasefire-2023-09-20.de.txt"]["models"] == ["translate-de_en 1.0"]
    assert english["ceasefire-2023-09-20.en.txt"]["status"] == "original"
    spanish = english["ceasefire-2023-09-20.es.txt"]
    assert spanish["status"] == "untranslated"
    assert spanish["missing"] == [{"from": "es", "to": "en", "command": "briefings models install es en"}]
    assert "Not translated: no model es->en" in (day / "en.md").read_text()
    assert "briefings models install es en" in (day / "en.md").read_text()
    french = {Path(i["source"]).name: i for i in _briefing(out, "fr")["items"]}
    russian = french["ceasefire-2023-09-20.ru.txt"]
    assert russian["status"] == "translated"
    assert russian["models"] == ["translate-ru_en 1.0", "translate-en_fr 1.0"]
    assert "ru→en→fr" in russian["routes"][0]
    full = day / french["ceasefire-2023-09-20.ru.txt"]["full_translation"]
    assert full.is_file() and full.with_suffix(".html").is_file()
    assert (out / "index.html").is_file()
    assert not list(out.rglob(".tmp-*"))

    again = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 processed, 9 skipped (unchanged), 0 failed" in again.stdout

    changed = inbox / "ceasefire-2023-09-20.fr.txt"
    changed.write_text(changed.read_text() + "\nUn dernier paragraphe ajouté par la rédaction ce soir.\n")
    third = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert "1 processed, 8 skipped (unchanged), 0 failed" in third.stdout
    french_items = [i for i in _briefing(out, "fr")["items"] if i["source"].endswith(".fr.txt")]
    assert len(french_items) == 1  # the old version is superseded, not listed twice


def test_bad_documents_are_reported_and_the_others_briefed(tmp_path, inbox, models):
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    out = tmp_path / "out"
    result = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 10, result.stderr
    assert "9 processed, 0 skipped (unchanged), 2 failed" in result.stdout
    assert "empty.txt: the file is empty" in result.stderr
    assert "picture.txt: binary content" in result.stderr
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before
    briefing = _briefing(out, "en")
    assert len(briefing["items"]) == 9
    assert sorted(Path(n["source"]).name for n in briefing["not_processed"]) == ["empty.txt", "picture.txt"]
    status = briefings("status", "--out", str(out), cwd=tmp_path)
    assert "failed" in status.stdout and "empty: " in status.stdout
    (inbox / "empty.txt").write_text("Now the file has a proper sentence about the ceasefire in Karabakh.")
    retry = briefings("retry", "--all-failed", "--out", str(out), cwd=tmp_path)
    assert "1 processed" in retry.stdout and "1 failed" in retry.stdout


def test_the_documents_of_a_zip_dropped_in_the_inbox_are_briefed(tmp_path, inbox, models):
    import zipfile

    with zipfile.ZipFile(inbox / "clippings.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("ceasefire-2023-09-20.ru.txt", "ceasefire-2023-09-21.de.html"):
            archive.write(inbox / name, f"clippings/{name}")
            (inbox / name).unlink()
        archive.writestr("clippings/photo.jpg", b"\xff\xd8\xff\xe0 JFIF")
    before = (inbox / "clippings.zip").read_bytes()
    out = tmp_path / "out"
    result = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 10, result.stderr  # the photo is not a document
    assert "9 processed, 0 skipped (unchanged), 1 failed" in result.stdout
    assert "clippings.zip/clippings/photo.jpg: not a document type" in result.stderr
    briefing = _briefing(out, "en")
    sources = sorted(Path(item["source"]).relative_to(out / ".state" / "archives").as_posix()
                     for item in briefing["items"] if ".state" in item["source"])
    digest = hashlib.sha256(str((inbox / "clippings.zip").resolve()).encode()).hexdigest()[:12]
    assert sources == [f"clippings-{digest}/clippings/ceasefire-2023-09-20.ru.txt",
                       f"clippings-{digest}/clippings/ceasefire-2023-09-21.de.html"]
    assert (inbox / "clippings.zip").read_bytes() == before
    again = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert "0 processed, 10 skipped (unchanged), 0 failed" in again.stdout, again.stdout  # the photo: failed before
    # the archive taken out of the inbox: a day later its unpacked copy goes too
    unpacked = out / ".state" / "archives" / f"clippings-{digest}"
    (inbox / "clippings.zip").unlink()
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(unpacked / ".archive-location", (day_ago, day_ago))
    later = briefings("run", "--inbox", str(inbox), "--out", str(out), cwd=tmp_path)
    assert "0 processed, 7 skipped (unchanged), 0 failed" in later.stdout, later.stdout
    assert not unpacked.exists()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare is not available")
def test_whole_run_works_with_the_network_unplugged(tmp_path, inbox, models):
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not allowed here")
    out = tmp_path / "out"
    result = subprocess.run(
        ["unshare", "-rn", "sh", "-c", f"ip link set lo up 2>/dev/null || true; exec {BIN} run --inbox {inbox} --out {out}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "9 processed" in result.stdout
    assert len(_briefing(out, "de")["items"]) == 9


def test_help_and_models_list_start_fast(tmp_path, models):
    import time

    started = time.perf_counter()
    result = briefings("models", "list", cwd=tmp_path)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0
    assert "de -> en" in result.stdout and "ru -> en" in result.stdout
    check = subprocess.run([sys.executable, "-X", "importtime", "-c", "import flows.cli; flows.cli.build_parser()"],
                           capture_output=True, text=True)
    imported = check.stderr
    for heavy in ("prefect", "ctranslate2", "torch", "argostranslate.translate", "sumy"):
        assert f" {heavy}\n" not in imported and f"| {heavy}\n" not in imported, heavy
    assert elapsed < 5  # generous: the real budget is measured in the README
