import hashlib
import os
from pathlib import Path

import pytest

from pipeline.documents import decode, load_document, parse, read_bytes, scan_inbox
from pipeline.errors import InputError
from tests.archives import zip_bytes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RUSSIAN = "Москва заявила, что российские миротворцы помогли договориться о прекращении огня в Карабахе."
FRENCH = "Le cessez-le-feu a été annoncé à Bakou après une journée de combats, écrit le correspondant à Érevan."


def test_english_seed_title_and_no_comment_form():
    document = load_document(SEEDS / "ceasefire-2023-09-20.en.txt", 10_000_000)
    assert len(document.id) == 64
    assert "ceasefire" in document.title.lower()
    assert "Leave a Reply" not in document.text
    assert "Required fields" not in document.text
    assert len(document.paragraphs) >= 3


def test_html_seed_main_text_without_navigation_or_comment_form():
    document = load_document(SEEDS / "ceasefire-2023-09-21.de.html", 10_000_000)
    assert document.kind == "html"
    assert document.title and "<" not in document.title
    text = document.text
    assert "Cookie" not in text and "Erforderliche Felder" not in text
    assert len(text.split()) > 150


@pytest.mark.parametrize(
    "data, expected, encoding",
    [
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
        (FRENCH.encode("latin-1"), FRENCH, None),
        ("\ufeff".encode("utf-16-le") + FRENCH.encode("utf-16-le"), FRENCH, "utf-16"),
        (b"\xef\xbb\xbf" + FRENCH.encode(), FRENCH, "utf-8"),
    ],
)
def test_decoding_of_other_encodings(data, expected, encoding):
    text, found = decode(data, Path("x.txt"))
    assert text.lstrip("\ufeff") == expected
    if encoding:
        assert found.replace("_", "-").lower() in {encoding, "windows-1251"} or found == encoding


LEGACY_LATIN = [
    ("ceasefire-2023-09-20.es.txt", "cp1252"),  # read as cp1250: "Espańa"
    ("ceasefire-2023-09-20.tr.txt", "cp1254"),
    ("ceasefire-2023-09-20.fr.txt", "cp1252"),
    ("ceasefire-2023-09-20.de.txt", "cp1252"),
]


@pytest.mark.parametrize("seed, encoding", LEGACY_LATIN)
def test_legacy_latin_code_pages_are_told_apart(seed, encoding):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    for part in (text, text.split("\n\n")[1]):  # the whole file and one paragraph (300 bytes)
        decoded, _ = decode(part.encode(encoding), Path("legacy.txt"))
        assert decoded == part


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Władze Górskiego Karabachu zgodziły się na zawieszenie broni. Rozmowy zaczną się w czwartek.", "iso8859_2"),
        ("Kalnų Karabacho valdžia sutiko su paliaubomis. Derybos prasidės ketvirtadienį.", "cp1257"),
        ("As autoridades da Galiza e de España debaten hoxe a nova lei de montes e a súa aplicación.", "cp1252"),
        # charset detection said Windows-1257 for the first, a reading that looks Lithuanian ("Tė gjitha palėt"):
        # each reading is judged in the language it reads as, Albanian's stop list knows të, në, që
        ("Të gjitha palët e kanë pranuar atë dhe kanë premtuar se do ta zbatojnë. Të zhvendosurit "
         "do të kthehen në shtëpitë e tyre gjatë javës që vjen, tha zëdhënësi.", "cp1252"),
        ("Organizatat ndërkombëtare kërkuan që ndihma të shpërndahet pa vonesë në të gjitha fshatrat "
         "e prekura. Gjithkush ka të drejtë të dijë çfarë ndodhi me të afërmit e vet.", "cp1250"),
        # ISO-8859-2's ą is Windows-1250's ± ("Zwolni± mnie"): a ± ¶ ¦ ¬ touching a letter is misread
        ("Szef jest bardzo zły. Zwolnią mnie. Pójdę już do domu.", "iso8859_2"),
        ("Oni mnie zwolnią. Tak mówi Piotr. Pójdę do domu.", "iso8859_2"),
        # ... where ± between numbers is the sign itself
        ("Die Temperatur liegt bei 21 ± 2 °C, sagte Müller. Die Messung dauerte ±5 Minuten länger.", "cp1252"),
        ("Pomiar wykazał 12±3 mm. Wynik jest zgodny z normą, powiedział kierownik.", "cp1250"),
        # charset detection named HP Roman-8 ("ÀNo puedes"): a rare code page loses a tie
        ("¡No puedes decirlo! Una amiga me ha propuesto jugar en la calle.", "cp1252"),
        # Faroese, which no word list knows: read as Windows-1250 ("Tingfólkiđ", taken for Czech)
        # and as Windows-1257 (taken for Lithuanian, whose list knew two of its words by chance)
        ("Tingfólkið samtykti í gjár eina nýggja lóg um fiskiskap. Landsstýrismaðurin segði, at lógin "
         "fer at koma í gildi í næstu viku, og at øll skulu hava møguleika at siga sína meining.", "cp1252"),
        ("“Fólk á landi hava ikki sæð slíkt veður nú á døgum,” segði hann. Meðan stríðið stóð á, "
         "tosaðu fólkini um nýggjar ætlanir á Martin’s skrivstovu.", "cp1252"),
    ],
)
def test_short_legacy_texts_decode_as_written(text, encoding):
    assert decode(text.encode(encoding), Path("legacy.txt"))[0] == text


