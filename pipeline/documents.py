"""Reading documents at the boundary: find them, decode them, clean them, extract their text.

Everything after this module can trust its text: decoded, Unicode-normalised, control characters
stripped, HTML reduced to its main text, web boilerplate removed.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pipeline.errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".mhtml", ".mht", ".eml", ".docx", ".pdf")
# What to do with a file of a common type that is not read (the message names the fix).
_CONVERT_HINTS = {
    ".doc": "save it as .docx or .pdf", ".odt": "save it as .docx or .pdf", ".rtf": "save it as .docx or .txt",
    ".pages": "export it as .docx or .pdf", ".msg": "save the mail as .eml, .txt or .html",
    ".xml": "save the article as .html or .txt", ".epub": "save its chapters as .html or .txt",
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
    kind: str  # "text", "markdown", "html" (a web archive too), "email", "docx" or "pdf"
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


def scan_inbox(inbox: Path) -> tuple[list[InboxEntry], list[Skipped]]:
    """List documents in the inbox (recursively), and the files that will not be taken in, with why.

    Symbolic links that point outside the inbox are not followed; directories named like
    documents are not documents.
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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{path}: the text encoding could not be recognised; save it as UTF-8", "undecodable")
    return _most_plausible(data, str(best), best.encoding)


# Legacy code pages of one script agree on ASCII and differ in the other letters, and on a few
# hundred bytes the detector cannot tell them apart: Spanish cp1252 came back cp1250 ("Espańa"),
# Turkish cp1254 as cp1250 ("arasýnda"), Albanian cp1252 as cp1257 ("ė"), Polish ISO-8859-2 as
# ISO-8859-14 ("ṡ").
_CODE_PAGES = {
    "Latin": ("cp1252", "cp1250", "iso8859_2", "cp1254", "cp1257", "iso8859_15"),
    "Cyrillic": ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic"),
}
_SAMPLE_CHARS = 50_000
# A symbol inside a word ("p§hi", "ži¤ny") is a letter decoded with the wrong code page (an
# apostrophe, also written ´, a middle dot as in Catalan l·l, a soft hyphen or a dash is not), and
# so is a C1 control character anywhere (cp1252's quotes read as ISO 8859).
_MISDECODED = re.compile(
    r"(?<=[^\W\d_])[^\w\s\x00-\x7f’‘ʼ´·\u00ad\u2010\u2011\u2013\u2014](?=[^\W\d_])|[\x80-\x9f]"
)


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


def _most_plausible(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """Among the legacy code pages of the text's script, the decoding best spelt for its language
    (its word list knows the words with non-ASCII letters; no letters only other languages write;
    no symbols inside words, no control characters). The detector's choice wins a tie."""
    from pipeline.language import detect_language, spelling_score

    sample_text = text[:_SAMPLE_CHARS]
    family = _script_family(sample_text)
    if family is None:
        return text, encoding
    lang = detect_language(sample_text).lang

    def score(decoded: str) -> tuple[int, int, int]:
        return (*spelling_score(decoded, lang), -len(_MISDECODED.findall(decoded)))

    best = score(sample_text)
    sample = data[:_SAMPLE_CHARS]
    for candidate in _CODE_PAGES[family]:
        try:
            found = score(sample.decode(candidate))
            if found > best:
                text, encoding, best = data.decode(candidate), candidate, found
        except UnicodeDecodeError:
            continue
    return text, encoding


def clean_text(text: str) -> str:
    """NFC-normalise, drop control characters and soft hyphens, normalise line ends and spaces,
    and mend words broken at a line end ("cease-\nfire" is "cease-fire", not "cease- fire")."""
    return _LINE_END_HYPHEN.sub("-", _normalise(text))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).replace("\u00a0", " ")


def _paragraphs(text: str) -> list[str]:
    from pipeline.sentences import split_paragraphs

    return split_paragraphs(text)


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _TITLE_MAX_WORDS and not line.rstrip().endswith((".", ",", ";", ":")) or line.startswith("# ")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.M)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"<[^<>]*>")  # not "<[^>]*>": quadratic on a run of "<"


