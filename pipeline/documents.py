"""Reading documents at the boundary: find them, decode them, clean them, extract their text.

Everything after this module can trust its text: decoded, Unicode-normalised, control characters
stripped, HTML reduced to its main text, web boilerplate removed.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import shutil
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, NamedTuple, Sequence

from pipeline.errors import InputError
from pipeline.words import MARKS

if TYPE_CHECKING:
    import zipfile

    from pipeline.formats import Mail

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".mhtml", ".mht", ".eml", ".msg", ".docx", ".doc", ".odt", ".rtf",
                     ".pdf")
# What to do with a file of a common type that is not read (the message names the fix).
_CONVERT_HINTS = {
    ".pages": "export it as .docx or .pdf", ".pptx": "export it as .pdf", ".ppt": "export it as .pdf",
    ".odp": "export it as .pdf", ".key": "export it as .pdf",
    ".xml": "save the article as .html or .txt", ".epub": "save its chapters as .html or .txt",
    ".zip": "unpack it into the inbox",
}
_RESOURCE_FOLDER = re.compile(r"[_\- ][^\W\d_]{2,12}")  # "_files", "-Dateien", "_fichiers", "_archivos"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u2060\ufeff]")  # \u00ad: soft hyphen
# A word broken by a hyphen at the end of a line (hard-wrapped mail, text exported from PDF);
# the hyphen stays ("Nagorno-\nKarabakh", "well-\nknown"), the line break goes.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")
_WORDS = re.compile(r"[^\W\d_]{2,}")
# An address starts a token ((?<!\S)): tried at every position of a long run without spaces (a
# base64 attachment), "\S+@" made 40 KB take 11 s and 1 MB hours.
_LINKS = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|(?<!\S)[^\s@]+@\S+\.\w+")
_TITLE_MAX_WORDS = 25
MIN_WORDS = 3  # a document with fewer words of text (a bare title, "OK thanks") is not briefed


@dataclass(frozen=True)
class InboxEntry:
    """A candidate document found in the inbox."""

    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file of the inbox that is not taken in, with the reason."""

    path: Path
    reason: str
    message: str


@dataclass(frozen=True)
class Document:
    """A cleaned document: id is the SHA-256 of its bytes (the first 16 hex digits name files)."""

    id: str
    path: Path
    kind: str  # "text", "markdown", "html" (a web archive too), "email", "docx", "doc", "odt", "rtf" or "pdf"
    title: str
    paragraphs: tuple[str, ...]
    encoding: str

    @property
    def short_id(self) -> str:
        return self.id[:16]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def is_ignored_name(name: str) -> bool:
    """Hidden files and files still being written (temp-name-then-rename convention) are ignored."""
    return (
        name.startswith(".")
        or name.startswith("~")
        or name.endswith((".part", ".partial", ".tmp", ".crdownload", "~", ".swp"))
    )


def is_page_resources(folder: Path) -> bool:
    """A web browser's "Web page, complete" folder beside its page ("Report_files" beside
    "Report.html"; Firefox in German writes "Report-Dateien"): the page's images, scripts and
    frames, not documents of their own."""
    name = folder.name
    for cut, char in enumerate(name):
        if char in "_- " and cut and _RESOURCE_FOLDER.fullmatch(name[cut:]):
            if any((folder.parent / f"{name[:cut]}{suffix}").is_file() for suffix in (".html", ".htm")):
                return True
    return False


def unsupported_type(path: Path) -> Skipped:
    """The skip record of a file whose type is not read, saying what to do with it."""
    hint = _CONVERT_HINTS.get(path.suffix.lower())
    advice = f"{hint} to have it briefed" if hint else "left in place"
    return Skipped(path, "unsupported-type", f"{path}: not a document type ({', '.join(DOCUMENT_SUFFIXES)}); {advice}")


ARCHIVE_SUFFIXES = (".zip",)
MAX_ARCHIVE_FILES = 1000
MAX_ARCHIVE_UNPACKED_BYTES = 500_000_000  # all documents of one archive, as its directory declares them
_UNSAFE_PART = re.compile(r"[\x00-\x1f\\:*?\"<>|]+")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive_files(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, list[str]]]:
    """The files a sender put in a ZIP archive, each with the safe parts of its name: folders,
    hidden and temporary files and macOS resource forks (``__MACOSX``) are left out, and "../" or
    an absolute path cannot name a place outside the archive's folder."""
    files = []
    for info in archive.infolist():
        parts = [_UNSAFE_PART.sub("_", part) for part in info.filename.replace("\\", "/").split("/")
                 if part not in ("", ".", "..")]
        if not info.is_dir() and parts and parts[0] != "__MACOSX" and not any(is_ignored_name(p) for p in parts):
            files.append((info, parts))
    return files