# Ukrainian typed with a Latin i ("вiн"), as much of it is: charset detection gives up on the
# mixed script, and the file had been refused as undecodable.
UKRAINIAN_LATIN_I = ("Вiн сказав, що перемир'я пiдписали вчора ввечерi. Сьогоднi в мiстi спокiйно, "
                     "але люди бояться повертатися додому. Уряд обiцяє допомогу всiм, хто втратив житло.")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_u"])  # KOI8-R would read є as "╓"
def test_ukrainian_with_a_latin_i_is_read_as_written(encoding):
    assert decode(UKRAINIAN_LATIN_I.encode(encoding), Path("legacy.txt")) == (UKRAINIAN_LATIN_I, encoding)


def test_a_cyrillic_file_the_detector_read_as_japanese_is_read_as_written():
    # charset detection took a 20-sentence KOI8-R Russian text (UDHR) for Shift JIS ("步ﾖﾄﾙ");
    # given such a reading, the single-byte code pages are tried and the one giving Russian wins
    from pipeline.documents import _most_plausible

    text = (SEEDS / "ceasefire-2023-09-20.ru.txt").read_text(encoding="utf-8")
    text = text.translate(str.maketrans({"«": '"', "»": '"', "—": "-", "–": "-"}))  # not in KOI8-R
    data = text.encode("koi8_r")
    japanese = data.decode("shift_jis_2004", errors="replace")
    assert _most_plausible(data, japanese, "shift_jis_2004") == (text, "koi8_r")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("政府は本日、停戦合意が首都で署名されたと発表した。避難した住民は来週から帰宅できる見通しだ。", "shift_jis"),
        ("政府は本日、停戦合意が首都で署名されたと発表した。避難した住民は来週から帰宅できる見通しだ。", "euc_jp"),
        ("政府今天宣布，停火协议已在首都签署。流离失所的居民预计下周起可以返回家园。", "gb2312"),
        ("정부는 오늘 수도에서 휴전 협정이 체결되었다고 발표했다. 피난민들은 다음 주부터 귀가할 수 있을 것으로 보인다.", "euc_kr"),
        ("Η κυβέρνηση ανακοίνωσε σήμερα ότι η συμφωνία εκεχειρίας υπογράφηκε στην πρωτεύουσα.", "cp1253"),
        ("הממשלה הודיעה היום כי הסכם הפסקת האש נחתם בבירה.", "cp1255"),
    ],
)
def test_other_scripts_legacy_files_are_kept_as_the_detector_read_them(text, encoding):
    # single-byte Latin and Cyrillic readings are tried too, and must not win over real text
    assert decode(text.encode(encoding), Path("legacy.txt"))[0] == text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary"),
        (b"PK\x03\x04" + b"\x00" * 40, "binary"),
        (b"text with a \x00 NUL byte inside", "binary"),
        (b"12 345 678\n\n2023 2024", "no-text"),
        (b"https://example.org/a https://example.org/b", "no-text"),
        ("\U0001F600 \U0001F44D \U0001F525".encode(), "no-text"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(InputError) as caught:
        parse(data, Path("bad.txt"))
    assert caught.value.reason == reason
    assert "bad.txt" in str(caught.value)


@pytest.mark.parametrize(
    "data, reason, says",
    [
        (b"12 345 678\n\n2023 2024", "no-text", "no words (only numbers, links or symbols)"),
        (b"Accept all cookies\n\nShare on Facebook\n\nSign up for our newsletter", "no-text", "only web boilerplate"),
        (b"Title only", "too-short", "'Title only' has 2 words, a document needs 3 or more"),
        (b"# Ceasefire\n", "too-short", "has 1 word,"),
    ],
)
def test_too_little_text_says_what_is_there(data, reason, says):
    with pytest.raises(InputError) as caught:
        parse(data, Path("note.txt"))
    assert caught.value.reason == reason
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "阿塞拜疆和亚美尼亚在纳卡地区达成停火协议，战斗持续了一天。",
        "アゼルバイジャンとアルメニアが停戦に合意した。",
        "อาเซอร์ไบจานและอาร์เมเนียตกลงหยุดยิงแล้ว",
    ],
)
def test_one_sentence_in_a_script_without_spaces_is_a_document(text):
    # written without spaces, a whole sentence is one run of letters: it is not "no words"
    document = parse(text.encode(), Path("note.txt"))
    assert document.paragraphs == (text,)


