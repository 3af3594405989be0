"""What each kind of file gives: its title and its paragraphs of text.

Markdown as a reader sees it, an HTML page's main text (trafilatura), a saved e-mail's own text
(its attachments are read by ``documents.parse``) and an Outlook message turned into one, a web
page saved as one file, the body of a Word (.docx, .doc), LibreOffice or Rich Text document, a
PDF's text layer. ``documents.parse``
picks the reader by the file's suffix and cleans what comes back; a file a reader cannot use
raises ``InputError`` with the reason and what to do.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pipeline.documents import MIN_WORDS, clean_text, decode, looks_binary, normalise, word_count
from pipeline.errors import InputError
from pipeline.sentences import split_paragraphs

_WORD = re.compile(r"[^\W\d_]{2,}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.M)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"<[^<>]*>")  # not "<[^>]*>": quadratic on a run of "<"


def read_markdown(text: str) -> tuple[str, list[str]]:
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


def read_html(text: str, path: Path) -> tuple[str, list[str]]:
    """Title (the page's metadata) and main text of an HTML page (trafilatura, precision first):
    no navigation, comments or tables."""
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


@dataclass(frozen=True)
class Mail:
    """What a saved e-mail gives before its attachments are read (``documents.parse`` reads them)."""

    title: str
    paragraphs: list[str]
    encoding: str
    attachments: list[tuple[str, bytes]]  # (file name, bytes); an attached mail as "<subject>.eml"
    from_html: bool = False  # the text is the HTML part's main text (there was no text part with words)


# what an attachment without a file name is, by its declared type
_ATTACHMENT_SUFFIX = {
    "application/pdf": ".pdf", "text/plain": ".txt", "text/html": ".html", "text/markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt", "message/rfc822": ".eml", "application/rtf": ".rtf",
    "application/msword": ".doc",
    "text/rtf": ".rtf", "application/zip": ".zip", "application/x-zip-compressed": ".zip",
}
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f]+")


def read_email(data: bytes, path: Path, with_attachments: bool = True) -> Mail | None:
    """Title (the Subject without "Re:"/"Fwd:"), paragraphs, encoding and attachments of a saved
    e-mail (.eml): its text part, else its HTML part read like a web page. Quoted earlier mails
    ("> ..." and the "... wrote:" line before them), the signature after "-- " and the header block
    of a forwarded message are not text of this one. Parts inside an attached mail belong to that
    mail (it is an attachment). None when the file has no mail header at all (a note saved as .eml;
    "Note: ..." on its first line is no header). ``with_attachments=False`` for a web archive,
    whose other parts are the page's images and styles."""
    from email import policy
    from email.parser import BytesParser

    if looks_binary(data):
        raise InputError(f"{path}: binary content, not an e-mail; remove it from the inbox", "binary")
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not any(name in message for name in _MAIL_HEADERS):
        return None
    subject = clean_text(_subject(message))
    title = " ".join(_REPLY_PREFIX.sub("", subject).split())
    parts: dict[str, Any] = {"plain": None, "html": None}
    attachments: list[tuple[str, bytes]] = []
    for part in _own_parts(message):
        if part.get_content_maintype() == "multipart":
            continue
        if part is not message and _is_attachment(part):
            if with_attachments:
                attachments.append(_attachment(part, len(attachments) + 1))
            continue
        subtype = part.get_content_subtype() if part.get_content_maintype() == "text" else None
        if subtype in parts and parts[subtype] is None:
            parts[subtype] = part
    paragraphs: list[str] = []
    encoding = "utf-8"
    if parts["plain"] is not None:
        text, encoding = _part_text(parts["plain"], path)
        paragraphs = split_paragraphs(_without_quotes(clean_text(text), reply=bool(_REPLY.match(subject))))
    from_html = False
    if parts["html"] is not None and (plain_words := word_count(" ".join(paragraphs))) < MIN_WORDS:
        html, html_encoding = _part_text(parts["html"], path)
        main_text = read_html(clean_text(html), path)[1]
        if word_count(" ".join(main_text)) > plain_words or not paragraphs:  # else a short reply is its text part
            paragraphs, encoding, from_html = main_text, html_encoding, True
    paragraphs = _without_salutations(paragraphs)
    if parts["plain"] is None and parts["html"] is None and not attachments:
        what = "web archive has no HTML page" if path.suffix.lower() in (".mhtml", ".mht") else "e-mail has no text or HTML body"
        raise InputError(f"{path}: the {what}; nothing to brief", "no-text")
    return Mail(title, paragraphs, encoding, attachments, from_html)


# A mail's greeting line and its closing with the signature under it are not news: "Hi all,",
# "Best regards, Anna Petrosyan, Field office" (a signature without the "-- " line before it).
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen)|"
    r"bonjour|bonsoir|salut|cher|chers|chère|chères|hola|buenos días|estimad[oa]s?|buongiorno|ciao|gentil[ei]|car[oai]|"
    r"здравствуйте|добрый день|доброе утро|привет|уважаем\w*|вітаю|добрий день|шановн\w*|merhaba|sayın|"
    r"dzień dobry|witam|szanown\w*|beste|olá|prezad[oa]s?|caros?|salam|hörmətli|salam aleykum|բարև(?: ձեզ)?|"
    r"հարգելի)\b", re.I)