def _extract_markdown(text: str) -> tuple[str, list[str]]:
    """Title and paragraphs of a Markdown file as a reader sees them: no markup (emphasis, link
    targets, images, HTML tags), no code blocks; each heading, list item, quoted paragraph and
    table row is a paragraph. The title is a YAML front matter's ``title``, else a first heading
    with text after it, else empty (the caller guesses, as for plain text)."""
    from markdown_it import MarkdownIt

    title = ""
    front = _FRONT_MATTER.match(text)
    if front and _FRONT_MATTER_KEY.search(front.group(1)):
        text = text[front.end():]
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "title" and value.strip():
                title = value.strip().strip("\"'")
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(_HTML_COMMENT.sub("", text))
    blocks: list[tuple[bool, str]] = []  # (is a heading, text)
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                blocks.append((False, " — ".join(cell for cell in row if cell)))
            row = None
        elif token.type == "inline":
            words = _markdown_inline_text(token.children or [])
            if row is not None:
                row.append(words)
            elif words:
                blocks.append((tokens[index - 1].type == "heading_open", words))
        elif token.type == "html_block":
            words = " ".join(_HTML_TAG.sub(" ", token.content).split())
            if words:
                blocks.append((False, words))
    if not title and len(blocks) > 1 and blocks[0][0]:
        title = blocks.pop(0)[1]
    return title, [words for _, words in blocks]