def test_two_chinese_characters_are_too_short():
    with pytest.raises(InputError) as caught:
        parse("停火".encode(), Path("note.txt"))
    assert caught.value.reason == "too-short"


@pytest.mark.timeout(60)  # a hang guard: the address pattern once took 11 s on 40 KB and hours on 1 MB
def test_a_pasted_base64_attachment_is_dropped_in_linear_time():
    import base64

    blob = base64.b64encode(bytes(range(256)) * 4000).decode()  # 1.4 MB, no space in it
    data = ("Ceasefire in Karabakh\n\nThe ceasefire in Karabakh held on Thursday, officials said.\n\n"
            f"Attachment:\n{blob}\n\nTalks between the delegations continue in Yevlakh on Friday.\n").encode()
    document = parse(data, Path("mail.txt"))
    assert document.paragraphs == ("The ceasefire in Karabakh held on Thursday, officials said.",
                                   "Talks between the delegations continue in Yevlakh on Friday.")


def test_a_page_flattened_into_one_paragraph_keeps_its_article():
    # one cookie sentence in 4,000 characters of article text used to drop the whole paragraph
    article = " ".join(f"Officials in Stepanakert reported on day {n} that the ceasefire was holding." for n in range(50))
    document = parse(f"Ceasefire holds\n\n{article} We use cookies to improve your experience. {article}".encode(),
                     Path("page.txt"))
    assert len(document.paragraphs) == 1 and "day 49 that the ceasefire" in document.paragraphs[0]


def test_words_broken_at_a_line_end_are_mended_and_soft_hyphens_dropped():
    data = "The cease-\nfire in Nagorno-\nKarabakh held, the Waffen\u00adruhe too, officials said.".encode()
    document = parse(data, Path("wrapped.txt"))
    assert document.paragraphs == ("The cease-fire in Nagorno-Karabakh held, the Waffenruhe too, officials said.",)


def test_html_without_main_text():
    with pytest.raises(InputError) as caught:
        parse(b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>", Path("e.html"))
    assert caught.value.reason == "no-text"


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match="over the limit of 1,000 bytes") as caught:
        read_bytes(path, 1000)
    assert caught.value.reason == "too-large"


def test_control_characters_are_stripped_and_text_normalised():
    document = parse("Title line\n\nCafe\u0301 opens\u200b in Baku\x07 today, officials said.".encode(), Path("c.txt"))
    assert "Café opens in Baku today" in document.text