_CLOSING = re.compile(
    r"^(?:(?:many |with )?thanks?(?: you)?(?: (?:and|&) (?:best|kind|warm) regards)?|(?:best|kind|warm|warmest)"
    r"(?: regards| wishes)?|regards|cheers|sincerely(?: yours)?|yours (?:sincerely|truly|faithfully)|"
    r"mit freundlichen grüßen|(?:viele|beste|liebe|herzliche) grüße|grüße|danke(?: und grüße)?|cordialement|"
    r"bien (?:à vous|cordialement)|(?:bien )?amicalement|salutations(?: distinguées)?|merci(?: et bonne journée)?|"
    r"un saludo|saludos(?: cordiales)?|atentamente|gracias|cordiali saluti|distinti saluti|saluti|grazie|"
    r"с уважением|всего доброго|спасибо|з повагою|дякую|saygılarımla|teşekkürler|pozdrawiam|z poważaniem|"
    r"met vriendelijke groet(?:en)?|groeten|atenciosamente|abraços|cumprimentos|obrigad[oa]|hörmətlə|"
    r"təşəkkürlər|հարգանքով|շնորհակալություն)(?:[,.!]|\s*$)", re.I)
GREETING_WORDS = 6  # "Dear colleagues at the desk," is a greeting; a longer line is text
SIGNATURE_WORDS = 40  # a closing with at most this many words under it (name, office, phone) ends the text


def _without_salutations(paragraphs: list[str]) -> list[str]:
    """A mail's paragraphs without a greeting of its own ("Hi all,") and without a closing
    ("Best regards,") with the short signature under it; each only where it stands alone."""
    kept = list(paragraphs)
    if len(kept) > 1 and _GREETING.match(kept[0]) and len(kept[0].split()) <= GREETING_WORDS \
            and not kept[0].rstrip().endswith((".", "?")):
        kept = kept[1:]
    for index in range(1, len(kept)):
        if _CLOSING.match(kept[index]) and sum(len(p.split()) for p in kept[index:]) <= SIGNATURE_WORDS:
            return kept[:index]
    return kept


def _own_parts(part: Any) -> Iterator[Any]:
    """The parts of a message, not descending into attached messages (message/rfc822)."""
    yield part
    if part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            yield from _own_parts(sub)


def _is_attachment(part: Any) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return bool(part.get_filename()) or disposition == "attachment" or part.get_content_type() == "message/rfc822"


def _attachment(part: Any, number: int) -> tuple[str, bytes]:
    """An attachment's file name (without folders; one made up from its type if it has none)
    and its bytes, decoded from base64 or quoted-printable."""
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        data = inner.as_bytes() if hasattr(inner, "as_bytes") else b""
        name = part.get_filename() or f"{clean_text(_subject(inner)) if hasattr(inner, 'get') else ''}"[:80].strip() or "message"
        if not name.lower().endswith(".eml"):
            name += ".eml"
    else:
        data = part.get_payload(decode=True) or b""
        name = part.get_filename() or f"attachment-{number}{_ATTACHMENT_SUFFIX.get(content_type, '')}"
    name = _UNSAFE_NAME.sub("_", name).strip(" .") or f"attachment-{number}"
    return name, data


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


def _check_package(data: bytes, path: Path, what: str, suffix: str) -> None:
    """Refuse an office file (a ZIP archive) that is no archive, or that unpacks too large."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception:  # BadZipFile, or NotImplementedError and the like for a damaged header
        raise InputError(f"{path}: not a {what} (a {suffix} is a ZIP archive, this is not one); "
                         f"save it from the word processor as {suffix}", "damaged") from None
    if unpacked > _MAX_UNPACKED_BYTES:
        raise InputError(f"{path}: unpacks to {unpacked:,} bytes, over the limit of {_MAX_UNPACKED_BYTES:,} "
                         f"for a {what}; save its text as .txt", "too-large")


MAX_ARCHIVE_FILES = 100  # a ZIP attachment of more files is a collection to unpack into the inbox, not a mail's text


def zip_members(data: bytes, path: Path) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files of a ZIP archive sent as an attachment ("clippings.zip"), by their names in it, and
    the ones that cannot be read, with why. Folders, hidden files and the resource forks that macOS
    adds (``__MACOSX/``) are not files of the sender's. The whole archive is refused when it is not
    one, or holds too much (a ZIP bomb), before anything is unpacked."""
    import io
    import zipfile

    from pipeline.documents import archive_files

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        files = archive_files(archive)
    except Exception:  # BadZipFile, or NotImplementedError and the like for a damaged header
        raise InputError(f"{path}: not a readable ZIP archive", "damaged") from None
    unpacked = sum(info.file_size for info, _ in files)
    if unpacked > _MAX_UNPACKED_BYTES or len(files) > MAX_ARCHIVE_FILES:
        raise InputError(f"{path}: holds {len(files)} files of {unpacked:,} bytes, over the limit of "
                         f"{MAX_ARCHIVE_FILES} files and {_MAX_UNPACKED_BYTES:,} bytes for an attachment; "
                         "unpack it into the inbox", "too-large")
    members: list[tuple[str, bytes]] = []
    unread: list[str] = []
    for info, parts in files:
        name = "/".join(parts)
        if info.flag_bits & 0x1:
            unread.append(f"{name} (protected by a password; attach it unprotected)")
        elif name.lower().endswith(".zip"):
            unread.append(f"{name} (an archive inside the archive; unpack it into the inbox)")
        else:
            try:
                members.append((name, archive.read(info)))
            except Exception:  # a bad CRC, an unsupported compression method
                unread.append(f"{name} (damaged in the archive)")
    return members, unread