def unpack_archive(path: Path, into: Path) -> tuple[list[InboxEntry], list[Skipped]]:
    """The documents inside a ZIP archive of the inbox, and the files inside it that are not
    taken in, with why (each named "clippings.zip/photo.jpg").

    The documents are unpacked into a folder of ``into`` named after the archive and where it is
    ("clippings-1a2b3c4d5e6f"), so each keeps its path from run to run: the archive itself is
    never touched, a rerun finds the same files (and skips them as known), and a changed archive
    (its content's SHA-256 is kept beside the files) is unpacked again over them, so that a
    changed document replaces its earlier version in the briefing as a changed file does. Names
    cannot leave that folder ("../", absolute paths); folders, hidden files and macOS resource
    forks (``__MACOSX``) are not documents; an archive declaring more than ``MAX_ARCHIVE_FILES``
    documents or ``MAX_ARCHIVE_UNPACKED_BYTES`` is refused before anything is unpacked (a ZIP bomb).
    """
    import zipfile

    try:
        digest = _file_sha256(path)
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        return [], [Skipped(path, "unreadable", f"{path}: cannot be read ({exc.strerror or exc})")]
    except Exception:  # BadZipFile, or NotImplementedError and the like for a damaged directory
        return [], [Skipped(path, "damaged", f"{path}: not a readable ZIP archive; unpack it with an archiver "
                                               "and put its documents into the inbox")]
    entries: list[InboxEntry] = []
    skipped: list[Skipped] = []
    with archive:
        members: list[tuple[zipfile.ZipInfo, list[str]]] = []
        for info, parts in archive_files(archive):
            inside = path / "/".join(parts)  # how messages name it
            suffix = Path(parts[-1]).suffix.lower()
            if suffix in ARCHIVE_SUFFIXES:
                skipped.append(Skipped(inside, "unsupported-type", f"{inside}: an archive inside the archive; "
                                                                   "unpack it into the inbox to have it briefed"))
            elif suffix not in DOCUMENT_SUFFIXES:
                skipped.append(unsupported_type(inside))
            elif info.flag_bits & 0x1:
                skipped.append(Skipped(inside, "encrypted", f"{inside}: protected by a password; "
                                                            "put an unprotected copy into the inbox"))
            else:
                members.append((info, parts))
        declared = sum(info.file_size for info, _ in members)
        if len(members) > MAX_ARCHIVE_FILES or declared > MAX_ARCHIVE_UNPACKED_BYTES:
            return [], [Skipped(path, "too-large", f"{path}: holds {len(members)} documents of {declared:,} bytes, "
                                                   f"over the limit of {MAX_ARCHIVE_FILES} documents and "
                                                   f"{MAX_ARCHIVE_UNPACKED_BYTES:,} bytes; unpack it in parts")]
        location = hashlib.sha256(str(path.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
        folder = into / f"{_UNSAFE_PART.sub('_', path.stem)[:80]}-{location[:12]}"
        unpacked_from = folder / ".archive-sha256"
        try:
            same_archive = unpacked_from.read_text() == digest
        except OSError:
            same_archive = False
        for info, parts in members:
            target = folder.joinpath(*parts)
            inside = path / "/".join(parts)
            # a temporary name of this process's own: two runs unpacking the same archive at once
            # each rename a whole file into place, and neither reads the other's half-written one
            partial = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
            try:
                if not (same_archive and target.is_file() and target.stat().st_size == info.file_size):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(info) as source, open(partial, "wb") as sink:
                        for block in iter(lambda: source.read(1 << 20), b""):
                            sink.write(block)
                    os.replace(partial, target)
                stat = target.stat()
            except OSError as exc:
                skipped.append(Skipped(inside, "unreadable",
                                       f"{inside}: cannot be unpacked into {folder} ({exc.strerror or exc})"))
                continue
            except Exception:  # a bad CRC, an unsupported compression method, a truncated archive
                skipped.append(Skipped(inside, "damaged", f"{inside}: damaged in the archive; "
                                                          "put a good copy of the document into the inbox"))
                continue
            finally:
                partial.unlink(missing_ok=True)
            entries.append(InboxEntry(target, stat.st_size, stat.st_mtime_ns))
        if not same_archive and entries:
            _remove_dropped(folder, {entry.path for entry in entries})
            try:
                unpacked_from.write_text(digest)
            except OSError:
                pass  # unpacked again next time
        try:  # touched on every scan: the archive is still there (see prune_unpacked)
            (folder / ARCHIVE_LOCATION_FILE).write_text(str(path.absolute()), encoding="utf-8", errors="surrogateescape")
        except OSError:
            pass
    return entries, skipped


def _remove_dropped(folder: Path, members: set[Path]) -> None:
    """Remove the files a changed archive no longer holds from its unpacked copy (not the markers,
    nor another run's temporary files)."""
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            if path not in members and not name.startswith(".archive-") and not name.endswith(".part"):
                path.unlink(missing_ok=True)


ARCHIVE_LOCATION_FILE = ".archive-location"
UNPACKED_GRACE_SECONDS = 24 * 3600


def prune_unpacked(into: Path, grace_seconds: float = UNPACKED_GRACE_SECONDS) -> list[Path]:
    """Remove the unpacked documents of archives that are gone (deleted or moved out of the inbox)
    and were last seen more than ``grace_seconds`` ago, as deleting a file from the inbox deletes
    its document: returns the folders removed. A folder that does not say where its archive was
    (unpacked by an earlier version, or half-made) is kept."""
    removed = []
    try:
        folders = [f for f in into.iterdir() if f.is_dir() and not f.is_symlink()]
    except OSError:
        return removed
    now = time.time()
    for folder in folders:
        marker = folder / ARCHIVE_LOCATION_FILE
        try:
            location = Path(marker.read_text(encoding="utf-8", errors="surrogateescape"))
            last_seen = marker.stat().st_mtime
        except OSError:
            continue
        if location.exists() or now - last_seen < grace_seconds:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def scan_inbox(inbox: Path, archives: Path | None = None) -> tuple[list[InboxEntry], list[Skipped]]:
    """List documents in the inbox (recursively), and the files that will not be taken in, with why.

    Symbolic links that point outside the inbox are not followed; directories named like
    documents are not documents. With ``archives`` (a folder outside the inbox), the documents
    inside a ZIP archive are unpacked there and listed (see ``unpack_archive``).
    """
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise InputError(f"inbox {inbox} is not a folder; create it or pass --inbox DIR", "no-inbox")
    root = inbox.resolve()
    entries: list[InboxEntry] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored_name(d) and not is_page_resources(Path(dirpath) / d))
        for name in sorted(filenames):
            if is_ignored_name(name):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    skipped.append(Skipped(path, "symlink-outside-inbox",
                                           f"{path}: symbolic link to {target}, outside the inbox; not followed"))
                    continue
            if archives is not None and path.suffix.lower() in ARCHIVE_SUFFIXES:
                inside, not_taken = unpack_archive(path, archives)
                entries += inside
                skipped += not_taken
                continue
            if path.suffix.lower() not in DOCUMENT_SUFFIXES:
                skipped.append(unsupported_type(path))
                continue
            try:
                stat = path.stat()
            except OSError as exc:
                skipped.append(Skipped(path, "unreadable", f"{path}: cannot be read ({exc.strerror})"))
                continue
            entries.append(InboxEntry(path, stat.st_size, stat.st_mtime_ns))
    return entries, skipped


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a whole file, refusing files over the size limit before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the limit of {max_bytes:,} bytes; "
                "split the file or raise max_file_bytes in briefings.toml",
                "too-large",
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (check the path; it may have been moved or deleted)", "vanished") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable and run `briefings retry`", "unreadable") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a document", "not-a-file") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: grew over the size limit of {max_bytes:,} bytes while being read", "too-large")
    return data