def test_scan_inbox_skips_hidden_partial_symlinks_outside_and_folders(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Hello world from the inbox today.")
    (inbox / ".hidden.txt").write_text("x")
    (inbox / "b.txt.part").write_text("x")
    (inbox / "image.png").write_bytes(b"\x89PNG")
    (inbox / "folder.txt").mkdir()
    (inbox / "sub").mkdir()
    (inbox / "sub" / "c.md").write_text("Nested document text here.")
    (inbox / "sub" / "d.EML").write_bytes(b"Subject: Hello\n\nA saved e-mail in the inbox.")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, inbox / "link.txt")
    os.symlink(inbox / "a.txt", inbox / "inside-link.txt")
    entries, skipped = scan_inbox(inbox)
    names = sorted(e.path.name for e in entries)
    assert names == ["a.txt", "c.md", "d.EML", "inside-link.txt"]
    reasons = {s.path.name: s.reason for s in skipped}
    assert reasons == {"image.png": "unsupported-type", "link.txt": "symlink-outside-inbox"}


def test_scan_inbox_skips_a_saved_page_s_resources_folder_and_advises_on_slides(tmp_path):
    inbox = tmp_path / "inbox"
    for folder in ("Report_files", "Bericht-Dateien", "Archive_2023", "Notes_files"):
        (inbox / folder).mkdir(parents=True)
    (inbox / "Report.html").write_text("<p>The ceasefire held.</p>")
    (inbox / "Report_files" / "frame.html").write_text("<p>Advertisement</p>")  # a frame of the page
    (inbox / "Report_files" / "logo.png").write_bytes(b"\x89PNG")
    (inbox / "Bericht.htm").write_text("<p>Die Waffenruhe hält.</p>")  # Firefox in German: "-Dateien"
    (inbox / "Bericht-Dateien" / "script.js").write_text("x")
    (inbox / "Archive_2023" / "a.txt").write_text("Ceasefire talks resumed in Yevlakh.")
    (inbox / "Notes_files" / "b.txt").write_text("No Notes.html beside this folder.")
    (inbox / "slides.pptx").write_bytes(b"PK\x03\x04")
    entries, skipped = scan_inbox(inbox)
    assert sorted(e.path.relative_to(inbox.resolve()).as_posix() for e in entries) == [
        "Archive_2023/a.txt", "Bericht.htm", "Notes_files/b.txt", "Report.html"]
    assert [(s.path.name, s.reason) for s in skipped] == [("slides.pptx", "unsupported-type")]
    assert skipped[0].message.endswith("; export it as .pdf to have it briefed")


def test_scan_inbox_says_to_unpack_a_zip_archive(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "clippings.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # an empty archive
    entries, skipped = scan_inbox(inbox)
    assert entries == [] and [(s.path.name, s.reason) for s in skipped] == [("clippings.zip", "unsupported-type")]
    assert skipped[0].message.endswith("; unpack it into the inbox to have it briefed")


def _zip_file(path, *members, encrypted=()):
    path.write_bytes(zip_bytes(*members, encrypted=encrypted))
    return path


def test_the_documents_of_a_zip_in_the_inbox_are_unpacked_beside_the_state_and_the_rest_named(tmp_path):
    inbox, archives = tmp_path / "inbox", tmp_path / "out" / ".state" / "archives"
    inbox.mkdir()
    statement = b"The ceasefire took effect at 13:00 local time on 20 September 2023."
    talks = "Переговоры в Евлахе начались в четверг.".encode()
    archive = _zip_file(
        inbox / "clippings.zip",
        ("clippings/statement.txt", statement),
        ("clippings/ru/talks.txt", talks),
        ("../../escape.txt", b"A name that tries to leave the folder."),
        ("clippings/photo.jpg", b"\xff\xd8\xff\xe0 JFIF"),
        ("clippings/older.zip", b"PK\x05\x06" + bytes(18)),
        ("clippings/private.docx", b"PK..."),
        ("__MACOSX/clippings/._statement.txt", b"\x00\x05\x16\x07"),
        ("clippings/.DS_Store", b"Bud1"),
        encrypted=("clippings/private.docx",),
    )
    before = (archive.read_bytes(), archive.stat().st_mtime_ns)
    entries, skipped = scan_inbox(inbox, archives=archives)
    folder = archives / f"clippings-{hashlib.sha256(str(archive.absolute()).encode()).hexdigest()[:12]}"
    assert {e.path.relative_to(folder).as_posix(): e.path.read_bytes() for e in entries} == {
        "clippings/statement.txt": statement, "clippings/ru/talks.txt": talks,
        "escape.txt": b"A name that tries to leave the folder."}
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "out" / "escape.txt").exists()
    assert sorted((s.path.relative_to(inbox).as_posix(), s.reason) for s in skipped) == [
        ("clippings.zip/clippings/older.zip", "unsupported-type"),
        ("clippings.zip/clippings/photo.jpg", "unsupported-type"),
        ("clippings.zip/clippings/private.docx", "encrypted")]
    assert "an archive inside the archive; unpack it into the inbox" in next(s.message for s in skipped if s.reason != "encrypted" and "older" in s.message)
    # the archive is untouched; a rescan finds the same files without unpacking them again
    assert (archive.read_bytes(), archive.stat().st_mtime_ns) == before
    again, _ = scan_inbox(inbox, archives=archives)
    assert again == entries
    # without a folder to unpack into, an archive is a file to unpack by hand
    assert [s.reason for s in scan_inbox(inbox)[1]] == ["unsupported-type"]