def read_docx(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of a Word document (.docx): body paragraphs and table rows (cells
    joined " — ", as for Markdown tables) in reading order, tracked insertions in and deletions
    out; page headers, footers, comments and footnotes are not its text. The title is a first
    paragraph styled Title or Heading 1, else the document's title property, else empty."""
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    _check_package(data, path, "Word document", ".docx")
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


_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _odf(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_ODF[prefix]}}}{local}"


def read_odt(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of an OpenDocument text (.odt, LibreOffice): headings, paragraphs,
    list items and table rows (cells joined " — ") in reading order, tracked deletions, footnotes
    and comments left out. The title is a first level-1 heading or Title paragraph, else the
    document's title property."""
    import io
    import zipfile

    from lxml import etree

    _check_package(data, path, "LibreOffice document", ".odt")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = etree.fromstring(archive.read("content.xml"), parser).find(
                f"{_odf('office:body')}/{_odf('office:text')}")
            meta = etree.fromstring(archive.read("meta.xml"), parser) if "meta.xml" in archive.namelist() else None
    except Exception as exc:  # no content.xml, broken XML, a damaged member
        raise InputError(f"{path}: not a readable LibreOffice document ({type(exc).__name__}: {exc}); "
                         "open it and save it again as .odt", "damaged") from None
    if body is None:
        raise InputError(f"{path}: not a text document (a spreadsheet or a presentation?); save it as .odt text, "
                         ".docx or .pdf", "damaged")
    title = ""
    paragraphs: list[str] = []
    containers = {_odf(n) for n in ("text:list", "text:list-item", "text:list-header", "text:section", "text:soft-page-break")}

    def read(container: Any) -> None:
        nonlocal title
        for element in container:
            if element.tag in (_odf("text:p"), _odf("text:h")):
                text = _odf_text(element)
                if not text:
                    continue
                first_heading = element.tag == _odf("text:h") and element.get(_odf("text:outline-level"), "1") == "1"
                styled = (element.get(_odf("text:style-name")) or "").lower() == "title"
                if not paragraphs and not title and (first_heading or styled):
                    title = text
                else:
                    paragraphs.append(text)
            elif element.tag == _odf("table:table"):
                for row in element.iter(_odf("table:table-row")):
                    cells = [" ".join(filter(None, map(_odf_text, cell.iter(_odf("text:p")))))
                             for cell in row.iterchildren(_odf("table:table-cell"))]
                    if any(cells):
                        paragraphs.append(" — ".join(c for c in cells if c))
            elif element.tag in containers:
                read(element)
            # text:tracked-changes (deleted text), sequence declarations, forms: not the text

    read(body)
    if not title and meta is not None:
        stated = meta.findtext(f".//{_odf('dc:title')}") or ""
        title = " ".join(stated.split())
    return title, paragraphs


def _odf_text(element: Any) -> str:
    """A paragraph's visible text: spans and links in, text:s as its spaces, tabs and line
    breaks as spaces; footnotes, comments and tracked-change marks out."""
    skipped = {_odf("text:note"), _odf("office:annotation"), _odf("office:annotation-end"), _odf("text:change")}
    parts: list[str] = []

    def visit(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == _odf("text:s"):
                parts.append(" " * int(child.get(_odf("text:c"), "1") or 1))
            elif child.tag in (_odf("text:tab"), _odf("text:line-break")):
                parts.append(" ")
            elif child.tag not in skipped:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(element)
    return " ".join("".join(parts).split())


# A line that is only a page number: "3", "- 3 -", "Page 3 of 10", "Seite 3/10", "стр. 3", "iv".
# Word 97-2003 documents (.doc): the text is found through the piece table (MS-DOC, "Retrieving text")
_DOC_IDENT = 0xA5EC
_DOC_MIN_VERSION = 0x00C1  # nFib of Word 97; Word 6 and 95 files store their text differently
_DOC_CONTROL = str.maketrans({
    "\x01": None, "\x02": None, "\x03": None, "\x04": None, "\x05": None, "\x08": None,  # pictures, note marks
    "\x0b": " ", "\x0c": "\r", "\x0e": "\r",  # line break, page or section break, column break
    "\x1e": "-", "\x1f": None, "\xa0": " ",  # non-breaking and optional hyphens, non-breaking space
})


def read_doc(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of a Word 97-2003 document (.doc): the main text (not headers,
    footers, footnotes, comments or text boxes, which follow it), with the codes of fields
    (hyperlinks, page numbers) left out and their results kept, table rows one paragraph with
    cells joined " — " (the paragraph properties say which mark ends a row). The title is the
    title property. A Word file saved as Rich Text or as a web page under the name .doc (Word
    does that) is read as what it is."""
    import olefile

    head = data.lstrip()[:16].lower()
    if head.startswith(b"{\\rtf"):
        return read_rtf(data, path)
    if head.startswith((b"<html", b"<!doctype", b"<?xml", b"mime-version")):
        text, _ = decode(data, path)
        return read_html(clean_text(text), path)
    advice = "open it in a word processor and save it as .docx"
    if not data.startswith(olefile.MAGIC):
        raise InputError(f"{path}: not a Word document (no OLE compound file); {advice}", "damaged")
    try:
        with olefile.OleFileIO(data) as ole:
            if not ole.exists("WordDocument"):
                raise InputError(f"{path}: an OLE file without a Word document in it (Excel or PowerPoint?); "
                                 f"{advice}", "damaged")
            word = ole.openstream("WordDocument").read()
            ident, version, flags = int.from_bytes(word[0:2], "little"), int.from_bytes(word[2:4], "little"), \
                int.from_bytes(word[10:12], "little")
            if ident != _DOC_IDENT:
                raise InputError(f"{path}: not a Word document (its header is not Word's); {advice}", "damaged")
            if flags & 0x0100:
                raise InputError(f"{path}: the Word document is protected by a password; save an unprotected copy "
                                 "as .docx into the inbox", "encrypted")
            if version < _DOC_MIN_VERSION:
                raise InputError(f"{path}: a Word 6 or Word 95 document, which is not read; {advice}", "damaged")
            table_name = "1Table" if flags & 0x0200 else "0Table"
            table = ole.openstream(table_name).read()
            text = _doc_main_text(word, table)
            title = _summary_title(ole)
    except InputError:
        raise
    except Exception as exc:  # olefile, and slices of a damaged piece table, fail in many ways
        raise InputError(f"{path}: not a readable Word document ({type(exc).__name__}: {exc}); {advice}",
                         "damaged") from None
    if title.lower().startswith("microsoft word - "):
        title = ""
    return title, _doc_paragraphs(text)


def _summary_title(ole: Any) -> str:
    """The title property (PIDSI_TITLE) of an OLE file's summary information, read within the
    stream's bounds (olefile's get_metadata loops over a damaged property count: minutes)."""
    name = "\x05SummaryInformation"
    if not ole.exists(name):
        return ""
    raw = ole.openstream(name).read(1 << 20)

    def number(offset: int, size: int = 4) -> int:
        return int.from_bytes(raw[offset:offset + size], "little") if offset + size <= len(raw) else 0

    section = number(44)  # after the header (28 bytes) and the first section's FMTID (16)
    count = min(number(section + 4), max(0, (len(raw) - section - 8) // 8))
    where = {number(section + 8 + 8 * n): section + number(section + 12 + 8 * n) for n in range(count)}
    codepage = number(where[1] + 4, 2) if 1 in where else 1252  # PIDSI_CODEPAGE, VT_I2
    if 2 not in where:
        return ""
    kind, length = number(where[2]), number(where[2] + 4)
    start = where[2] + 8
    if kind == 0x1F:  # VT_LPWSTR: UTF-16 characters
        text = raw[start:start + 2 * length].decode("utf-16-le", errors="replace")
    elif kind == 0x1E:  # VT_LPSTR: bytes in the code page
        encoding = {1200: "utf-16-le", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
        try:
            text = raw[start:start + length].decode(encoding, errors="replace")
        except LookupError:
            text = raw[start:start + length].decode("cp1252", errors="replace")
    else:
        return ""
    return " ".join(text.replace("\x00", " ").split())


def _doc_main_text(word: bytes, table: bytes) -> str:
    """The main document's characters, through the piece table (Clx) in the table stream; the
    mark that ends a table row is given as ``_DOC_ROW_END`` (cells end in 7 as well)."""
    csw = int.from_bytes(word[32:34], "little")
    lw_start = 34 + 2 * csw + 2
    cslw = int.from_bytes(word[lw_start - 2:lw_start], "little")
    main_length = int.from_bytes(word[lw_start + 12:lw_start + 16], "little")  # ccpText
    pairs_start = lw_start + 4 * cslw + 2

    def pair(index: int) -> tuple[int, int]:
        at = pairs_start + 8 * index
        return int.from_bytes(word[at:at + 4], "little"), int.from_bytes(word[at + 4:at + 8], "little")

    fc_clx, lcb_clx = pair(33)
    row_ends = _doc_row_end_ranges(word, table, *pair(13))  # fcPlcfBtePapx: paragraph properties
    clx = table[fc_clx:fc_clx + lcb_clx]
    position = 0
    while position < len(clx) and clx[position] == 0x01:  # property modifiers (Prc) before the pieces
        position += 3 + int.from_bytes(clx[position + 1:position + 3], "little")
    if position >= len(clx) or clx[position] != 0x02:
        raise ValueError("no piece table")
    size = int.from_bytes(clx[position + 1:position + 5], "little")
    pieces = clx[position + 5:position + 5 + size]
    count = max(0, (min(size, len(pieces)) - 4) // 12)  # a damaged size must not make a huge list
    positions = [int.from_bytes(pieces[4 * n:4 * n + 4], "little") for n in range(count + 1)]
    starts = [start for start, _ in row_ends]
    out: list[str] = []
    for n in range(count):
        start, end = positions[n], min(positions[n + 1], main_length)
        if start >= end:
            break
        descriptor = pieces[4 * (count + 1) + 8 * n:4 * (count + 1) + 8 * n + 8]
        fc = int.from_bytes(descriptor[2:6], "little")
        if fc & 0x40000000:  # compressed: one byte a character, in Windows-1252
            offset, width = (fc & 0x3FFFFFFF) // 2, 1
            text = word[offset:offset + end - start].decode("cp1252", errors="replace")
        else:
            offset, width = fc & 0x3FFFFFFF, 2
            text = word[offset:offset + 2 * (end - start)].decode("utf-16-le", errors="replace")
        if row_ends and "\x07" in text:
            marks = list(text)
            for index, ch in enumerate(marks):
                if ch == "\x07":
                    at = offset + width * index
                    found = bisect.bisect_right(starts, at) - 1
                    if found >= 0 and at < row_ends[found][1]:
                        marks[index] = _DOC_ROW_END
            text = "".join(marks)
        out.append(text)
    return "".join(out)


_DOC_ROW_END = "\x1d"
_DOC_SPRM_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand size by the sprm's spra bits
_DOC_TABLE_ROW_SPRMS = (0x2417, 0x244C)  # sprmPFTtp, sprmPFInnerTtp: the paragraph ends a table row


def _doc_row_end_ranges(word: bytes, table: bytes, fc_plc: int, lcb_plc: int) -> list[tuple[int, int]]:
    """The byte ranges, in the WordDocument stream, of paragraphs that end a table row (their
    properties in the paragraph FKPs carry sprmPFTtp), sorted; empty when none are found."""
    plc = table[fc_plc:fc_plc + lcb_plc]
    count = max(0, (len(plc) - 4) // 8)
    ranges: list[tuple[int, int]] = []
    for n in range(min(count, 10_000)):
        page = int.from_bytes(plc[4 * (count + 1) + 4 * n:4 * (count + 1) + 4 * n + 4], "little") & 0x3FFFFF
        fkp = word[page * 512:page * 512 + 512]
        if len(fkp) < 512:
            continue
        runs = fkp[511]
        fcs = [int.from_bytes(fkp[4 * i:4 * i + 4], "little") for i in range(runs + 1)]
        for i in range(runs):
            where = 2 * fkp[4 * (runs + 1) + 13 * i]
            if where == 0 or where >= 511:
                continue
            size, start = (2 * fkp[where] - 1, where + 1) if fkp[where] else (2 * fkp[where + 1], where + 2)
            if _doc_ends_row(fkp[start + 2:start + size]):  # after the style index (2 bytes)
                ranges.append((fcs[i], fcs[i + 1]))
    return sorted(ranges)


def _doc_ends_row(grpprl: bytes) -> bool:
    position = 0
    while position + 2 <= len(grpprl):
        sprm = int.from_bytes(grpprl[position:position + 2], "little")
        position += 2
        spra = sprm >> 13
        if spra == 6:  # variable: a length byte (two for sprmTDefTable), then the operand
            if sprm in (0xD608, 0xD606):
                size = 2 + max(0, int.from_bytes(grpprl[position:position + 2], "little") - 1)
            else:
                size = 1 + (grpprl[position] if position < len(grpprl) else 0)
        else:
            size = _DOC_SPRM_SIZE[spra]
        if sprm in _DOC_TABLE_ROW_SPRMS and position < len(grpprl) and grpprl[position] == 1:
            return True
        position += size
    return False


def _doc_paragraphs(text: str) -> list[str]:
    """Paragraphs of a .doc's main text: fields reduced to their results, marks of pictures and
    notes dropped, table cells (each ending in 7, a row in 7 7) joined into one row."""
    kept: list[str] = []
    fields: list[bool] = []  # for each open field: is its result being read (after the separator)?
    for ch in text:
        if ch == "\x13":
            fields.append(False)
        elif ch == "\x14":
            if fields:
                fields[-1] = True
        elif ch == "\x15":
            if fields:
                fields.pop()
        elif all(fields):
            kept.append(ch)
    flat = "".join(kept).translate(_DOC_CONTROL)
    if _DOC_ROW_END in flat:  # the row ends are known: every other 7 ends a cell, empty ones too
        flat = flat.replace(_DOC_ROW_END, "\r").replace("\x07", "\x00")
    else:  # a row ends in 7 7 (an empty cell ends it early)
        flat = flat.replace("\x07\x07", "\r").replace("\x07", "\x00")
    paragraphs: list[str] = []
    for paragraph in clean_text(flat.replace("\x00", "\u2063").replace("\r", "\n")).split("\n"):
        cells = [" ".join(cell.split()) for cell in paragraph.split("\u2063")]
        joined = " — ".join(cell for cell in cells if cell)
        if joined:
            paragraphs.append(joined)
    return paragraphs


# Outlook messages (.msg): MAPI properties in an OLE compound file, named "__substg1.0_<id><type>"
_MSG_PROPERTIES = "__properties_version1.0"
_MSG_EMBEDDED = "__substg1.0_3701000D"  # an attached message's storage
_MSG_MAX_DEPTH = 8
_MSG_ATTACH_EMBEDDED = 5  # PR_ATTACH_METHOD of an attached message


def msg_as_email(data: bytes, path: Path) -> bytes:
    """An Outlook message (.msg, as Outlook saves a mail dragged out of it) as the MIME message it
    was: subject, sender, text, HTML (or the compressed RTF body Outlook keeps when there is no
    other) and attachments, attached messages as message/rfc822. ``read_email`` reads the result,
    so a .msg is read exactly as the same mail saved as .eml."""
    import olefile

    if not data.startswith(olefile.MAGIC):
        raise InputError(f"{path}: not an Outlook message (no OLE compound file); save the mail again from Outlook "
                         "as .msg, or as .eml or .txt", "damaged")
    try:
        with olefile.OleFileIO(data) as ole:
            return bytes(_msg_message(ole, [], path, 0))
    except InputError:
        raise
    except Exception as exc:  # olefile and the MIME writer fail in many ways on a damaged file
        raise InputError(f"{path}: not a readable Outlook message ({type(exc).__name__}: {exc}); save the mail "
                         "again from Outlook as .msg, or as .eml or .txt", "damaged") from None


def _msg_message(ole: Any, storage: list[str], path: Path, depth: int) -> Any:
    from email.message import EmailMessage

    if depth > _MSG_MAX_DEPTH:
        raise InputError(f"{path}: messages attached more than {_MSG_MAX_DEPTH} levels deep; save the innermost "
                         "one on its own", "damaged")
    top_level = not storage
    properties = _msg_properties(ole, storage, 32 if top_level else 24)
    code_page = properties.get(0x3FFD) or properties.get(0x3FDE)
    encoding = "utf-8" if code_page in (None, 65001) else f"cp{code_page}"

    def text(property_id: int) -> str | None:
        for kind in ("001F", "001E"):
            name = "/".join([*storage, f"__substg1.0_{property_id:04X}{kind}"])
            if ole.exists(name):
                raw = ole.openstream(name).read()
                if kind == "001F":
                    return raw.decode("utf-16-le", errors="replace").rstrip("\x00")
                try:
                    return raw.decode(encoding).rstrip("\x00")
                except (LookupError, UnicodeDecodeError):
                    return decode(raw.rstrip(b"\x00"), path)[0]
        return None

    def binary(property_id: int) -> bytes | None:
        name = "/".join([*storage, f"__substg1.0_{property_id:04X}0102"])
        return ole.openstream(name).read() if ole.exists(name) else None

    message = EmailMessage()
    message["Subject"] = " ".join((text(0x0037) or "").split())
    sender = text(0x0C1A) or text(0x0042)
    if sender:
        message["From"] = " ".join(sender.split())
    body = text(0x1000)
    html = binary(0x1013) or (text(0x1013) or "").encode("utf-8") or None
    if not body and not html and (compressed := binary(0x1009)):
        import compressed_rtf

        rtf = compressed_rtf.decompress(compressed)
        body = "\n\n".join(read_rtf(rtf, path)[1]) if rtf.lstrip().startswith(b"{\\rtf") else None
    if body:
        message.set_content(body)
    if html:
        if body:
            message.add_alternative(html, maintype="text", subtype="html")
        else:
            message.set_content(html, maintype="text", subtype="html")
    entries = {entry[len(storage)] for entry in ole.listdir(streams=True, storages=True)
               if len(entry) > len(storage) and entry[:len(storage)] == storage}
    for name in sorted(e for e in entries if e.startswith("__attach_version1.0_")):
        attachment = [*storage, name]
        found = _msg_properties(ole, attachment, 8)

        def attached_text(property_id: int, attachment: list[str] = attachment) -> str:
            stream = "/".join([*attachment, f"__substg1.0_{property_id:04X}001F"])
            return ole.openstream(stream).read().decode("utf-16-le", errors="replace").rstrip("\x00") \
                if ole.exists(stream) else ""

        file_name = attached_text(0x3707) or attached_text(0x3704) or attached_text(0x3001)
        if found.get(0x3705) == _MSG_ATTACH_EMBEDDED and ole.exists("/".join([*attachment, _MSG_EMBEDDED])):
            inner = _msg_message(ole, [*attachment, _MSG_EMBEDDED], path, depth + 1)
            if message.get_content_maintype() != "multipart":
                message.make_mixed()
            message.attach(_rfc822(inner, (file_name or str(inner["Subject"] or "message"))))
            continue
        stream = "/".join([*attachment, "__substg1.0_37010102"])
        if not ole.exists(stream):
            continue  # a link to a file elsewhere, or an OLE object: nothing to read here
        maintype, _, subtype = (attached_text(0x370E) or "application/octet-stream").partition("/")
        message.add_attachment(ole.openstream(stream).read(), maintype=maintype or "application",
                               subtype=subtype or "octet-stream", filename=file_name or f"{name}.bin")
    return message


def _rfc822(inner: Any, name: str) -> Any:
    """An attached message as the MIME part "Forward as attachment" makes."""
    from email.message import EmailMessage

    part = EmailMessage()
    stem = name[:-4] if name.lower().endswith((".eml", ".msg")) else name
    part.set_content(inner, disposition="attachment", filename=f"{stem}.eml")
    return part


def _msg_properties(ole: Any, storage: list[str], header: int) -> dict[int, int]:
    """The fixed-size (32-bit) properties of a message or attachment: property id -> value."""
    name = "/".join([*storage, _MSG_PROPERTIES])
    if not ole.exists(name):
        return {}
    raw = ole.openstream(name).read()
    found: dict[int, int] = {}
    for offset in range(header, len(raw) - 15, 16):
        tag = int.from_bytes(raw[offset:offset + 4], "little")
        if tag & 0xFFFF in (0x0003, 0x000B):  # PT_LONG, PT_BOOLEAN
            found[tag >> 16] = int.from_bytes(raw[offset + 8:offset + 12], "little")
    return found


_RTF_CODE_PAGE = re.compile(rb"\\ansicpg(\d+)")
_RTF_TITLE = re.compile(r"\{\\title\s?((?:[^{}\\]|\\[^a-z]|\\[a-z]+-?\d*\s?)*)\}")
_RTF_LINK = re.compile("HYPERLINK", re.I)
# pictures and embedded objects as hex (10 MB of them took striprtf 2.6 s, a character at a time)
_RTF_HEX_RUN = re.compile(r"(?<![0-9a-fA-F\r\n])[0-9a-fA-F\r\n]{512,}")


def read_rtf(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of a Rich Text document (.rtf: TextEdit's default, WordPad, Word):
    the body's text in its code page (``\\ansicpg``, the fonts' charsets) and Unicode escapes;
    page headers, footers, footnotes, comments, field codes and pictures are not its text (striprtf
    reads them as "destinations" and skips them). Each paragraph (``\\par``) is one, a table row
    one with its cells joined " — ". The title is the title property, else empty."""
    import codecs

    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise InputError(f"{path}: not a Rich Text document (it does not begin with {{\\rtf); open it and save it "
                         "again as .rtf, .docx or .txt", "damaged")
    found = _RTF_CODE_PAGE.search(data[:4000])
    code_page = f"cp{int(found.group(1))}" if found else "cp1252"
    try:
        codecs.lookup(code_page)
    except LookupError:
        code_page = "cp1252"
    rtf = data.decode(code_page, errors="replace")  # RTF is 7-bit; stray 8-bit bytes are in its code page
    # striprtf rewrites hyperlink fields as "text("url")"; unmatched, the field code is skipped, its text kept
    rtf = _RTF_HEX_RUN.sub("", _RTF_LINK.sub("LINK", rtf))
    try:
        text = rtf_to_text(rtf, encoding=code_page, errors="replace")
        stated = _RTF_TITLE.search(rtf[:20000])
        title = rtf_to_text(f"{{\\rtf1\\ansi\\ansicpg{code_page[2:]} {stated.group(1)}}}", encoding=code_page,
                            errors="replace") if stated else ""
    except (ValueError, TypeError, LookupError, IndexError, OverflowError) as exc:  # a broken escape or code page
        raise InputError(f"{path}: not a readable Rich Text document ({type(exc).__name__}: {exc}); open it and "
                         "save it again as .rtf, .docx or .txt", "damaged") from None
    paragraphs: list[str] = []
    for line in clean_text(text).split("\n"):
        cells = [" ".join(cell.split()) for cell in line.split("|")]
        joined = " — ".join(cell for cell in cells if cell)
        if joined:
            paragraphs.append(joined)
    return " ".join(title.split()), paragraphs


_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:(?:page|pg|p|seite|s|página|pág|pagina|pag|страница|стр|сторінка|стор|с|sayfa|strona|str|blz|"
    r"sida|side|sivu|oldal|stránka|strana)\.?\s*)?\d{1,4}(?:\s*(?:/|of|von|de|из|з|sur|di|/)\s*\d{1,4})?"
    r"|[ivxlc]{1,6})\W*$", re.I
)
_SENTENCE_END = ('.', '!', '?', '…', ':', '"', '”', '»', '“', "'", ')', '。', '！', '？')
_PDF_LINE_HYPHEN = re.compile(r"([^\W\d_]+)-\n([^\W\d_]+)")


def read_pdf(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Title and paragraphs of a PDF's text layer (pypdf; scans without one are not read: no OCR).
    Lines repeated at the top or bottom of most pages (running heads, footers) and page numbers
    are dropped and a paragraph runs on across a page break (``_pdf_paragraphs`` finds where
    paragraphs end). The title is the document's title property, unless it is a file name."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # "Ignoring wrong pointing object", "Advanced encoding ..."
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: the PDF is protected by a password; save an unprotected copy into the inbox",
                             "encrypted")
        page_lines = [_page_lines(page) for page in reader.pages]
        stated = (reader.metadata.title if reader.metadata else None) or ""
        sizes = _line_sizes(reader.pages[0]) if page_lines else {}
    except InputError:
        raise
    except Exception as exc:  # a damaged file fails inside pypdf in many ways (PdfReadError, zlib, struct, ...)
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc}); save it again as PDF, "
                         "or as .txt", "damaged") from None
    repeated = _running_lines(page_lines)
    heading = _first_page_heading(page_lines[0], sizes, single_page=len(page_lines) == 1) if page_lines else None
    if heading is not None:
        heading_lines, small_edges, _ = heading
        page_lines[0] = [line for number, line in enumerate(page_lines[0])
                         if number not in heading_lines and number not in small_edges]
    lines: list[str] = []
    for page in page_lines:
        edges = _edge_lines(page)
        kept = [line for number, line in enumerate(page)
                if not line or not (number in edges and _is_page_number(page, number)) and _digits_as_hash(line) not in repeated]
        while kept and not kept[-1]:
            kept.pop()
        lines += itertools.dropwhile(lambda line: not line, kept)  # a paragraph runs on across the page break
    if not lines:  # page numbers or a stamp at most
        raise InputError(f"{path}: the PDF has no text layer (a scanned image?); text is not recognised "
                         "in images (no OCR): save its text as .txt", "no-text")
    title = " ".join(str(stated).split())
    if title.lower().startswith(("microsoft word - ", "untitled")) or title.lower().endswith((".doc", ".docx", ".pdf")):
        title = ""
    paragraphs = _pdfsplit_paragraphs(lines)
    if heading is not None and heading[0]:
        shown = " ".join(heading[2])
        if title and " ".join(title.split()).casefold() != shown.casefold():
            paragraphs.insert(0, shown)  # a heading under another title property is text
        title = title or shown
    return title, paragraphs


