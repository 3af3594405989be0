"""Translation memory on a real SQLite file."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from pipeline.memory import TranslationMemory, normalise
from pipeline.models import InstalledModel

DE_EN = InstalledModel("de", "en", "1.0", Path("/p/de_en"))
DE_EN_NEW = InstalledModel("de", "en", "1.1", Path("/p/de_en"))
EN_FR = InstalledModel("en", "fr", "1.0", Path("/p/en_fr"))


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    with TranslationMemory(tmp_path / "state" / "memory.sqlite3") as mem:
        yield mem


def test_normalise_nfc_and_whitespace() -> None:
    assert normalise("  Cafe\u0301 \t au\n  lait ") == "Café au lait"


def test_put_then_get(memory: TranslationMemory) -> None:
    memory.put_many(DE_EN, [("Guten Tag.", "Good day."), ("Wie geht's?", "How are you?")])
    assert memory.get_many(DE_EN, ["Guten  Tag.", "Unbekannt.", "Wie geht's?"]) == {
        "Guten  Tag.": "Good day.",
        "Wie geht's?": "How are you?",
    }
    assert memory.get_many(EN_FR, ["Guten Tag."]) == {}  # another package
    assert memory.get_many(DE_EN_NEW, ["Guten Tag."]) == {}  # another version
    stats = memory.stats()
    assert (stats["hits"], stats["misses"]) == (2, 3)
    assert stats["entries"] == {"translate-de_en 1.0": 2} and stats["total"] == 2 and stats["bytes"] > 0


def test_wal_mode_and_persistence(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory(path) as mem:
        mem.put_many(EN_FR, [("Hello.", "Bonjour.")])
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with TranslationMemory(path) as mem:
        assert mem.get_many(EN_FR, ["Hello."]) == {"Hello.": "Bonjour."}


def test_many_sentences_in_one_lookup(memory: TranslationMemory) -> None:
    pairs = [(f"Satz {i}.", f"Sentence {i}.") for i in range(1200)]
    memory.put_many(DE_EN, pairs)
    assert memory.get_many(DE_EN, [s for s, _ in pairs]) == dict(pairs)


def test_purge_stale_after_upgrade_and_removal(memory: TranslationMemory) -> None:
    memory.put_many(DE_EN, [("a", "A"), ("b", "B")])
    memory.put_many(EN_FR, [("c", "C")])
    assert memory.purge_stale([DE_EN_NEW, EN_FR]) == 2
    assert memory.stats()["entries"] == {"translate-en_fr 1.0": 1}
    assert memory.purge_stale([]) == 1
    assert memory.stats()["total"] == 0


def test_clear(memory: TranslationMemory) -> None:
    memory.put_many(DE_EN, [("a", "A"), ("b", "B")])
    assert memory.clear() == 2
    assert memory.get_many(DE_EN, ["a"]) == {}


def test_threads_share_one_memory(memory: TranslationMemory) -> None:
    def work(n: int) -> None:
        for i in range(20):
            memory.put_many(DE_EN, [(f"{n}-{i}", f"out {n}-{i}")])
            assert memory.get_many(DE_EN, [f"{n}-{i}"]) == {f"{n}-{i}": f"out {n}-{i}"}

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert memory.stats()["total"] == 80