def document_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a byte-order mark
    signatures = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
    return head.startswith(signatures) or b"\x00" in head


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes to text: BOMs, then UTF-8, then charset detection. Returns (text, encoding)."""
    if looks_binary(data):
        raise InputError(f"{path}: binary content, not text; remove it from the inbox", "binary")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_armscii_8(data):
        return decode_armscii_8(data), "armscii-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        # charset detection gives up on some real files (Ukrainian typed with a Latin i, "вiн"):
        # a code page whose reading is plainly its language's words is taken all the same
        found = _plausible_reading(data, _ALL_CODE_PAGES)
        if found is None:
            raise InputError(f"{path}: the text encoding could not be recognised; save it as UTF-8", "undecodable")
        return found[0], found[1]
    return _most_plausible(data, str(best), best.encoding)


# ARMSCII-8, Armenia's standard 8-bit code page (still in old files and mail; Python has no codec
# for it): bytes up to 0xA0 as in Latin-1, 0xA2-0xB1 Armenian punctuation, 0xB2-0xFD the 38
# letters, capital and small in turn (Ա ա Բ բ ...), 0xFE the Armenian apostrophe; 0xA1 and 0xFF
# are unused. charset-normalizer took such a file for Windows-1252 ("Ð³Û³ëï³Ý"), language und.
_ARMSCII_8_PUNCTUATION = "\u0587\u0589)(»«—.\u055d,-\u058a…\u055c\u055b\u055e"
_ARMSCII_8 = {
    0xA1: "\ufffd", 0xFE: "\u055a", 0xFF: "\ufffd",
    **{0xA2 + i: ch for i, ch in enumerate(_ARMSCII_8_PUNCTUATION)},
    **{0xB2 + 2 * i: chr(0x531 + i) for i in range(38)},
    **{0xB3 + 2 * i: chr(0x561 + i) for i in range(38)},
}
ARMSCII_8_MIN_KNOWN = 0.15  # of the words, in the Armenian stop list (prose: 50-63 %; short chat lines less)
_ARMSCII_8_DECODING = "".join(chr(b) if b <= 0xA0 else _ARMSCII_8[b].replace("\ufffd", "\ufffe") for b in range(256))
_ARMSCII_8_ENCODING = codecs.charmap_build(_ARMSCII_8_DECODING)


def _armscii_8_codec(name: str) -> codecs.CodecInfo | None:
    """The "armscii-8" codec, so that the name works wherever Python decodes (a mail's charset,
    ``bytes.decode``) and the encoding recorded for a document can be used again."""
    if name.replace("-", "_") != "armscii_8":
        return None
    return codecs.CodecInfo(
        name="armscii-8",
        encode=lambda text, errors="strict": codecs.charmap_encode(text, errors, _ARMSCII_8_ENCODING),
        decode=lambda data, errors="strict": codecs.charmap_decode(data, errors, _ARMSCII_8_DECODING),
    )


codecs.register(_armscii_8_codec)


def decode_armscii_8(data: bytes) -> str:
    """``data`` read as ARMSCII-8 (unused bytes as U+FFFD)."""
    return data.decode("armscii-8", errors="replace")


def _looks_armscii_8(data: bytes) -> bool:
    """True when the bytes read as ARMSCII-8 are Armenian prose: Armenian letters (0xB2-0xFD)
    outnumber ASCII letters, no byte is a C1 control or unused, and ARMSCII_8_MIN_KNOWN of the words
    or more are common Armenian words (a Windows-1251 or -1253 file read so gives words no list
    knows)."""
    sample = data[:_SAMPLE_CHARS]
    armenian = sum(0xB2 <= b <= 0xFD for b in sample)
    ascii_letters = sum(0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A for b in sample)
    if armenian < 4 or armenian < ascii_letters or any(0x80 <= b <= 0x9F or b in (0xA1, 0xFF) for b in sample):
        return False
    from pipeline.language import stop_list_share

    return stop_list_share(decode_armscii_8(sample), "hy") >= ARMSCII_8_MIN_KNOWN


# Legacy code pages of one script agree on ASCII and differ in the other letters, and on a few
# hundred bytes the detector cannot tell them apart: Spanish cp1252 came back cp1250 ("Espańa"),
# Turkish cp1254 as cp1250 ("arasýnda"), Albanian cp1252 as cp1257 ("ė"), Polish ISO-8859-2 as
# ISO-8859-14 ("ṡ").
_CODE_PAGES = {
    "Latin": ("cp1252", "cp1250", "iso8859_2", "cp1254", "cp1257", "iso8859_15"),
    # and Greek's cp1253: Greek read as Windows-1251 looks Cyrillic
    "Cyrillic": ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic", "cp1253"),
}
# Every single-byte code page tried when the detector's reading is in neither script (a KOI8-R
# Russian file came back Shift JIS, "步ﾖﾄﾙ") or it recognised nothing.
_ALL_CODE_PAGES = (*_CODE_PAGES["Latin"], *_CODE_PAGES["Cyrillic"], "cp1255", "cp1256")
_COMMON_CODEC_NAMES = frozenset(codecs.lookup(page).name for page in _ALL_CODE_PAGES)
# A reading counts as plainly its language's words when its word list (or stop list) knows this
# share of the words with a letter beyond ASCII, and three of them at least.
PLAUSIBLE_KNOWN_SHARE = 0.5
PLAUSIBLE_MIN_KNOWN = 3
READING_MIN_KNOWN_SHARE = 0.25
_SAMPLE_CHARS = 50_000
_LANGUAGE_SAMPLE_CHARS = 5_000
# A symbol inside a word ("p§hi", "ži¤ny") is a letter decoded with the wrong code page (an
# apostrophe, also written ´, a middle dot as in Catalan l·l, a soft hyphen or a dash is not), and
# so is a C1 control character anywhere (cp1252's quotes read as ISO 8859), and a box-drawing
# character, a spacing accent (˘ ˇ ˙ ˛ ˝, which Windows-1250 has where Windows-1252 has ¡ ¢ ÿ) or
# one of ± ¶ ¦ ¬ (Windows-1250's reading of ISO-8859-2's ą ś Ś Ź) touching a letter (KOI8-U's є
# read as KOI8-R: "обiця╓"; Spanish "¡No" read as "ˇNo"; Polish "Zwolnią" as "Zwolni±").
_MISREAD_SYMBOLS = "\u2500-\u259f\u02d8\u02c7\u02d9\u02db\u02dd±¶¦¬"
_MISDECODED = re.compile(  # combining marks (Arabic points, Indic vowel signs) and ZWNJ (Persian) are no symbols
    rf"(?<=[^\W\d_])[^\w\s\x00-\x7f’‘ʼ´·\u00ad\u200c\u200d\u2010\u2011\u2013\u2014{MARKS}](?=[^\W\d_])|[\x80-\x9f]"
    rf"|(?<=[^\W\d_])[{_MISREAD_SYMBOLS}]|[{_MISREAD_SYMBOLS}](?=[^\W\d_])"
)
# Windows-1258 writes Vietnamese tones as combining marks, which no other code page here has: in
# a reading that is not Vietnamese, a mark after a Latin letter is a misread letter (Italian "ò"
# read as "r" and a dot below)
_COMBINING_AFTER_LATIN = re.compile(r"(?<=[A-Za-z])[\u0300-\u036f]")


def _script_family(text: str) -> str | None:
    """"Latin" or "Cyrillic" when 70 % of the letters are (mis-decoded letters included), else None."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    latin = sum(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in letters)
    cyrillic = sum(0x400 <= ord(ch) <= 0x52F for ch in letters)
    if latin >= 0.7 * len(letters):
        return "Latin"
    return "Cyrillic" if cyrillic >= 0.7 * len(letters) else None