def test_a_changed_archive_is_unpacked_again_over_the_same_paths(tmp_path):
    inbox, archives = tmp_path / "inbox", tmp_path / "archives"
    inbox.mkdir()
    _zip_file(inbox / "clippings.zip", ("statement.txt", b"The ceasefire took effect at 13:00."),
              ("notes.txt", b"Talks resumed in Yevlakh."))
    [statement, notes], _ = scan_inbox(inbox, archives=archives)  # in the archive's order
    # the same sizes, other words: only the archive's checksum tells the change
    _zip_file(inbox / "clippings.zip", ("statement.txt", b"The ceasefire took effect at 14:00."),
              ("notes.txt", b"Talks resumed in Yevlakh."))
    [statement_again, notes_again], _ = scan_inbox(inbox, archives=archives)
    assert (statement_again.path, statement_again.size) == (statement.path, statement.size)
    assert statement_again.path.read_bytes() == b"The ceasefire took effect at 14:00."
    assert statement_again.mtime_ns != statement.mtime_ns  # a changed file to the state database
    assert notes_again.path == notes.path and notes_again.path.read_bytes() == b"Talks resumed in Yevlakh."
    assert scan_inbox(inbox, archives=archives)[0] == [statement_again, notes_again]  # unchanged: not unpacked again
    # a document taken out of the archive goes from its unpacked copy too
    _zip_file(inbox / "clippings.zip", ("statement.txt", b"The ceasefire took effect at 14:00."))
    [statement_last], _ = scan_inbox(inbox, archives=archives)
    assert statement_last.path == statement.path and not notes.path.exists()
    assert sorted(p.name for p in statement.path.parent.iterdir()) == [".archive-location", ".archive-sha256", "statement.txt"]


def test_the_unpacked_documents_of_an_archive_that_is_gone_are_removed_after_a_day(tmp_path):
    from pipeline.documents import ARCHIVE_LOCATION_FILE, prune_unpacked

    inbox, archives = tmp_path / "inbox", tmp_path / "archives"
    (inbox / "kept").mkdir(parents=True)
    _zip_file(inbox / "clippings.zip", ("statement.txt", b"The ceasefire took effect at 13:00."))
    _zip_file(inbox / "kept" / "other.zip", ("notes.txt", b"Talks resumed in Yevlakh."))
    [statement, notes], _ = scan_inbox(inbox, archives=archives)
    older = archives / "from-an-earlier-version"  # says nothing of its archive: kept
    older.mkdir()
    (inbox / "clippings.zip").unlink()
    assert prune_unpacked(archives) == []  # gone, but seen within the day: a run may still read it
    assert statement.path.is_file()
    marker = statement.path.parent / ARCHIVE_LOCATION_FILE
    day_ago = marker.stat().st_mtime - 24 * 3600 - 1
    os.utime(marker, (day_ago, day_ago))
    assert prune_unpacked(archives) == [statement.path.parent]
    assert not statement.path.parent.exists()
    assert notes.path.is_file() and older.is_dir()  # its archive is still in the inbox
    os.utime(notes.path.parent / ARCHIVE_LOCATION_FILE, (day_ago, day_ago))
    assert prune_unpacked(archives) == []  # old, but its archive is there
    assert prune_unpacked(tmp_path / "no-such-folder") == []