def _markdown_inline_text(children: list[Any]) -> str:
    """The words of a Markdown inline run: text and code spans; links keep their text, images and
    HTML tags are dropped (an image's alt text is not the article's)."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _extract_html(text: str, path: Path) -> tuple[str, list[str]]:
    import trafilatura

    title = ""
    metadata = trafilatura.extract_metadata(text)
    if metadata is not None and metadata.title:
        title = metadata.title.strip()
    body = trafilatura.extract(text, include_comments=False, include_tables=False, favor_precision=True,
                               deduplicate=True, output_format="txt")
    paragraphs = [" ".join(line.split()) for line in (body or "").split("\n") if line.strip()]
    return title, paragraphs


_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr|rv|ynt|ilt)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
# "---------- Forwarded message ---------", "-----Original Message-----", Outlook's line of underscores
_FORWARDED = re.compile(r"^(?:-{2,}\s*[^-\n]{3,60}?\s*-{2,}|_{10,})$")
_REPLY = re.compile(r"^\s*(?:re|aw|sv|vs|antw|odp|ynt|rv)\s*(?:\[\d+\])?\s*:", re.I)  # not Fwd:, WG:, TR:
_HEADER_LINE = re.compile(r"^[^\W\d_][\w-]{1,20} ?:\s")  # "From: ...", "Von: ...", "De : ..." under that marker
_MAIL_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Received")


def _extract_email(data: bytes, path: Path) -> tuple[str, list[str], str] | None:
    """Title (the Subject without "Re:"/"Fwd:"), paragraphs and encoding of a saved e-mail (.eml):
    its text part, else its HTML part read like a web page; attachments are not read. Quoted
    earlier mails ("> ..." and the "... wrote:" line before them), the signature after "-- " and
    the header block of a forwarded message are not text of this one. None when the file has no
    mail header at all (a note saved as .eml; "Note: ..." on its first line is no header)."""
    from email import policy
    from email.parser import BytesParser

    if looks_binary(data):
        raise InputError(f"{path}: binary content, not an e-mail; remove it from the inbox", "binary")
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not any(name in message for name in _MAIL_HEADERS):
        return None
    subject = clean_text(_subject(message))
    title = " ".join(_REPLY_PREFIX.sub("", subject).split())
    parts = {"plain": None, "html": None}
    for part in message.walk():
        subtype = part.get_content_subtype() if part.get_content_maintype() == "text" else None
        if subtype in parts and parts[subtype] is None and not part.get_filename() \
                and (part.get("Content-Disposition") or "").split(";")[0].strip().lower() != "attachment":
            parts[subtype] = part
    paragraphs: list[str] = []
    encoding = "utf-8"
    if parts["plain"] is not None:
        text, encoding = _part_text(parts["plain"], path)
        paragraphs = _paragraphs(_without_quotes(clean_text(text), reply=bool(_REPLY.match(subject))))
    if parts["html"] is not None and _word_count(" ".join(paragraphs)) < MIN_WORDS:
        html, encoding = _part_text(parts["html"], path)
        paragraphs = _extract_html(clean_text(html), path)[1]
    if parts["plain"] is None and parts["html"] is None:
        attached = [name for part in message.walk() if (name := part.get_filename())]
        advice = (f" (attachments are not read: {', '.join(attached)}); save an attached document into the "
                  "inbox on its own" if attached else "; nothing to brief")
        what = "web archive has no HTML page" if path.suffix.lower() in (".mhtml", ".mht") else "e-mail has no text or HTML body"
        raise InputError(f"{path}: the {what}{advice}", "no-text")
    return title, paragraphs, encoding


def _subject(message: Any) -> str:
    """The Subject header, encoded words ("=?koi8-r?B?...?=") and raw UTF-8 decoded; "" if none
    or unreadable (the parser of structured headers raises on some malformed ones)."""
    try:
        return str(message.get("Subject") or "")
    except (IndexError, ValueError, TypeError, LookupError, AttributeError):
        return ""


def _part_text(part: Any, path: Path) -> tuple[str, str]:
    """A MIME part's text: base64 or quoted-printable undone, then UTF-8 if the bytes are UTF-8
    (mail programs often declare Latin-1 for it), else the declared charset, else detection."""
    payload = part.get_payload(decode=True) or b""
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(payload, path)


def _without_quotes(text: str, reply: bool = False) -> str:
    """The mail's own text: no quoted lines and their "On ..., X wrote:" line, no signature
    (from a "-- " line), no header lines under a "Forwarded message" marker. In a reply, the
    earlier mail below such a marker (Outlook quotes without "> ") is not its text either."""
    lines = text.split("\n")
    next_text = [""] * (len(lines) + 1)  # the next line that is not blank, for each line
    for number in range(len(lines) - 1, -1, -1):
        next_text[number] = lines[number + 1] if number + 1 < len(lines) and lines[number + 1].strip() \
            else next_text[number + 1]
    kept: list[str] = []
    in_forward_header = False
    for number, line in enumerate(lines):
        if line.rstrip() == "--":
            break
        if line.lstrip().startswith(">"):
            continue
        if line.rstrip().endswith(":") and next_text[number].lstrip().startswith(">"):
            continue  # "On Wed, 20 Sep 2023, Anna wrote:"
        if _FORWARDED.match(line.strip()) and _HEADER_LINE.match(next_text[number]):  # "From: ..." follows
            if reply:
                break
            in_forward_header = True
            continue
        if in_forward_header:
            if _HEADER_LINE.match(line):
                continue
            in_forward_header = False
        kept.append(line)
    return "\n".join(kept)


_MAX_UNPACKED_BYTES = 200_000_000  # a .docx is a ZIP archive: a few MB can unpack to gigabytes
_HEADING_STYLES = ("title", "heading 1")  # built-in style names (the same in a German or Russian Word)


def _extract_docx(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of a Word document (.docx): body paragraphs and table rows (cells
    joined " — ", as for Markdown tables) in reading order, tracked insertions in and deletions
    out; page headers, footers, comments and footnotes are not its text. The title is a first
    paragraph styled Title or Heading 1, else the document's title property, else empty."""
    import io
    import zipfile

    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not a Word document (a .docx is a ZIP archive, this is not one); "
                         "save it from the word processor as .docx", "damaged") from None
    if unpacked > _MAX_UNPACKED_BYTES:
        raise InputError(f"{path}: unpacks to {unpacked:,} bytes, over the limit of {_MAX_UNPACKED_BYTES:,} "
                         "for a Word document; save its text as .txt", "too-large")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml and package errors alike
        raise InputError(f"{path}: not a readable Word document ({type(exc).__name__}: {exc}); "
                         "open it and save it again as .docx", "damaged") from None
    paragraph_tag, table_tag, content_tag = qn("w:p"), qn("w:tbl"), qn("w:sdtContent")
    title = ""
    paragraphs: list[str] = []

    def read(container: Any) -> None:
        nonlocal title
        for element in container.iterchildren():
            if element.tag == paragraph_tag:
                text = _docx_text(element)
                if not text:
                    continue
                if not paragraphs and not title and _style_name(Paragraph(element, document.part)) in _HEADING_STYLES:
                    title = text
                else:
                    paragraphs.append(text)
            elif element.tag == table_tag:
                for row in element.iterchildren(qn("w:tr")):
                    cells = [" ".join(filter(None, map(_docx_text, cell.iter(paragraph_tag))))
                             for cell in row.iterchildren(qn("w:tc"))]
                    if any(cells):
                        paragraphs.append(" — ".join(c for c in cells if c))
            else:  # content controls (w:sdt) hold paragraphs and tables too
                for content in element.iterchildren(content_tag):
                    read(content)

    read(document.element.body)
    if not title:
        stated = (document.core_properties.title or "").strip()
        title = "" if stated.lower().startswith("microsoft word - ") else " ".join(stated.split())
    return title, paragraphs