_ReadingScore = tuple[int, int, int, float]  # known words, -foreign letters, -misread characters, sureness


def _reading_score(decoded: str) -> _ReadingScore:
    """How plausible one reading of legacy bytes is: (its words with a non-ASCII letter that the
    word list, or stop list, of the language it reads as knows; minus the letters only other
    languages write; minus the misread characters: symbols inside words, control characters,
    combining marks after Latin letters outside Vietnamese; then a tie-breaker). Each reading is
    judged in its own language: Albanian read as Windows-1257 looks Lithuanian ("ėshtė", "nė")
    and Lithuanian's list knows nė, where Albanian's stop list knows është, në, që. Known words
    count only from ``READING_MIN_KNOWN_SHARE`` of the non-ASCII words on; where no list knows
    any, the detector's probability for the reading decides last ("Tingfólkið": Faroese 1.0,
    "Tingfólkiđ" read as Windows-1250: Czech 0.62)."""
    from pipeline.language import detect_language, non_ascii_words, spelling_score

    detected = detect_language(decoded[:_LANGUAGE_SAMPLE_CHARS])
    known, foreign = spelling_score(decoded, detected.lang)
    if known < READING_MIN_KNOWN_SHARE * len(non_ascii_words(decoded)):
        known = 0  # a few words known by chance: Faroese (no list) read as Windows-1257 is "Lithuanian"
    # where no list judges (Faroese has none), the reading the detector is surest of
    sureness = detected.probability if known == 0 else 0.0
    misread = len(_MISDECODED.findall(decoded))
    if detected.lang != "vi":
        misread += len(_COMBINING_AFTER_LATIN.findall(decoded))
    return known, foreign, -misread, sureness