def test_runs_unpacking_one_archive_at_once_each_see_whole_files(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.documents import unpack_archive

    report = ("The ceasefire took effect at 13:00 local time on 20 September 2023. " * 20000).encode()
    archive = _zip_file(tmp_path / "clippings.zip", ("report.txt", report), ("notes.txt", b"Talks resumed."))
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: unpack_archive(archive, tmp_path / "archives"), range(8)))
    for entries, skipped in results:
        assert skipped == [] and sorted(e.path.name for e in entries) == ["notes.txt", "report.txt"]
        assert {e.path.name: e.path.read_bytes() for e in entries}["report.txt"] == report
    assert sorted(p.name for p in (tmp_path / "archives").rglob("*") if p.is_file()) == [
        ".archive-location", ".archive-sha256", "notes.txt", "report.txt"]  # no temporary file left


def test_a_damaged_or_oversized_zip_in_the_inbox_is_named_and_nothing_unpacked(tmp_path, monkeypatch):
    import pipeline.documents as documents

    inbox, archives = tmp_path / "inbox", tmp_path / "archives"
    inbox.mkdir()
    (inbox / "broken.zip").write_bytes(b"PK\x03\x04 cut off")
    _zip_file(inbox / "many.zip", *((f"n{i}.txt", b"The talks resumed.") for i in range(5)))
    monkeypatch.setattr(documents, "MAX_ARCHIVE_FILES", 4)
    entries, skipped = scan_inbox(inbox, archives=archives)
    assert entries == [] and not archives.exists()
    assert [(s.path.name, s.reason) for s in skipped] == [("broken.zip", "damaged"), ("many.zip", "too-large")]
    assert "not a readable ZIP archive" in skipped[0].message
    assert "holds 5 documents of 90 bytes, over the limit of 4 documents" in skipped[1].message


def test_a_zip_given_as_a_document_says_where_archives_are_read(tmp_path):
    archive = _zip_file(tmp_path / "clippings.zip", ("a.txt", b"The ceasefire took effect at 13:00."))
    with pytest.raises(InputError, match=r"clippings\.zip: a ZIP archive, not a document; drop it into the inbox") as caught:
        load_document(archive, 10_000_000)
    assert caught.value.reason == "unsupported-type"


def test_missing_inbox_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="is not a folder"):
        scan_inbox(tmp_path / "nope")


def _read_as_cp1252(text: str, encoding: str = "utf-8") -> str:
    """What a Windows-1252 reader makes of ``text`` saved in ``encoding`` (bytes cp1252 leaves
    undefined become the C1 characters of the same number, as Windows does)."""
    return "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                   for b in text.encode(encoding))


@pytest.mark.parametrize("original", [
    "Сообщает агентство ТАСС: перемирие вступило в силу.",
    "Ադրբեջանը հայտարարել է հրադադարի մասին։",
    "Azərbaycan Müdafiə Nazirliyi bildirib.",
    "L'été à Paris, café crème et « guillemets ».",
    "Ελλάδα και Κύπρος",
])
def test_utf8_text_read_as_windows_1252_and_saved_is_mended(original):
    from pipeline.documents import clean_text, repair_mojibake

    garbled = _read_as_cp1252(original)
    assert garbled != original
    assert repair_mojibake(garbled) == original
    assert clean_text(f"Title\n\n{garbled}\n\nAn English line stays.") == f"Title\n\n{original}\n\nAn English line stays."