HEADING_SCALE = 1.2  # a title is set this much larger than the body text, at least
SMALL_SCALE = 0.85  # a running head or footer this much smaller, at most


def _line_sizes(page: Any) -> dict[str, float]:
    """The largest font size (as rendered) of each line of a page, by the line's text."""
    sizes: dict[str, float] = {}
    current: list[str] = []
    largest = 0.0

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        nonlocal largest
        scale = abs(float(tm[3]) * float(cm[3])) or 1.0
        for number, part in enumerate(text.split("\n")):
            if number:
                close()
            if part.strip():
                current.append(part)
                largest = max(largest, float(size) * scale)

    def close() -> None:
        nonlocal largest
        line = " ".join(normalise("".join(current)).split())
        if line:
            sizes[line] = max(sizes.get(line, 0.0), largest)
        current.clear()
        largest = 0.0

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # the sizes only refine the title; the text was read without them
        return {}
    close()
    return sizes


def _first_page_heading(page: list[str], sizes: dict[str, float],
                        single_page: bool) -> tuple[list[int], list[int], list[str]] | None:
    """On the first page: the lines of a heading set larger than the body text among the first
    eight (indices and text), and, in a one-page document (no repetition tells running heads
    there), the edge lines set smaller than the body (a letterhead, a footer). None without sizes."""
    filled = [number for number, line in enumerate(page) if line and line in sizes]
    if not filled:
        return None
    by_size: Counter[float] = Counter()
    for number in filled:
        by_size[round(sizes[page[number]], 1)] += len(page[number])
    body = by_size.most_common(1)[0][0]
    small = [number for number in (filled[:2] + filled[-2:] if single_page else [])
             if sizes[page[number]] <= SMALL_SCALE * body and len(page[number]) < 80]
    top = [number for number in filled[:8] if number not in small]
    largest = max((sizes[page[number]] for number in top), default=0.0)
    heading: list[int] = []
    if largest >= HEADING_SCALE * body:
        first = next(number for number in top if sizes[page[number]] == largest)
        heading = [first]
        for number in top[top.index(first) + 1:]:  # a title over two or three lines
            if sizes[page[number]] != largest or len(heading) == 3:
                break
            heading.append(number)
    return heading, small, [page[number] for number in heading]