def _plausible_reading(data: bytes, code_pages: Sequence[str]) -> tuple[str, str, _ReadingScore] | None:
    """The best reading of ``data`` among ``code_pages`` if it is plainly words of its language
    (``PLAUSIBLE_KNOWN_SHARE`` of its non-ASCII words known, no misdecoded symbol), else None:
    (text, code page, the sample's score)."""
    from pipeline.language import non_ascii_words

    sample = data[:_SAMPLE_CHARS]
    best: tuple[_ReadingScore, str] | None = None
    scores: dict[str, _ReadingScore] = {}
    for code_page in code_pages:
        try:
            decoded = sample.decode(code_page)
        except UnicodeDecodeError:
            continue
        if decoded not in scores:  # code pages that agree on the text are judged once
            scores[decoded] = _reading_score(decoded)
        score = scores[decoded]
        known, misread = score[0], -score[2]
        enough = max(PLAUSIBLE_MIN_KNOWN, PLAUSIBLE_KNOWN_SHARE * len(non_ascii_words(decoded)))
        plausible = known >= enough and not misread
        if plausible and (best is None or score > best[0]):
            best = (score, code_page)
    if best is None:
        return None
    return data.decode(best[1]), best[1], best[0]


def _most_plausible(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """Among the legacy code pages of the text's script, the decoding best spelt for the language
    it reads as (that language's word list, or stop list, knows the words with non-ASCII letters;
    no letters only other languages write; no symbols inside words, no control characters). The
    detector's choice wins a tie, unless it is a code page outside ``_ALL_CODE_PAGES``."""
    sample_text = text[:_SAMPLE_CHARS]
    family = _script_family(sample_text)
    if family is None:
        # Greek, Arabic, CJK ...: kept unless a single-byte reading is plainly better words
        found = _plausible_reading(data, _ALL_CODE_PAGES)
        if found is not None and found[2] > _reading_score(sample_text):
            return found[0], found[1]
        return text, encoding
    scores: dict[str, _ReadingScore] = {}

    def score(decoded: str) -> _ReadingScore:
        if decoded not in scores:  # code pages that agree on the text are judged once
            scores[decoded] = _reading_score(decoded)
        return scores[decoded]

    best = score(sample_text)
    # a rare code page the detector named (HP Roman-8: Spanish "¡No" as "ÀNo"; Windows-1258) loses
    # a tie to the first common one
    rare = codecs.lookup(encoding).name not in _COMMON_CODEC_NAMES
    sample = data[:_SAMPLE_CHARS]
    for candidate in _CODE_PAGES[family]:
        try:
            found = score(sample.decode(candidate))
        except UnicodeDecodeError:
            continue
        if found > best or (rare and found == best):
            text, encoding, best, rare = data.decode(candidate), candidate, found, False
    return text, encoding


# Mojibake: text that was decoded with the wrong code page once and then saved as UTF-8, so it
# is valid UTF-8 and no byte-level check sees it. Two kinds reach newsrooms:
# - UTF-8 read as Windows-1252 ("Ð¡Ð¾Ð¾Ð±Ñ‰Ð°ÐµÑ‚", "cafÃ©"): a lead byte's letter (Â-ô) followed by
#   a continuation byte's character (U+0080-U+00BF, or cp1252's € ‚ … ™ in that range);
# - a legacy code page read as Windows-1252 (Windows-1251 Russian: "Ìíîãèå êëàññè÷åñêèå"; KOI8-R
#   and KOI8-U, Greek 1253, Hebrew 1255, Arabic 1256, Armenian ARMSCII-8): nearly every letter
#   between À and ÿ, which no Latin language writes (French has one accented letter in twenty).
# Each line is mended only if reading its bytes back gives whole UTF-8 (first kind) or words that
# a word list knows, a third of them at least (second kind); anything else is left as it is.
_CP1252_HIGH = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
_UTF8_AS_CP1252 = re.compile(f"[\u00c2-\u00f4][\u00a0-\u00bf{_CP1252_HIGH}]")
_TO_CP1252_BYTES = {ord(ch): 0x80 + i for i, ch in enumerate(_CP1252_HIGH)}
MOJIBAKE_MIN_LETTERS = 6
_LEGACY_RUN = re.compile("[\u00b2-\u00ff]{4}")  # four in a row: any other kind below has them
# Legacy code pages whose letters a Windows-1252 reader shows between À and ÿ, with the languages
# whose word lists (Kazakh and Kyrgyz: jusText's stop lists) judge the result.
_MOJIBAKE_CODE_PAGES = (
    ("cp1251", ("ru", "uk", "bg", "mk", "sr", "kk", "ky")), ("koi8_r", ("ru", "bg")), ("koi8_u", ("uk",)),
    ("cp1253", ("el",)), ("cp1255", ("he",)), ("cp1256", ("ar", "fa", "ur")),
)


def _as_cp1252_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 (or Latin-1) reader turned into ``text``; None if it could not have."""
    out = bytearray()
    for ch in text:
        code = _TO_CP1252_BYTES.get(ord(ch), ord(ch))
        if code > 0xFF:
            return None
        out.append(code)
    return bytes(out)


def _mend_line(line: str) -> str:
    raw = _as_cp1252_bytes(line)
    if raw is None:
        return line
    if _UTF8_AS_CP1252.search(line):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    from pipeline.language import spelling_score, stop_list_share

    best, best_share = line, 0.0
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= MOJIBAKE_MIN_LETTERS and sum("\u00c0" <= ch <= "\u00ff" for ch in letters) >= 0.8 * len(letters):
        # every code page below reads any such bytes as letters: the one whose words a word list knows wins
        best_known = 0
        for code_page, langs in _MOJIBAKE_CODE_PAGES:
            mended = raw.decode(code_page, errors="replace")
            words = len(mended.split())
            known = max(spelling_score(mended, lang)[0] for lang in langs)
            if "\ufffd" not in mended and known > best_known and 3 * known >= words and not _MISDECODED.search(mended):
                best, best_known, best_share = mended, known, known / words
    # ARMSCII-8 Armenian read as Windows-1252 ("Ð³Û³ëï³Ý"): half its letters show as symbols
    # (³ » ¹: ա ե դ), so it is judged on every character beyond ASCII, by the Armenian stop list
    beyond_ascii = [ch for ch in line if not ch.isascii() and not ch.isspace()]
    if len(beyond_ascii) >= MOJIBAKE_MIN_LETTERS and \
            sum("\u00b2" <= ch <= "\u00ff" for ch in beyond_ascii) >= 0.9 * len(beyond_ascii):
        armenian = decode_armscii_8(raw)
        share = stop_list_share(armenian, "hy")
        if "\ufffd" not in armenian and share >= ARMSCII_8_MIN_KNOWN and share > best_share:
            best = armenian
    return best


def repair_mojibake(text: str) -> str:
    """Text as it was written, where a line had been decoded with the wrong code page and saved
    (see above); other lines, and text without such lines, are returned unchanged."""
    if not _UTF8_AS_CP1252.search(text) and not _LEGACY_RUN.search(text):
        return text  # the common case, decided in one pass
    return "\n".join(_mend_line(line) for line in text.split("\n"))


def clean_text(text: str) -> str:
    """NFC-normalise, drop control characters and soft hyphens, normalise line ends and spaces,
    mend lines decoded with the wrong code page before being saved ("Ð¡Ð¾Ð¾Ð±Ñ‰Ð°ÐµÑ‚"), and mend
    words broken at a line end ("cease-\nfire" is "cease-fire", not "cease- fire")."""
    return _LINE_END_HYPHEN.sub("-", normalise(repair_mojibake(text)))


def normalise(text: str) -> str:
    """NFC, line ends, no control characters or soft hyphens, no-break spaces as spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).replace("\u00a0", " ")