def _docx_text(paragraph: Any) -> str:
    """A paragraph's visible text: its runs (in hyperlinks, fields and tracked insertions too),
    tabs and line breaks as spaces; deleted text (w:delText) and moved-away text are left out."""
    from docx.oxml.ns import qn

    text_tag, moved_away = qn("w:t"), qn("w:moveFrom")
    parts = []
    for node in paragraph.iter(text_tag, qn("w:tab"), qn("w:br"), qn("w:cr")):
        if any(ancestor.tag == moved_away for ancestor in node.iterancestors()):
            continue
        parts.append(node.text or "" if node.tag == text_tag else " ")
    return " ".join("".join(parts).split())


def _style_name(paragraph: Any) -> str:
    try:
        return (paragraph.style.name or "").lower()
    except (KeyError, ValueError, AttributeError):
        return ""


# A line that is only a page number: "3", "- 3 -", "Page 3 of 10", "Seite 3/10", "стр. 3", "iv".
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:(?:page|pg|p|seite|s|página|pág|pagina|pag|страница|стр|сторінка|стор|с|sayfa|strona|str|blz|"
    r"sida|side|sivu|oldal|stránka|strana)\.?\s*)?\d{1,4}(?:\s*(?:/|of|von|de|из|з|sur|di|/)\s*\d{1,4})?"
    r"|[ivxlc]{1,6})\W*$", re.I
)
_SENTENCE_END = ('.', '!', '?', '…', ':', '"', '”', '»', '“', "'", ')', '。', '！', '？')
_PDF_LINE_HYPHEN = re.compile(r"([^\W\d_]+)-\n([^\W\d_]+)")


def _extract_pdf(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of a PDF's text layer (pypdf; scans without one are not read: no OCR).
    Lines repeated at the top or bottom of most pages (running heads, footers) and page numbers
    are dropped and a paragraph runs on across a page break (``_pdf_paragraphs`` finds where
    paragraphs end). The title is the document's title property, unless it is a file name."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "Ignoring wrong pointing object" and the like
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: the PDF is protected by a password; save an unprotected copy into the inbox",
                             "encrypted")
        page_lines = [_page_lines(page) for page in reader.pages]
        stated = (reader.metadata.title if reader.metadata else None) or ""
    except InputError:
        raise
    except Exception as exc:  # a damaged file fails inside pypdf in many ways (PdfReadError, zlib, struct, ...)
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc}); save it again as PDF, "
                         "or as .txt", "damaged") from None
    repeated = _running_lines(page_lines)
    lines: list[str] = []
    for page in page_lines:
        kept = [line for line in page if not line or not _PAGE_NUMBER.match(line) and _digits_as_hash(line) not in repeated]
        while kept and not kept[-1]:
            kept.pop()
        lines += itertools.dropwhile(lambda line: not line, kept)  # a paragraph runs on across the page break
    if not lines:  # page numbers or a stamp at most
        raise InputError(f"{path}: the PDF has no text layer (a scanned image?); text is not recognised "
                         "in images (no OCR): save its text as .txt", "no-text")
    title = " ".join(str(stated).split())
    if title.lower().startswith(("microsoft word - ", "untitled")) or title.lower().endswith((".doc", ".docx", ".pdf")):
        title = ""
    return title, _pdf_paragraphs(lines)