def _page_lines(page: Any) -> list[str]:
    """A page's lines in reading order; "" where a vertical gap separates paragraphs. pypdf's
    layout mode shows the gaps but sets columns side by side, so it is used only when it has the
    same lines as the plain mode (one column)."""
    def lines_of(text: str) -> list[str]:
        return [" ".join(line.split()) for line in normalise(text).split("\n")]

    plain = [line for line in lines_of(page.extract_text() or "") if line]
    try:
        laid_out = lines_of(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # layout mode is the younger code path; the plain lines suffice
        return plain
    return laid_out if [line for line in laid_out if line] == plain else plain


def _edge_lines(page: list[str], count: int = 2) -> set[int]:
    """Where a page number can be: the first and last ``count`` lines with text on the page
    ("2023." in the middle of a page ends a sentence)."""
    filled = [number for number, line in enumerate(page) if line.strip()]
    return set(filled[:count] + filled[-count:])


_RUNS_ON = re.compile(r"\d[.,;:]$")


def _is_page_number(page: list[str], number: int) -> bool:
    """Line ``number`` of the page is a page number ("12", "- 12 -", "Page 3 of 5"), not the end
    of a sentence that wrapped ("... on 20 September" / "2023.")."""
    line = page[number]
    if not _PAGE_NUMBER.match(line):
        return False
    before = next((earlier for earlier in reversed(page[:number]) if earlier.strip()), "")
    return not (_RUNS_ON.search(line.strip()) and before and not before.rstrip().endswith(_SENTENCE_END))


def _digits_as_hash(line: str) -> str:
    return re.sub(r"\d+", "#", line).casefold()


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines (digits aside) among the first or last three of at least half of the pages, two at
    least, and shorter than a full line: running heads and footers ("Caucasus Report - September
    2023", "© ICG 2023 · page 4"), not a paragraph's first line that happens to repeat, nor a line
    found inside the pages more often than at their edges (a closing line that ends many paragraphs)."""
    if len(page_lines) < 2:
        return set()
    full = _full_line_length([line for lines in page_lines for line in lines if line])
    counts: Counter[str] = Counter()
    inside: Counter[str] = Counter()  # the same line inside pages: text that repeats, not a running head
    for lines in page_lines:
        text = [line for line in lines if line]
        counts.update({_digits_as_hash(line) for line in text[:3] + text[-3:] if len(line) < 0.85 * full})
        inside.update(_digits_as_hash(line) for line in text[3:-3])
    return {key for key, count in counts.items() if count >= max(2, len(page_lines) / 2) and inside[key] < count}


def _full_line_length(lines: list[str]) -> int:
    """The length of a full line of the text column: the 90th percentile of the lines' lengths."""
    return sorted(len(line) for line in lines)[int(0.9 * (len(lines) - 1))] if lines else 0


def _pdfsplit_paragraphs(lines: list[str]) -> list[str]:
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
    vocabulary = {w.casefold() for w in _WORD.findall(text)}

    def join(match: re.Match[str]) -> str:
        head, tail = match.groups()
        return head + tail if (head + tail).casefold() in vocabulary else f"{head}-{tail}"

    text = _PDF_LINE_HYPHEN.sub(join, text)
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