def _paragraphs(text: str) -> list[str]:
    from pipeline.sentences import split_paragraphs

    return split_paragraphs(text)


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _TITLE_MAX_WORDS and not line.rstrip().endswith((".", ",", ";", ":")) or line.startswith("# ")


def word_count(text: str, enough: int = MIN_WORDS) -> int:
    """Words outside links, counted up to ``enough``. A run of a script written without spaces
    (Chinese, Japanese, Thai) counts a word per two characters: one Chinese sentence is a text."""
    from pipeline.sentences import is_unspaced

    count = 0
    for match in _WORDS.finditer(_LINKS.sub(" ", text)):
        word = match.group()
        count += len(word) // 2 if is_unspaced(word) else 1
        if count >= enough:
            return enough
    return count


def _too_little_text(path: Path, kind: str, words_found: int, words: int, text: str) -> InputError:
    """Why a document has too little text to brief, in the terms the user can check."""
    if kind == "html":  # a word or two left over is the page's furniture ("Home"), not an article
        return InputError(f"{path}: no main text could be extracted from the HTML; nothing to brief", "no-text")
    if words_found == 0:
        return InputError(f"{path}: no words (only numbers, links or symbols); nothing to brief", "no-text")
    if words == 0:
        return InputError(
            f"{path}: only web boilerplate (navigation, cookie notice, share or comment lines); nothing to brief",
            "no-text",
        )
    shown = text if len(text) <= 60 else text[:57] + "..."
    return InputError(
        f"{path}: too short to brief: {shown!r} has {words} word{'s' if words != 1 else ''}, "
        f"a document needs {MIN_WORDS} or more",
        "too-short",
    )


