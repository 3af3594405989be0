"""The standalone commands (translate, detect, summarize) and the models/cache commands, as a user
runs them: real subprocesses, JSON Lines in and out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "briefings"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def briefings(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], input=stdin, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ), cwd=cwd)


def test_translate_jsonl_keeps_ids_and_reports_the_route(tmp_path, install_pairs):
    install_pairs("de-en", "en-fr")
    lines = [{"id": "a", "text": "Die Waffenruhe hält. Die Gespräche beginnen am Donnerstag."},
             {"id": 7, "text": "Die Waffenruhe hält."}]
    result = briefings("translate", "--from", "de", "--to", "fr", "--jsonl",
                       stdin="".join(json.dumps(line) + "\n" for line in lines), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    assert all(o["translation"].strip() for o in out)
    assert out[0]["route"].startswith("de→en→fr")
    again = briefings("translate", "--from", "de", "--to", "fr", "--jsonl",
                      stdin="".join(json.dumps(line) + "\n" for line in lines), cwd=tmp_path)
    assert again.stdout == result.stdout  # same input, same output
    plain = briefings("translate", "--from", "de", "--to", "en", stdin="Die Waffenruhe hält.\n", cwd=tmp_path)
    assert plain.returncode == 0 and plain.stdout.strip()
    # text garbled on its way (UTF-8 read as Windows-1252: "hÃ¤lt") is mended before it is translated
    garbled = briefings("translate", "--from", "de", "--to", "en", stdin="Die Waffenruhe hÃ¤lt.\n", cwd=tmp_path)
    assert garbled.returncode == 0 and garbled.stdout == plain.stdout
    import sqlite3

    [memory] = tmp_path.rglob("memory.sqlite3")
    with sqlite3.connect(memory) as db:
        sources = {row[0] for row in db.execute("SELECT source FROM memory")}
    assert "Die Waffenruhe hält." in sources and not any("Ã" in source for source in sources)


def test_translate_without_a_route_names_the_install_command(tmp_path, argos_packages_dir):
    result = briefings("translate", "--from", "es", "--to", "de", stdin="Hola.", cwd=tmp_path)
    assert result.returncode == 4  # a model problem (README: exit status)
    assert "no model es->de" in result.stderr and "briefings models install es de" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("translate", "--from", "deutsch", "--to", "en"), ("summarize", "--lang", "Russian", "x.txt"),
     ("models", "install", "German", "en"), ("models", "remove", "de", "english")],
)
def test_a_language_name_is_refused_as_a_code(tmp_path, argos_packages_dir, args):
    # not "no model deutsch->en; install it with `briefings models install deutsch en`"
    result = briefings(*args, stdin="Hallo.", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not an ISO 639-1 language code such as en, de, fr" in result.stderr
    assert "no model" not in result.stderr and "downloading" not in result.stderr


def test_translate_rejects_bad_jsonl(tmp_path, install_pairs):
    install_pairs("de-en")
    result = briefings("translate", "--from", "de", "--to", "en", "--jsonl", stdin="not json\n", cwd=tmp_path)
    assert result.returncode == 3 and "stdin line 1: not JSON" in result.stderr


def test_detect_files_and_jsonl(tmp_path):
    result = briefings("detect", str(SEEDS / "ceasefire-2023-09-20.hy.txt"), str(SEEDS / "ceasefire-2023-09-20.az.txt"))
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["hy", "az"]
    lines = [{"id": i, "text": t} for i, t in enumerate(["Добрый вечер, друзья мои.", "Добрий вечір, друзі мої, їжте.",
                                                         "12345", "Das ist ein Test des Systems."])]
    result = briefings("detect", "--jsonl", stdin="".join(json.dumps(line) + "\n" for line in lines))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["lang"] for o in out] == ["ru", "uk", "und", "de"]
    assert all(0.0 <= o["probability"] <= 1.0 for o in out)


def test_detect_paragraphs_shows_a_quoted_language(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("The minister spoke in Moscow on Tuesday about the ceasefire agreement.\n\n"
                      "Мы не допустим новой войны в регионе, заявил министр иностранных дел.\n", encoding="utf-8")
    result = briefings("detect", "--paragraphs", str(report))
    assert result.returncode == 0, result.stderr
    first, *paragraphs = result.stdout.splitlines()
    assert first.split("\t")[:2] == [str(report), "en"]
    assert [line.split("\t")[1] for line in paragraphs] == ["en", "ru"]
    assert paragraphs[1].split("\t")[3].startswith("Мы не допустим")


def test_a_bad_jsonl_line_is_reported_and_the_rest_still_processed():
    lines = [json.dumps({"id": "a", "text": "Добрый вечер, друзья мои."}), json.dumps({"id": "b"}), "not json",
             json.dumps({"id": "c", "text": "Das ist ein Test des Systems."}), json.dumps({"id": "d", "text": 5})]
    for command in ("detect", "summarize"):
        result = briefings(command, "--jsonl", stdin="\n".join(lines) + "\n")
        assert result.returncode == 3
        out = [json.loads(line) for line in result.stdout.splitlines()]
        # one output per input line, in order: the bad ones say where and what
        assert [o["id"] for o in out] == ["a", "b", None, "c", "d"]
        assert [o["lang"] for o in (out[0], out[3])] == ["ru", "de"]
        assert out[1]["line"] == 2 and 'no "text" field' in out[1]["error"]
        assert out[2]["line"] == 3 and "not JSON" in out[2]["error"]
        assert out[4]["line"] == 5 and '"text" is int, not a string' in out[4]["error"]  # was "und", silently
        assert "stdin line 2" in result.stderr and "stdin line 3" in result.stderr


def test_a_closed_pipe_ends_quietly():
    # `briefings detect ... | head -1`: the reader leaves early; no traceback, exit 0
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    lines = "".join(json.dumps({"id": i, "text": "Das ist ein Test des Systems."}) + "\n" for i in range(3000))
    writer = subprocess.run([str(BIN), "detect", "--jsonl"], input=lines, stdout=reader.stdin,
                            stderr=subprocess.PIPE, text=True, timeout=300)
    reader.stdin.close()
    reader.wait(30)
    assert writer.returncode == 0, writer.stderr
    assert "Traceback" not in writer.stderr and "BrokenPipe" not in writer.stderr


def test_summarize_file_and_jsonl():
    result = briefings("summarize", str(SEEDS / "ceasefire-2023-09-20.en.txt"), "--sentences", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# ") and "(en)" in lines[0]
    assert len(lines) == 3 and "Leave a Reply" not in result.stdout
    text = (SEEDS / "ceasefire-2023-09-20.de.txt").read_text()
    result = briefings("summarize", "--jsonl", stdin=json.dumps({"id": "x", "text": text}) + "\n")
    [out] = [json.loads(line) for line in result.stdout.splitlines()]
    assert out["id"] == "x" and out["lang"] == "de"
    assert out["indices"] == sorted(out["indices"]) and len(out["summary"]) == len(out["indices"]) >= 1


def test_models_install_list_remove_and_check(tmp_path, argos_packages_dir, argos_package):
    path = argos_package("de", "en")
    result = briefings("models", "install", str(path))
    assert result.returncode == 0, result.stderr
    assert "installed translate-de_en 1.0" in result.stdout
    assert "de -> en" in briefings("models", "list").stdout
    check = briefings("models", "check", "--to", "en,fr", "--from", "de,es")
    assert "de -> en: de→en" in check.stdout
    assert "es -> fr: missing; install with `briefings models install es fr`" in check.stdout
    verify = briefings("models", "verify")
    assert verify.returncode == 0 and "ok  translate-de_en 1.0" in verify.stdout
    assert briefings("models", "remove", "de", "en").returncode == 0
    assert "no translation models installed" in briefings("models", "list").stdout


def test_models_install_refuses_a_foreign_archive(tmp_path, argos_packages_dir):
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"this is not a zip")
    result = briefings("models", "install", str(bogus))
    assert result.returncode == 4
    assert "bogus.argosmodel" in result.stderr


def test_models_install_from_an_unreachable_index_says_so(tmp_path, argos_packages_dir):
    result = briefings("models", "install", "de", "en")
    assert result.returncode == 5
    assert "index" in result.stderr.lower()


def test_cache_stats_and_clear(tmp_path, install_pairs):
    install_pairs("de-en")
    briefings("translate", "--from", "de", "--to", "en", stdin="Die Waffenruhe hält.", cwd=tmp_path)
    stats = json.loads(briefings("cache", "stats", cwd=tmp_path).stdout)
    assert json.dumps(stats).count("translate-de_en") >= 1
    cleared = briefings("cache", "clear", cwd=tmp_path)
    assert cleared.returncode == 0 and "removed 1 translations" in cleared.stdout


def test_bad_settings_are_one_clear_line(tmp_path):
    (tmp_path / "briefings.toml").write_text('targets = ["english"]\n')
    result = briefings("list", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "'english' is not an ISO 639-1" in result.stderr


def test_list_and_show_without_briefings(tmp_path):
    assert "no briefings" in briefings("list", "--out", str(tmp_path / "o")).stdout
    shown = briefings("show", "--out", str(tmp_path / "o"))
    assert shown.returncode == 1 and "briefings list" in shown.stderr


def test_run_without_a_loopback_interface_says_so_at_once(tmp_path):
    # In a network namespace whose loopback is down, Prefect's temporary server is unreachable:
    # the run stops at once with one clear line (exit 7) instead of timing out, and writes nothing.
    import shutil

    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rn", "true"]).returncode != 0:
        pytest.skip("unshare -rn (user and network namespaces) is not available here")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Die Waffenruhe hält seit Mittwoch, teilten die Behörden mit.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    result = subprocess.run(["unshare", "-rn", str(BIN), "run", "--inbox", str(inbox), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 7, result.stderr
    assert "cannot reach 127.0.0.1" in result.stderr and "ip link set lo up" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out").glob("*/*.md"))
    assert (inbox / "note.txt").read_text(encoding="utf-8").startswith("Die Waffenruhe")


def test_detect_reports_each_unreadable_file_and_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Die Regierung hat heute ein neues Gesetz beschlossen.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = briefings("detect", str(tmp_path / "missing.txt"), str(empty), str(good))
    assert result.returncode == 3
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [[str(good), "de"]]
    assert f"{tmp_path / 'missing.txt'}: no such file" in result.stderr
    assert f"{empty}: the file is empty" in result.stderr


def test_detect_and_summarize_read_the_documents_inside_a_zip(tmp_path):
    from tests.archives import zip_bytes

    clippings = tmp_path / "clippings.zip"
    clippings.write_bytes(zip_bytes(
        ("news/statement.az.txt", (SEEDS / "ceasefire-2023-09-20.az.txt").read_bytes()),
        ("news/bericht.de.txt", (SEEDS / "ceasefire-2023-09-20.de.txt").read_bytes()),
        ("photo.jpg", b"\xff\xd8\xff\xe0"),
        ("empty.txt", b""),
    ))
    result = briefings("detect", str(clippings))
    assert result.returncode == 3  # some files inside could not be read
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [
        [f"{clippings}/news/bericht.de.txt", "de"], [f"{clippings}/news/statement.az.txt", "az"]]
    assert f"{clippings}/photo.jpg: not a document type" in result.stderr
    assert f"{clippings}/empty.txt: the file is empty" in result.stderr
    assert "briefings-archive-" not in result.stderr  # named as the user knows them, not where unpacked

    summary = briefings("summarize", str(clippings), "--sentences", "1")
    assert summary.returncode == 3
    blocks = summary.stdout.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        f"== {clippings}/news/bericht.de.txt", f"== {clippings}/news/statement.az.txt"]
    assert "(de)" in blocks[0].splitlines()[1] and "Waffenruhe" in blocks[0]
    assert "(az)" in blocks[1].splitlines()[1] and "atəşkəs" in summary.stdout
    assert [len(block.splitlines()) for block in blocks] == [3, 3]  # name, title, one sentence


def test_summarize_a_zip_of_one_document_names_it(tmp_path):
    from tests.archives import zip_bytes

    single = tmp_path / "one.zip"
    single.write_bytes(zip_bytes(("report.txt", (SEEDS / "ceasefire-2023-09-20.en.txt").read_bytes())))
    result = briefings("summarize", str(single), "--sentences", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"== {single}/report.txt"
    assert result.stdout.splitlines()[1].startswith("# ") and "(en)" in result.stdout.splitlines()[1]
    assert len(result.stdout.splitlines()) == 4
    empty = tmp_path / "nothing.zip"
    empty.write_bytes(zip_bytes(("photo.jpg", b"\xff\xd8\xff\xe0")))
    failed = briefings("summarize", str(empty))
    assert failed.returncode == 3 and f"{empty}/photo.jpg: not a document type" in failed.stderr


def test_detect_a_folder_reads_its_documents_as_the_inbox_is_read(tmp_path):
    from tests.archives import zip_bytes

    folder = tmp_path / "clippings"
    (folder / "sub").mkdir(parents=True)
    (folder / "statement.hy.txt").write_bytes((SEEDS / "ceasefire-2023-09-20.hy.txt").read_bytes())
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "sub" / "more.zip").write_bytes(zip_bytes(
        ("bericht.de.txt", (SEEDS / "ceasefire-2023-09-20.de.txt").read_bytes())))
    result = briefings("detect", "clippings", cwd=tmp_path)
    assert result.returncode == 3  # the photo
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [
        ["clippings/statement.hy.txt", "hy"], ["clippings/sub/more.zip/bericht.de.txt", "de"]]
    assert result.stderr.startswith("error: clippings/photo.jpg: not a document type")
    summary = briefings("summarize", "clippings", "--sentences", "1", cwd=tmp_path)
    assert [line for line in summary.stdout.splitlines() if line.startswith("== ")] == [
        "== clippings/statement.hy.txt", "== clippings/sub/more.zip/bericht.de.txt"]