def test_windows_1251_cyrillic_read_as_windows_1252_is_mended_and_latin_text_is_not(tmp_path):
    from pipeline.documents import repair_mojibake

    original = "Многие классические театры в Соединенных Штатах стараются стать доступнее."
    garbled = _read_as_cp1252(original, "cp1251")
    assert garbled.startswith("Ìíîãèå êëàññè÷åñêèå")
    assert repair_mojibake(garbled) == original
    for text in ("NÃO É VERDADE, disse o ministro.", "Ça, c'est ÀÉÈÊËÎÏÔÙÛÜ à la française.",
                 "Þórður og Ásgeir fóru í bæinn.", "Ìàðèÿ"):  # accented Latin, and too short to judge
        assert repair_mojibake(text) == text
    report = tmp_path / "report.txt"  # valid UTF-8 holding the garbled line: the document is mended
    report.write_text(f"Театры\n\n{garbled}\n", encoding="utf-8")
    assert original in load_document(report, 1 << 20).paragraphs


@pytest.mark.parametrize(("original", "code_page"), [
    ("Η Ελλάδα και η Κύπρος υπέγραψαν συμφωνία για την ενέργεια.", "cp1253"),
    ("הממשלה אישרה היום את התקציב החדש.", "cp1255"),
    ("وافقت الحكومة اليوم على الميزانية الجديدة.", "cp1256"),
    ("Україна та Білорусь підписали угоду.", "cp1251"),
    ("Многие классические театры в Соединенных Штатах.", "koi8_r"),
    ("Україна та Білорусь підписали угоду.", "koi8_u"),
    # Kyrgyz without ң, ө, ү (which Windows-1251 lacks), judged by jusText's Kyrgyz stop list
    ("Бул маселе боюнча эл аралык уюмдар да кайрылды, бирок жооп али жок.", "cp1251"),
])
def test_greek_hebrew_arabic_koi8_and_ukrainian_code_pages_read_as_windows_1252_are_mended(original, code_page):
    from pipeline.documents import repair_mojibake

    garbled = original.encode(code_page).decode("cp1252")
    assert garbled != original and repair_mojibake(garbled) == original


def test_a_mail_whose_charset_label_is_wrong_is_read_as_written(tmp_path):
    # Windows-1251 Russian sent as "iso-8859-1": the label decodes it to "Ìíîãèå ...", which is
    # mended line by line; before, the document came out as that mojibake, language "und"
    from pipeline.language import detect_document

    body = "Многие классические театры в Соединенных Штатах стараются стать доступнее.\n\n" \
           "Персонал театров сообщает, что продажи билетов выросли в этом году.\n"
    mail = tmp_path / "mislabelled.eml"
    mail.write_bytes(b"From: desk@example.org\r\nTo: team@example.org\r\nSubject: Theatres\r\n"
                     b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                     + body.encode("cp1251"))
    document = load_document(mail, 1 << 20)
    assert list(document.paragraphs) == [p.strip() for p in body.split("\n\n")]
    assert detect_document(document.paragraphs)[0].lang == "ru"


def test_armenian_in_armscii_8_is_read_as_written(tmp_path):
    # Armenia's 8-bit code page, which Python has no codec for: charset detection took such a
    # file for Windows-1252 ("Ð³Û³ëï³Ý"), language "und"
    from pipeline.documents import repair_mojibake
    from pipeline.language import detect_document

    armenian = (SEEDS / "ceasefire-2023-09-20.hy.txt").read_text(encoding="utf-8")
    data = armenian.encode("armscii-8")  # the codec pipeline.documents registers
    assert data.decode("armscii-8") == armenian and data[:4] == b"\xc8\xbb\xe9\xdd"  # Լեռն
    assert decode(data, Path("legacy.txt")) == (armenian, "armscii-8")
    legacy = tmp_path / "karabakh.txt"
    legacy.write_bytes(data)
    document = load_document(legacy, 1 << 20)
    assert document.encoding == "armscii-8" and detect_document(document.paragraphs)[0].lang == "hy"
    # and read as Windows-1252, then saved as UTF-8
    assert repair_mojibake(data.decode("cp1252")) == armenian
    # Russian in Windows-1251 is not Armenian: its words are no Armenian words
    assert decode(RUSSIAN.encode("cp1251"), Path("x.txt"))[1] != "armscii-8"