# attachments of a saved e-mail that are read into it (an attached mail too, up to this depth)
ATTACHMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".eml", ".msg")
MAX_ATTACHMENT_DEPTH = 3
COVER_NOTE_WORDS = 30  # a mail body shorter than this, sent with a readable attachment, is its cover note


def parse(data: bytes, path: Path) -> Document:
    """Turn a file's bytes into a clean Document, or raise InputError saying why not."""
    from pipeline.boilerplate import strip_boilerplate

    content = _read(data, path)
    kind, title, paragraphs, encoding, unread, _ = content
    words_found = sum(word_count(p, 1) for p in paragraphs)
    paragraphs = strip_boilerplate(paragraphs)
    if title and paragraphs and " ".join(paragraphs[0].split()).casefold() == " ".join(title.split()).casefold():
        paragraphs = paragraphs[1:]  # the headline repeated as the first line of the body
    words = sum(map(word_count, paragraphs))
    if words < MIN_WORDS:
        # a mail's HTML part with no main text is a page of links and images; a short reply is short
        as_html = content.from_html and (kind == "html" or words_found == 0)
        error = _too_little_text(path, "html" if as_html else kind, words_found, words, " ".join(paragraphs))
        if unread:
            error = InputError(f"{error}; attachments not read: {'; '.join(unread)}", error.reason)
        raise error
    if not title:
        title = path.stem
    return Document(document_id(data), path, kind, title, tuple(paragraphs), encoding)


class _Content(NamedTuple):
    """What a reader gives: the file's kind, title, paragraphs and encoding, the attachments (of
    an e-mail) that could not be read, with why, and whether the text is an HTML part's main text."""

    kind: str
    title: str
    paragraphs: list[str]
    encoding: str
    unread: list[str]
    from_html: bool = False