def _page_lines(page: Any) -> list[str]:
    """A page's lines in reading order; "" where a vertical gap separates paragraphs. pypdf's
    layout mode shows the gaps but sets columns side by side, so it is used only when it has the
    same lines as the plain mode (one column)."""
    def lines_of(text: str) -> list[str]:
        return [" ".join(line.split()) for line in _normalise(text).split("\n")]

    plain = [line for line in lines_of(page.extract_text() or "") if line]
    try:
        laid_out = lines_of(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # layout mode is the younger code path; the plain lines suffice
        return plain
    return laid_out if [line for line in laid_out if line] == plain else plain


def _digits_as_hash(line: str) -> str:
    return re.sub(r"\d+", "#", line).casefold()


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines (digits aside) among the first or last three of at least half of the pages, two at
    least, and shorter than a full line: running heads and footers ("Caucasus Report - September
    2023", "© ICG 2023 · page 4"), not a paragraph's first line that happens to repeat."""
    if len(page_lines) < 2:
        return set()
    full = _full_line_length([line for lines in page_lines for line in lines if line])
    counts: Counter[str] = Counter()
    for lines in page_lines:
        text = [line for line in lines if line and len(line) < 0.85 * full]
        counts.update({_digits_as_hash(line) for line in text[:3] + text[-3:]})
    return {key for key, count in counts.items() if count >= max(2, len(page_lines) / 2)}


def _full_line_length(lines: list[str]) -> int:
    """The length of a full line of the text column: the 90th percentile of the lines' lengths."""
    return sorted(len(line) for line in lines)[int(0.9 * (len(lines) - 1))] if lines else 0


def _pdf_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from a PDF's lines: a vertical gap (""), a line that ends a sentence short of a
    full line, or a much shorter line (a heading, a list item) ends one; a word hyphenated at a line end is joined
    where the document writes it without the hyphen elsewhere ("disband-/ment"), else it keeps
    it ("Nagorno-/Karabakh")."""
    full = _full_line_length([line for line in lines if line])
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line:  # a vertical gap
            paragraphs.append([])
            continue
        paragraphs[-1].append(line)
        if (len(line) < 0.85 * full and line.endswith(_SENTENCE_END)
                or len(line) < 0.6 * full and not line.endswith(("-", ",", ";"))):
            paragraphs.append([])
    text = "\n\n".join("\n".join(p) for p in paragraphs if p)
    vocabulary = {w.casefold() for w in _WORDS.findall(text)}

    def join(match: re.Match[str]) -> str:
        head, tail = match.groups()
        return head + tail if (head + tail).casefold() in vocabulary else f"{head}-{tail}"

    text = _PDF_LINE_HYPHEN.sub(join, text)
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def _word_count(text: str, enough: int = MIN_WORDS) -> int:
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


def parse(data: bytes, path: Path) -> Document:
    """Turn a file's bytes into a clean Document, or raise InputError saying why not."""
    from pipeline.boilerplate import strip_boilerplate

    if not data.strip():
        raise InputError(f"{path}: the file is empty; nothing to brief", "empty")
    suffix = path.suffix.lower()
    kind = {".html": "html", ".htm": "html", ".md": "markdown", ".eml": "email", ".docx": "docx",
            ".pdf": "pdf", ".mhtml": "web archive", ".mht": "web archive"}.get(suffix, "text")
    mail = _extract_email(data, path) if kind in ("email", "web archive") else None
    if mail is not None:
        title, paragraphs, encoding = mail
        kind = "html" if kind == "web archive" else kind  # a page saved as one file: MIME parts, as a mail
    elif kind == "docx":
        (title, paragraphs), encoding = _extract_docx(data, path), "utf-8"
    elif kind == "pdf":
        (title, paragraphs), encoding = _extract_pdf(data, path), "utf-8"
    else:
        # a note saved as .eml, or a page as .mhtml, without MIME headers
        kind = {"email": "text", "web archive": "html"}.get(kind, kind)
        text, encoding = decode(data, path)
        text = clean_text(text)
        if kind == "html":
            title, paragraphs = _extract_html(text, path)
        elif kind == "markdown":
            title, paragraphs = _extract_markdown(text)
        else:
            title, paragraphs = "", _paragraphs(text)
    if kind != "html" and not title and len(paragraphs) > 1 and _looks_like_title(paragraphs[0]):
        title = paragraphs.pop(0).lstrip("# ").strip()
    words_found = sum(_word_count(p, 1) for p in paragraphs)
    paragraphs = strip_boilerplate(paragraphs)
    if title and paragraphs and " ".join(paragraphs[0].split()).casefold() == " ".join(title.split()).casefold():
        paragraphs = paragraphs[1:]  # the headline repeated as the first line of the body
    words = sum(map(_word_count, paragraphs))
    if words < MIN_WORDS:
        raise _too_little_text(path, kind, words_found, words, " ".join(paragraphs))
    if not title:
        title = path.stem
    return Document(document_id(data), path, kind, title, tuple(paragraphs), encoding)


def load_document(path: Path, max_bytes: int) -> Document:
    return parse(read_bytes(path, max_bytes), path)


def iter_documents(entries: list[InboxEntry], max_bytes: int) -> Iterator[Document | InputError]:
    for entry in entries:
        try:
            yield load_document(entry.path, max_bytes)
        except InputError as exc:
            yield exc