def _read(data: bytes, path: Path, depth: int = 0) -> _Content:
    """The content of a file, read by its suffix."""
    from pipeline import formats

    if not data.strip():
        raise InputError(f"{path}: the file is empty; nothing to brief", "empty")
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        raise InputError(f"{path}: a ZIP archive, not a document; drop it into the inbox (its documents are "
                         "unpacked and briefed) or unpack it and name its files", "unsupported-type")
    kind = {".html": "html", ".htm": "html", ".md": "markdown", ".eml": "email", ".msg": "outlook", ".docx": "docx",
            ".doc": "doc", ".odt": "odt",
            ".rtf": "rtf", ".pdf": "pdf", ".mhtml": "web archive", ".mht": "web archive"}.get(suffix, "text")
    unread: list[str] = []
    from_html = kind == "html"
    if kind == "outlook":  # an Outlook message is read as the MIME message it was
        data, kind = formats.msg_as_email(data, path), "email"
    mail = formats.read_email(data, path, with_attachments=kind == "email") if kind in ("email", "web archive") else None
    if mail is not None:
        title, paragraphs, encoding = mail.title, mail.paragraphs, mail.encoding
        kind = "html" if kind == "web archive" else kind  # a page saved as one file: MIME parts, as a mail
        from_html = kind == "html" or mail.from_html
        if mail.attachments:
            title, paragraphs, unread = _with_attachments(mail, path, depth)
            from_html = from_html and paragraphs == mail.paragraphs
    elif kind == "docx":
        (title, paragraphs), encoding = formats.read_docx(data, path), "utf-8"
    elif kind == "odt":
        (title, paragraphs), encoding = formats.read_odt(data, path), "utf-8"
    elif kind == "rtf":
        (title, paragraphs), encoding = formats.read_rtf(data, path), "utf-8"
    elif kind == "doc":
        (title, paragraphs), encoding = formats.read_doc(data, path), "utf-8"
    elif kind == "pdf":
        (title, paragraphs), encoding = formats.read_pdf(data, path), "utf-8"
    else:
        # a note saved as .eml, or a page as .mhtml, without MIME headers
        kind = {"email": "text", "web archive": "html"}.get(kind, kind)
        text, encoding = decode(data, path)
        text = clean_text(text)
        if kind == "html":
            title, paragraphs = formats.read_html(text, path)
        elif kind == "markdown":
            title, paragraphs = formats.read_markdown(text)
        else:
            title, paragraphs = "", _paragraphs(text)
    if kind != "html" and not title and len(paragraphs) > 1 and _looks_like_title(paragraphs[0]):
        title = paragraphs.pop(0).lstrip("# ").strip()
    return _Content(kind, title, paragraphs, encoding, unread, from_html or kind == "html")


def _with_attachments(mail: Mail, path: Path, depth: int) -> tuple[str, list[str], list[str]]:
    """A mail's title and paragraphs with its readable attachments' text after its own (each
    under its title), and the attachments not read, with why. A press release forwarded as a PDF
    is the news, and "See attached, best regards" (a body under ``COVER_NOTE_WORDS`` words) is not:
    such a cover note is left out when an attachment has text."""
    from pipeline import formats

    read: list[tuple[str, list[str]]] = []
    unread: list[str] = []
    attachments: list[tuple[str, bytes]] = []
    for name, payload in mail.attachments:
        if not name.lower().endswith(".zip"):
            attachments.append((name, payload))
            continue
        try:  # a ZIP archive's files are attachments ("clippings.zip/report.pdf")
            members, unread_inside = formats.zip_members(payload, path / name)
        except InputError as exc:
            unread.append(f"{name} ({str(exc).removeprefix(f'{path / name}: ')})")
            continue
        attachments += [(f"{name}/{member}", data) for member, data in members]
        unread += [f"{name}/{entry}" for entry in unread_inside]
    for name, payload in attachments:
        attached = path / name  # "mail.eml/report.pdf" in messages
        if attached.suffix.lower() not in ATTACHMENT_SUFFIXES:
            unread.append(f"{name} (not a document type)")
            continue
        if depth >= MAX_ATTACHMENT_DEPTH:
            unread.append(f"{name} (a mail attached {depth + 1} levels deep)")
            continue
        try:
            _, title, paragraphs, _, unread_inside, _ = _read(payload, attached, depth + 1)
        except InputError as exc:
            unread.append(f"{name} ({str(exc).removeprefix(f'{attached}: ')})")
            continue
        unread += [f"{name}/{entry}" for entry in unread_inside]
        if sum(word_count(p, 1) for p in paragraphs):
            read.append((title, paragraphs))
        else:
            unread.append(f"{name} (no words)")
    if not read:
        if not mail.paragraphs:
            raise InputError(f"{path}: the e-mail has no text or HTML body, and none of its attachments could be "
                             f"read: {'; '.join(unread)}", "no-text")
        return mail.title, mail.paragraphs, unread
    paragraphs = list(mail.paragraphs) if word_count(" ".join(mail.paragraphs), COVER_NOTE_WORDS) >= COVER_NOTE_WORDS else []
    title = mail.title
    for attached_title, attached_paragraphs in read:
        title = title or attached_title
        if attached_title and " ".join(attached_title.split()).casefold() != " ".join(title.split()).casefold():
            paragraphs.append(attached_title)
        paragraphs.extend(attached_paragraphs)
    return title, paragraphs, unread


def load_document(path: Path, max_bytes: int) -> Document:
    return parse(read_bytes(path, max_bytes), path)


def iter_documents(entries: list[InboxEntry], max_bytes: int) -> Iterator[Document | InputError]:
    for entry in entries:
        try:
            yield load_document(entry.path, max_bytes)
        except InputError as exc:
            yield exc
