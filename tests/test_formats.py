"""Each kind of file gives its title and its own text: Markdown, saved e-mails and web pages,
Word documents and PDFs, built here as real files (MIME messages, python-docx, fpdf2)."""

import io
import re
from pathlib import Path

import pytest

from pipeline.documents import parse
from pipeline.errors import InputError
from tests.archives import zip_bytes


MARKDOWN = """# Ceasefire in Nagorno-Karabakh

![Map of the region](https://example.org/map.png)

The **Armenian** authorities in [Nagorno-Karabakh](https://en.wikipedia.org/wiki/Nagorno-Karabakh)
agreed to a `ceasefire` on Wednesday after a day of fighting.

- Russian peacekeepers mediated the deal.
- Talks on *reintegration* are due to start on Thursday in Yevlakh.

> "We have no choice," a local official said.<br>

| Side | Claim |
|---|---|
| Baku | operation ended |

```
print("not prose")
```

<!-- editor's note: check the date -->
"""


def test_markdown_is_read_as_text_without_its_markup():
    document = parse(MARKDOWN.encode(), Path("report.md"))
    assert document.kind == "markdown"
    assert document.title == "Ceasefire in Nagorno-Karabakh"
    assert document.paragraphs == (
        "The Armenian authorities in Nagorno-Karabakh agreed to a ceasefire on Wednesday after a day of fighting.",
        "Russian peacekeepers mediated the deal.",
        "Talks on reintegration are due to start on Thursday in Yevlakh.",
        '"We have no choice," a local official said.',
        "Side — Claim",
        "Baku — operation ended",
    )


def test_markdown_front_matter_gives_the_title_and_is_not_text():
    data = ("---\ntitle: \"Waffenruhe in Bergkarabach\"\ndate: 2023-09-20\n---\n\n"
            "Nach eintägigen Kämpfen haben sich beide Seiten auf eine Waffenruhe geeinigt.\n").encode()
    document = parse(data, Path("bericht.md"))
    assert document.title == "Waffenruhe in Bergkarabach"
    assert document.paragraphs == ("Nach eintägigen Kämpfen haben sich beide Seiten auf eine Waffenruhe geeinigt.",)


def test_markdown_syntax_in_a_text_file_is_left_as_written():
    document = parse(b"Prices rose 5*3 times, says [sic] the report of the ministry.", Path("note.txt"))
    assert document.paragraphs == ("Prices rose 5*3 times, says [sic] the report of the ministry.",)


def test_a_web_page_saved_as_one_file_mhtml_is_read_like_the_page():
    from email.message import EmailMessage

    article = " ".join(["Talks between Baku and representatives of the Karabakh Armenians began in Yevlakh on Thursday."] * 3)
    page = EmailMessage()
    page["From"] = "<Saved by Blink>"
    page["Snapshot-Content-Location"] = "https://news.example.org/karabakh/talks"
    page["Subject"] = "Talks begin in Yevlakh – Example News"
    page.set_content(f"<html><head><title>Talks</title></head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a>"
                     f"</nav><article><h1>Talks begin in Yevlakh</h1><p>{article}</p><p>Russian peacekeepers escorted "
                     f"the delegation from Stepanakert, the ministry said.</p></article></body></html>",
                     subtype="html", cte="quoted-printable")
    page.add_related(b"\x89PNG\r\n", maintype="image", subtype="png", cid="<logo@mhtml.blink>")
    document = parse(bytes(page), Path("Talks begin.mhtml"))
    assert document.kind == "html"
    assert document.title == "Talks begin in Yevlakh – Example News"
    assert any("began in Yevlakh on Thursday" in p for p in document.paragraphs)
    assert not any("Home" in p for p in document.paragraphs)


# -- e-mail (.eml) ------------------------------------------------------------------------------

def _mail(subject: str, plain: str | None = None, html: str | None = None, charset: str = "utf-8",
          attachments: tuple[tuple[str, bytes] | tuple[str, bytes, str], ...] = (), as_message: bool = False):
    """A real MIME message, as a mail program saves it (multipart when it has more than one part)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Anna Petrosyan <anna@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = subject
    if plain is not None:
        message.set_content(plain, charset=charset)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, content, *content_type in attachments:
        maintype, subtype = (content_type[0] if content_type else "application/pdf").split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message if as_message else bytes(message)


def test_an_email_gives_its_subject_and_its_own_text():
    """Without the greeting, the quoted mail with its "wrote:" line, and the signature."""
    plain = ("Hi all,\n\nThe Armenian authorities in Nagorno-Karabakh agreed to a ceasefire on Wednesday\n"
             "after a day of fighting, officials said.\n\n"
             "On Tue, 19 Sep 2023 at 18:02, Desk <desk@example.org> wrote:\n"
             "> Any news from Stepanakert?\n> Send what you have.\n\n"
             "-- \nAnna Petrosyan\nField office, Yerevan\n")
    data = _mail("Re: Fwd: Ceasefire agreed in Karabakh", plain=plain)
    document = parse(data, Path("ceasefire.eml"))
    assert document.kind == "email"
    assert document.title == "Ceasefire agreed in Karabakh"
    assert document.paragraphs == (
        "The Armenian authorities in Nagorno-Karabakh agreed to a ceasefire on Wednesday after a day of "
        "fighting, officials said.",
    )


def test_an_email_in_a_legacy_charset_with_an_encoded_subject():
    plain = "Армянские власти Нагорного Карабаха согласились на прекращение огня в среду.\n"
    data = _mail("Прекращение огня в Карабахе", plain=plain, charset="koi8-r")
    assert b"=?utf-8?" in data and "Армянские".encode("koi8-r") in data  # encoded-word subject, 8-bit KOI8-R body
    document = parse(data, Path("mail.eml"))
    assert (document.title, document.encoding) == ("Прекращение огня в Карабахе", "koi8-r")
    assert document.paragraphs == (plain.strip(),)


def test_an_email_declared_latin1_but_written_in_utf8_reads_as_utf8():
    data = ("Subject: Waffenruhe läuft\nContent-Type: text/plain; charset=iso-8859-1\n"
            "Content-Transfer-Encoding: 8bit\n\n"
            "Die Waffenruhe in Bergkarabach hält seit Mittwoch, sagen Beobachter.\n").encode("utf-8")
    document = parse(data, Path("mail.eml"))
    assert document.title == "Waffenruhe läuft"
    assert document.paragraphs == ("Die Waffenruhe in Bergkarabach hält seit Mittwoch, sagen Beobachter.",)


def test_an_html_only_newsletter_is_read_like_a_web_page():
    article = " ".join(["Talks between Baku and representatives of the Karabakh Armenians began in Yevlakh on Thursday."] * 3)
    html = (f"<html><body><div><a href='https://example.org/view'>View in browser</a></div>"
            f"<article><h1>Talks begin in Yevlakh</h1><p>{article}</p>"
            f"<p>Russian peacekeepers escorted the delegation from Stepanakert, the ministry said.</p></article>"
            f"<footer><p>Unsubscribe | Manage preferences</p></footer></body></html>")
    document = parse(_mail("Daily brief: talks begin", html=html), Path("brief.eml"))
    assert document.title == "Daily brief: talks begin"
    assert any("began in Yevlakh on Thursday" in p for p in document.paragraphs)
    assert not any("Unsubscribe" in p or "View in browser" in p for p in document.paragraphs)


def test_an_html_only_mail_without_main_text_says_so_and_a_short_reply_is_short():
    html = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><img src='banner.png'></body></html>"
    with pytest.raises(InputError, match=r"^promo\.eml: no main text could be extracted from the HTML; nothing to brief$"):
        parse(_mail("Newsletter", html=html), Path("promo.eml"))
    with pytest.raises(InputError, match=r"^reply\.eml: too short to brief: 'OK thanks' has 2 words"):
        parse(_mail("Re: Talks", plain="OK thanks\n", html="<p>OK thanks</p>"), Path("reply.eml"))


def test_a_mail_without_its_greeting_and_its_closing_with_the_signature_under_it():
    plain = ("Dear colleagues,\n\nThe ceasefire in Karabakh held on Thursday, officials in Stepanakert said.\n\n"
             "Thanks to the Russian mediators, talks began in Yevlakh.\n\n"
             "Thanks and best regards,\nAnna Petrosyan\nField office, Yerevan\n+374 10 123456\n")
    assert parse(_mail("Update", plain=plain), Path("update.eml")).paragraphs == (
        "The ceasefire in Karabakh held on Thursday, officials in Stepanakert said.",
        "Thanks to the Russian mediators, talks began in Yevlakh.")
    html = ("<html><body><p>Sehr geehrte Damen und Herren,</p><p>die Waffenruhe in Bergkarabach hält seit Mittwoch, "
            "sagen Beobachter in Stepanakert.</p><p>Die Gespräche in Yevlakh beginnen am Donnerstag.</p>"
            "<p>Mit freundlichen Grüßen</p><p>Anna Petrosyan, Pressestelle</p></body></html>")
    assert parse(_mail("Waffenruhe", html=html), Path("waffenruhe.eml")).paragraphs == (
        "die Waffenruhe in Bergkarabach hält seit Mittwoch, sagen Beobachter in Stepanakert.",
        "Die Gespräche in Yevlakh beginnen am Donnerstag.")


def test_a_closing_word_with_text_after_it_is_kept():
    plain = ("Regards,\n\nThe ceasefire held.\n\nThanks,\nbut the talks in Yevlakh were postponed again on Thursday "
             "after the delegation from Stepanakert failed to arrive in time, officials said, and a new date has not "
             "been set by either side, according to the ministry in Baku and the office of the Karabakh leader.\n")
    paragraphs = parse(_mail("Update", plain=plain), Path("update.eml")).paragraphs
    assert paragraphs[0] == "Regards," and paragraphs[-1].startswith("Thanks, but the talks")


def test_a_forwarded_email_keeps_the_forwarded_text_without_its_header_block():
    plain = ("FYI\n\n---------- Forwarded message ---------\nFrom: Press Office <press@example.org>\n"
             "Date: Wed, 20 Sep 2023 at 13:00\nSubject: Statement\nTo: <desk@example.org>\n\n"
             "The ministry confirmed that the ceasefire took effect at 13:00 local time.\n")
    document = parse(_mail("Fwd: Statement", plain=plain), Path("fwd.eml"))
    assert document.paragraphs == ("FYI", "The ministry confirmed that the ceasefire took effect at 13:00 local time.")


def test_an_email_with_only_an_unreadable_attachment_says_which_and_why():
    data = _mail("Report attached", attachments=(("report.pdf", b"%PDF-1.4 ..."), ("photo.jpg", b"\xff\xd8\xff", "image/jpeg")))
    with pytest.raises(InputError) as caught:
        parse(data, Path("report.eml"))
    assert caught.value.reason == "no-text"
    assert str(caught.value).startswith("report.eml: the e-mail has no text or HTML body, and none of its attachments "
                                        "could be read: report.pdf (not a readable PDF")
    assert "; photo.jpg (not a document type)" in str(caught.value)


def test_an_email_body_stays_its_text_beside_an_image_attachment():
    plain = "The ceasefire in Karabakh held on Thursday, officials in Stepanakert said.\n"
    data = _mail("Ceasefire holds", plain=plain, attachments=(("photo.jpg", b"\xff\xd8\xff\xe0 JFIF", "image/jpeg"),))
    assert parse(data, Path("mail.eml")).paragraphs == (plain.strip(),)


def test_a_short_email_with_an_unread_attachment_names_it_in_the_error():
    data = _mail("Photo", plain="See photo.\n", attachments=(("photo.jpg", b"\xff\xd8\xff\xe0 JFIF", "image/jpeg"),))
    with pytest.raises(InputError, match=r"too short to brief: 'See photo\.' has 2 words.*; attachments not read: "
                                         r"photo\.jpg \(not a document type\)$") as caught:
        parse(data, Path("photo.eml"))
    assert caught.value.reason == "too-short"


def test_a_note_saved_as_eml_without_mail_headers_is_read_as_text():
    data = b"Note: the ceasefire held on Thursday, officials in Stepanakert said.\n\nTalks continue in Yevlakh.\n"
    document = parse(data, Path("note.eml"))
    assert document.kind == "text"
    assert document.paragraphs == ("Note: the ceasefire held on Thursday, officials in Stepanakert said.",
                                   "Talks continue in Yevlakh.")


OUTLOOK_HISTORY = ("\n\n________________________________\nFrom: Press Office <press@example.org>\n"
                   "Sent: Wednesday, 20 September 2023 12:00\nTo: Desk\nSubject: Ceasefire statement\n\n"
                   "Can you confirm when the ceasefire took effect in the region?\n")


def test_an_outlook_reply_is_its_own_text_without_the_earlier_mail_below_it():
    plain = "Confirmed: the ceasefire took effect at 13:00 local time, the ministry said." + OUTLOOK_HISTORY
    document = parse(_mail("RE: Ceasefire statement", plain=plain), Path("reply.eml"))
    assert document.paragraphs == ("Confirmed: the ceasefire took effect at 13:00 local time, the ministry said.",)


def test_an_outlook_forward_keeps_the_forwarded_mail_without_its_header_block():
    plain = "For the briefing." + OUTLOOK_HISTORY + "\n-- Update --\nThe delegation arrived in Yevlakh.\n"
    document = parse(_mail("FW: Ceasefire statement", plain=plain), Path("forward.eml"))
    assert document.paragraphs == ("For the briefing.", "Can you confirm when the ceasefire took effect in the region?",
                                   "-- Update -- The delegation arrived in Yevlakh.")


# -- Word documents (.docx) ---------------------------------------------------------------------

def _docx(build) -> bytes:
    """A real .docx written by python-docx (Word's own format), shaped by ``build(document)``."""
    import io

    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tracked_changes(paragraph) -> None:
    """Append a tracked insertion, deletion and move, as Word writes them with Track Changes on."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    change = f'{nsdecls("w")} w:author="Desk" w:date="2023-09-21T09:00:00Z"'
    paragraph._p.append(parse_xml(f'<w:ins w:id="1" {change}><w:r><w:t xml:space="preserve">on Thursday </w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del w:id="2" {change}><w:r><w:delText>on Friday </w:delText></w:r></w:del>'))
    # text moved elsewhere: Word keeps it at the old place as w:moveFrom, in w:t
    paragraph._p.append(parse_xml(f'<w:moveFrom w:id="3" {change}><w:r><w:t xml:space="preserve">in Baku </w:t></w:r></w:moveFrom>'))


def test_a_word_document_gives_its_title_paragraphs_and_tables_in_reading_order():
    def build(document):
        document.core_properties.title = "Template title"
        document.sections[0].header.paragraphs[0].text = "CONFIDENTIAL - page header"
        document.sections[0].footer.paragraphs[0].text = "Page 1 of 1"
        document.add_paragraph("Прекращение огня в Нагорном Карабахе", style="Title")
        lead = document.add_paragraph("Армянские власти согласились на прекращение ")
        lead.add_run("огня").bold = True
        lead.add_run(" в среду.")
        table = document.add_table(rows=2, cols=2)
        for (row, column), text in {(0, 0): "Сторона", (0, 1): "Заявление", (1, 0): "Баку", (1, 1): "операция завершена"}.items():
            table.cell(row, column).text = text
        talks = document.add_paragraph("Talks begin ")
        _tracked_changes(talks)
        talks.add_run("in Yevlakh.\tOfficials confirmed it.")

    document = parse(_docx(build), Path("report.docx"))
    assert document.kind == "docx"
    assert document.title == "Прекращение огня в Нагорном Карабахе"
    assert document.paragraphs == (
        "Армянские власти согласились на прекращение огня в среду.",
        "Сторона — Заявление",
        "Баку — операция завершена",
        "Talks begin on Thursday in Yevlakh. Officials confirmed it.",
    )


def test_a_word_document_without_a_heading_takes_its_title_property_unless_it_is_word_s_default():
    def build(title):
        def make(document):
            document.core_properties.title = title
            document.add_paragraph("Ceasefire holds")
            document.add_paragraph("The ceasefire in Karabakh held on Thursday, officials in Stepanakert said.")
        return make

    assert parse(_docx(build("Karabakh: day two")), Path("a.docx")).title == "Karabakh: day two"
    stale = parse(_docx(build("Microsoft Word - draft3.doc")), Path("b.docx"))
    assert stale.title == "Ceasefire holds"  # the first short line, as for a text file
    assert stale.paragraphs == ("The ceasefire in Karabakh held on Thursday, officials in Stepanakert said.",)


def test_a_file_named_docx_that_is_not_one_is_damaged_with_advice(tmp_path):
    import io
    import zipfile

    with pytest.raises(InputError, match=r"not a Word document .*save it from the word processor as \.docx") as caught:
        parse(b"The ceasefire held on Thursday, officials said.", Path("notes.docx"))
    assert caught.value.reason == "damaged"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "no Word parts here")
    with pytest.raises(InputError, match=r"not a readable Word document .*save it again as \.docx") as caught:
        parse(buffer.getvalue(), Path("archive.docx"))
    assert caught.value.reason == "damaged"


def test_a_word_document_that_unpacks_too_large_is_refused_before_unpacking(monkeypatch):
    import pipeline.formats as formats

    data = _docx(lambda document: document.add_paragraph("The ceasefire held on Thursday, officials said."))
    monkeypatch.setattr(formats, "_MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(InputError, match=r"unpacks to [\d,]+ bytes, over the limit of 10,000") as caught:
        parse(data, Path("bomb.docx"))
    assert caught.value.reason == "too-large"


# -- OpenDocument text (.odt) -------------------------------------------------------------------

def _odt(body: str, title: str | None = None, office_body: str = "text") -> bytes:
    """A real OpenDocument package as LibreOffice writes it: the mimetype first and uncompressed,
    a manifest, content.xml with ``body`` inside office:text, and meta.xml."""
    import io
    import zipfile

    namespaces = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                         '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                         '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                         '</manifest:manifest>')
        archive.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} '
                         f'office:version="1.3"><office:body><office:{office_body}>{body}</office:{office_body}></office:body>'
                         f'</office:document-content>')
        archive.writestr("meta.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {namespaces} '
                         f'office:version="1.3"><office:meta>{f"<dc:title>{title}</dc:title>" if title else ""}'
                         f'<meta:generator>LibreOffice/7.4</meta:generator></office:meta></office:document-meta>')
    return buffer.getvalue()


def test_a_libreoffice_document_gives_its_title_paragraphs_lists_and_tables():
    body = (
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
        '<dc:creator>Desk</dc:creator></office:change-info><text:p>on Friday</text:p></text:deletion>'
        '</text:changed-region></text:tracked-changes>'
        '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>'
        '<text:h text:outline-level="1">Waffenruhe in Bergkarabach</text:h>'
        '<text:p>Nach eintägigen <text:span text:style-name="T1">Kämpfen</text:span> haben sich die Behörden'
        '<text:s/>auf eine Waffenruhe geeinigt.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        '<text:note-body><text:p>Quelle: Agenturen</text:p></text:note-body></text:note></text:p>'
        '<text:list><text:list-item><text:p>Russische Friedenstruppen vermittelten.</text:p></text:list-item>'
        '<text:list-item><text:p>Gespräche beginnen<text:change text:change-id="ct1"/> am Donnerstag'
        '<office:annotation><dc:creator>Desk</dc:creator><text:p>check the date</text:p></office:annotation>'
        ' in Yevlakh.</text:p></text:list-item></text:list>'
        '<table:table table:name="Table1"><table:table-column/><table:table-row><table:table-cell><text:p>Seite</text:p>'
        '</table:table-cell><table:table-cell><text:p>Aussage</text:p></table:table-cell></table:table-row>'
        '<table:table-row><table:table-cell><text:p>Baku</text:p></table:table-cell><table:table-cell>'
        '<text:p>Operation beendet</text:p></table:table-cell></table:table-row></table:table>'
        '<text:section text:name="Section1"><text:p>Die Lage bleibt<text:tab/>angespannt.</text:p></text:section>'
    )
    document = parse(_odt(body, title="Entwurf"), Path("bericht.odt"))
    assert document.kind == "odt"
    assert document.title == "Waffenruhe in Bergkarabach"
    assert document.paragraphs == (
        "Nach eintägigen Kämpfen haben sich die Behörden auf eine Waffenruhe geeinigt.",
        "Russische Friedenstruppen vermittelten.",
        "Gespräche beginnen am Donnerstag in Yevlakh.",
        "Seite — Aussage",
        "Baku — Operation beendet",
        "Die Lage bleibt angespannt.",
    )


def test_a_libreoffice_document_without_a_heading_takes_its_title_property():
    body = "<text:p>Die Waffenruhe in Bergkarabach hält seit Mittwoch, sagen Beobachter vor Ort.</text:p>"
    assert parse(_odt(body, title="Lagebericht Karabach"), Path("a.odt")).title == "Lagebericht Karabach"


def test_a_damaged_or_non_text_libreoffice_file_fails_with_advice():
    import io
    import zipfile

    with pytest.raises(InputError, match=r"not a LibreOffice document .*save it from the word processor as \.odt"):
        parse(b"Die Waffenruhe in Bergkarabach, sagen Beobachter.", Path("notes.odt"))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("content.xml", "<office:document-content")
    with pytest.raises(InputError, match=r"not a readable LibreOffice document .*save it again as \.odt") as caught:
        parse(broken.getvalue(), Path("broken.odt"))
    assert caught.value.reason == "damaged"
    spreadsheet = _odt("<table:table/>", office_body="spreadsheet")
    with pytest.raises(InputError, match=r"not a text document \(a spreadsheet or a presentation\?\)"):
        parse(spreadsheet, Path("table.odt"))


# -- PDF ------------------------------------------------------------------------------------------

REPORT_PARAGRAPH = ("The Armenian authorities in Nagorno-Karabakh agreed to a ceasefire on Wednesday after a day of "
                    "fighting, officials said. Russian peacekeepers mediated the deal, which requires the disbandment "
                    "of local forces and the handover of heavy weapons.")
REPORT_SENTENCES = (
    "Shelling stopped along the line of contact shortly after one in the afternoon, residents said.",
    "The agreement was announced by the local authorities in Stepanakert on Wednesday.",
    "Azerbaijan's defence ministry said the disbandment of the local forces had begun with their weapons.",
    "Russian peacekeepers said they had evacuated more than five thousand civilians from nearby villages.",
    "Talks on the region's future are due to begin in the town of Yevlakh on Thursday morning.",
    "Armenia's prime minister said his government had not been party to the negotiations.",
    "Aid organisations warned of shortages of food, fuel and medicine across the region.",
    "The International Committee of the Red Cross asked for safe access to the wounded.",
    "Several thousand people gathered outside the government building in Yerevan in the evening.",
    "Observers said the coming days would show whether the ceasefire can hold.",
)
REPORT_PARAGRAPHS = tuple(" ".join(REPORT_SENTENCES[(n + k) % 10] for k in (0, 3, 7, 1, 5)) for n in range(10))


def _pdf(body, *, title: str | None = None, running_head: str | None = "Caucasus Report - September 2023",
         font: tuple[str, str | None] = ("Helvetica", None), password: str | None = None) -> bytes:
    """A real PDF with a text layer, laid out by fpdf2 (wrapped lines, a running head and "Page N
    of M" footers on every page), shaped by ``body(pdf, write)``."""
    from fpdf import FPDF

    family, font_file = font

    class Report(FPDF):
        def header(self):
            if running_head:
                self.set_font(family, size=8)
                self.cell(0, 8, running_head, align="C")
                self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font(family, size=8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report()
    if font_file:
        pdf.add_font(family, fname=font_file)
    if title:
        pdf.set_title(title)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()

    def write(text: str, size: int = 11, gap: float = 4) -> None:
        pdf.set_font(family, size=size)
        pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    body(pdf, write)
    return bytes(pdf.output())


def test_a_pdf_report_gives_its_paragraphs_without_running_heads_and_page_numbers():
    def body(pdf, write):
        write("Ceasefire agreed in Nagorno-Karabakh", size=16)
        for paragraph in REPORT_PARAGRAPHS:  # two pages: one paragraph runs across the page break
            write(paragraph)
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, "Talks on the reintegration of the region begin on Thursday in Yevlakh; the disband-",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, "ment of the local forces is to follow within days, the ministry said in its statement.",
                       new_x="LMARGIN", new_y="NEXT")

    document = parse(_pdf(body), Path("report.pdf"))
    assert document.kind == "pdf"
    assert document.title == "Ceasefire agreed in Nagorno-Karabakh"
    assert document.paragraphs == (
        *REPORT_PARAGRAPHS,
        "Talks on the reintegration of the region begin on Thursday in Yevlakh; the disbandment of the local forces "
        "is to follow within days, the ministry said in its statement.",
    )
    assert not any("Caucasus Report" in p or "Page " in p for p in document.paragraphs)


def test_a_pdf_title_property_is_the_title_and_a_line_end_hyphen_of_a_compound_stays():
    def body(pdf, write):
        pdf.set_font("Helvetica", size=11)
        for line in ("Fighting stopped along the whole line of contact in Nagorno-", "Karabakh on Wednesday, officials said."):
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")

    document = parse(_pdf(body, title="Karabakh: the ceasefire holds", running_head=None), Path("a.pdf"))
    assert document.title == "Karabakh: the ceasefire holds"
    assert document.paragraphs == ("Fighting stopped along the whole line of contact in Nagorno-Karabakh on Wednesday, "
                                   "officials said.",)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs the DejaVu font to write Cyrillic into a PDF")
def test_a_russian_pdf_with_an_embedded_font():
    text = ("Армянские власти Нагорного Карабаха согласились на прекращение огня в среду после дня боёв. "
            "Российские миротворцы выступили посредниками.")
    document = parse(_pdf(lambda pdf, write: write(text), running_head=None, font=("DejaVu", str(DEJAVU))),
                     Path("отчёт.pdf"))
    assert document.paragraphs == (text,)


def test_a_pdf_without_a_text_layer_says_no_ocr(tmp_path):
    def body(pdf, write):
        pdf.rect(20, 40, 120, 80, style="F")  # a scanned page is an image: no text at all

    with pytest.raises(InputError, match=r"no text layer \(a scanned image\?\).*no OCR") as caught:
        parse(_pdf(body, running_head=None), Path("scan.pdf"))
    assert caught.value.reason == "no-text"


def test_a_password_protected_pdf_asks_for_an_unprotected_copy():
    data = _pdf(lambda pdf, write: write(REPORT_PARAGRAPH), password="secret")
    with pytest.raises(InputError, match=r"protected by a password; save an unprotected copy") as caught:
        parse(data, Path("locked.pdf"))
    assert caught.value.reason == "encrypted"


def test_a_damaged_pdf_is_an_error_with_advice():
    data = _pdf(lambda pdf, write: write(REPORT_PARAGRAPH))
    with pytest.raises(InputError, match=r"not a readable PDF .*save it again") as caught:
        parse(data[: len(data) // 3], Path("cut.pdf"))
    assert caught.value.reason == "damaged"
    with pytest.raises(InputError, match=r"not a readable PDF") as caught:
        parse(b"The ceasefire held on Thursday, officials said.", Path("notes.pdf"))
    assert caught.value.reason == "damaged"


@pytest.mark.parametrize("line, is_page_number", [
    ("3", True), ("- 3 -", True), ("Page 3 of 10", True), ("Seite 3/10", True), ("стр. 3", True), ("iv", True),
    ("Article 5", False), ("Chapter 3", False), ("In 2023", False), ("Talks", False),
])
def test_page_number_lines_of_a_pdf(line, is_page_number):
    from pipeline.formats import _PAGE_NUMBER

    assert bool(_PAGE_NUMBER.match(line)) is is_page_number


def test_damaged_files_of_every_type_fail_with_a_reason_never_a_crash():
    """Truncated files and files with bytes overwritten: parsed, or refused with an InputError
    (a reason and advice), never another exception (zipfile once raised NotImplementedError),
    also inside a mail's attachment."""
    import random

    from tests.outlook import outlook_message

    samples = {
        "report.pdf": _pdf(lambda pdf, write: [write(p) for p in REPORT_PARAGRAPHS[:3]]),
        "report.docx": _docx(lambda document: [document.add_paragraph(p) for p in REPORT_PARAGRAPHS[:3]]),
        "report.odt": _odt("".join(f"<text:p>{p}</text:p>" for p in REPORT_PARAGRAPHS[:3])),
        "mail.eml": _mail("Re: Ceasefire", plain="\n\n".join(REPORT_PARAGRAPHS[:3]), html=f"<p>{REPORT_PARAGRAPHS[0]}</p>"),
        "page.mhtml": _mail("Page", html=f"<html><body><article><p>{REPORT_PARAGRAPHS[0]}</p></article></body></html>"),
        "report.rtf": WORD_RTF.encode("ascii"),
        "attached.eml": _mail("Fwd: Statement", plain="FYI\n", attachments=(("statement.pdf", _statement_pdf()),)),
        "report.doc": (FIXTURES / "word97-report.doc").read_bytes(),
        "mail.msg": outlook_message("Ceasefire", "\n\n".join(REPORT_PARAGRAPHS[:3]),
                                    attachments=(("statement.pdf", _statement_pdf(), "application/pdf"),)),
    }
    docx = bytearray(samples["report.docx"])
    entry = docx.find(b"PK\x01\x02")  # the first central directory entry: "version needed to extract" 199.4
    docx[entry + 6:entry + 8] = (1994).to_bytes(2, "little")
    with pytest.raises(InputError, match="not a Word document") as caught:
        parse(bytes(docx), Path("report.docx"))
    assert caught.value.reason == "damaged"
    rng = random.Random(2)
    for name, data in samples.items():
        for _ in range(60):
            damaged = bytearray(data)
            if rng.random() < 0.4:
                damaged = damaged[: rng.randrange(1, len(damaged))]
            else:
                for _ in range(rng.randrange(1, 20)):
                    damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                parse(bytes(damaged), Path(name))
            except InputError as error:
                assert str(error).startswith(name) and error.reason


def test_a_pdf_line_holding_only_a_year_inside_a_paragraph_is_text_not_a_page_number():
    assert parse(_statement_pdf(), Path("statement.pdf")).paragraphs == STATEMENT  # "2023." wraps onto a line of its own


# -- e-mail attachments -------------------------------------------------------------------------

STATEMENT = ("The Ministry of Defence of Azerbaijan said that the ceasefire took effect at 13:00 local time "
             "on 20 September 2023.",
             "Representatives of the Karabakh Armenians agreed to meet officials from Baku in Yevlakh on Thursday.",
             "Russian peacekeepers reported no violations of the ceasefire overnight.")


def _statement_pdf() -> bytes:
    def body(pdf, write):
        write("Ceasefire statement", size=16)
        for paragraph in STATEMENT:
            write(paragraph)
    return _pdf(body, running_head=None)


def test_a_press_release_attached_as_pdf_is_the_mails_text_without_the_cover_note():
    plain = "Hi desk,\n\nsee the statement attached.\n\nBest regards,\nAnna\n"
    data = _mail("Fwd: Statement of the ministry", plain=plain, attachments=(("statement.pdf", _statement_pdf()),))
    document = parse(data, Path("statement.eml"))
    assert (document.kind, document.title) == ("email", "Statement of the ministry")
    assert document.paragraphs == ("Ceasefire statement", *STATEMENT)


def test_a_long_email_keeps_its_text_before_an_attached_word_document():
    plain = ("Our correspondent reports from Stepanakert that queues of cars formed on the road to the Lachin "
             "corridor on Sunday, as thousands of residents prepared to leave for Armenia after the ceasefire.\n")

    def build(document):
        document.add_heading("Talks in Yevlakh", level=1)
        document.add_paragraph(STATEMENT[1])

    data = _mail("Karabakh update", plain=plain, attachments=(
        ("talks.docx", _docx(build), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),))
    document = parse(data, Path("update.eml"))
    assert document.title == "Karabakh update"
    assert document.paragraphs == (plain.strip(), "Talks in Yevlakh", STATEMENT[1])


def test_a_mail_forwarded_as_an_attachment_is_read_with_its_own_attachments():
    inner = _mail("Statement of the ministry", plain="Statement attached, as promised.\n",
                  attachments=(("statement.pdf", _statement_pdf()),), as_message=True)
    outer = _mail("FW: Statement of the ministry", plain="FYI\n")
    from email import message_from_bytes, policy

    message = message_from_bytes(outer, policy=policy.default)
    message.add_attachment(inner)  # message/rfc822, as "Forward as attachment" sends it
    document = parse(bytes(message), Path("forward.eml"))
    assert document.title == "Statement of the ministry"
    assert document.paragraphs == ("Ceasefire statement", *STATEMENT)


def test_the_documents_of_a_zip_attachment_are_read_and_the_rest_named():
    clippings = zip_bytes(
        ("clippings/statement.pdf", _statement_pdf()),
        ("clippings/talks.txt", ("Talks in Yevlakh\n\n" + STATEMENT[1] + "\n").encode()),
        ("clippings/photo.jpg", b"\xff\xd8\xff\xe0 JFIF"),
        ("clippings/older.zip", zip_bytes(("a.txt", b"Older clippings."))),
        ("clippings/private.docx", b"PK..."),
        ("__MACOSX/clippings/._statement.pdf", b"\x00\x05\x16\x07"),
        (".DS_Store", b"\x00\x00\x00\x01Bud1"),
        encrypted=("clippings/private.docx",),
    )
    data = _mail("Clippings", plain="Clippings attached.\n", attachments=(("clippings.zip", clippings, "application/zip"),))
    document = parse(data, Path("clippings.eml"))
    assert document.paragraphs == ("Ceasefire statement", *STATEMENT, "Talks in Yevlakh", STATEMENT[1])

    # with nothing readable inside, the error names each file of the archive and why
    data = _mail("Clippings", attachments=(("clippings.zip", zip_bytes(
        ("photo.jpg", b"\xff\xd8\xff\xe0 JFIF"), ("older.zip", zip_bytes(("a.txt", b"Older clippings."))),
        ("private.docx", b"PK..."), encrypted=("private.docx",)), "application/zip"),))
    with pytest.raises(InputError) as caught:
        parse(data, Path("clippings.eml"))
    assert caught.value.reason == "no-text"
    assert str(caught.value) == (
        "clippings.eml: the e-mail has no text or HTML body, and none of its attachments could be read: "
        "clippings.zip/older.zip (an archive inside the archive; unpack it into the inbox); "
        "clippings.zip/private.docx (protected by a password; attach it unprotected); "
        "clippings.zip/photo.jpg (not a document type)")


@pytest.mark.parametrize(
    ("archive", "reason"),
    [
        (b"PK\x03\x04 not really an archive", "not a readable ZIP archive"),
        # 120 empty-looking files: a collection for the inbox, not a mail's text
        (zip_bytes(*((f"n{i}.txt", b"x") for i in range(120))), "holds 120 files of 120 bytes, over the limit of 100 files"),
    ],
)
def test_a_zip_attachment_that_is_no_archive_or_too_big_is_named_with_why(archive: bytes, reason: str) -> None:
    data = _mail("Clippings", plain="See archive.\n", attachments=(("clippings.zip", archive, "application/zip"),))
    with pytest.raises(InputError, match="attachments not read: clippings.zip \\(" + re.escape(reason)):
        parse(data, Path("clippings.eml"))


def test_a_zip_bomb_attachment_is_refused_before_unpacking() -> None:
    import zipfile

    bomb = zip_bytes(("big.txt", b"0" * 1000))
    # the header says 300 MB: refused on what the archive declares, nothing is inflated
    directory = bomb.rindex(b"PK\x01\x02")
    size_offset = directory + 24
    bomb = bomb[:size_offset] + (300_000_000).to_bytes(4, "little") + bomb[size_offset + 4:]
    assert zipfile.ZipFile(io.BytesIO(bomb)).infolist()[0].file_size == 300_000_000
    data = _mail("Clippings", plain="See archive.\n", attachments=(("clippings.zip", bomb, "application/zip"),))
    with pytest.raises(InputError, match=r"clippings\.zip \(holds 1 files of 300,000,000 bytes, over the limit"):
        parse(data, Path("clippings.eml"))


def test_mails_attached_inside_mails_are_read_only_so_deep():
    message = _mail("Statement", plain=" ".join(STATEMENT) + "\n", as_message=True)
    for level in (4, 3, 2, 1):
        wrapper = _mail("Fwd: Statement", plain="FYI\n", as_message=True)
        wrapper.add_attachment(message, filename=f"Level {level + 1}.eml")
        message = wrapper
    with pytest.raises(InputError, match=r"attachments not read: Level 2\.eml/Level 3\.eml/Level 4\.eml/Level 5\.eml "
                                         r"\(a mail attached 4 levels deep\)$") as caught:
        parse(bytes(message), Path("deep.eml"))
    assert caught.value.reason == "too-short"


def test_a_year_that_wraps_to_the_last_line_of_a_page_stays_in_its_sentence():
    from fpdf.enums import MethodReturnValue

    filler = ("Observers from the region reported on the situation along the former line of contact, "
              "where the positions had been quiet since the morning. ")

    sentence: list[str] = []

    def body(pdf, write):
        while pdf.get_y() < 230:
            write(filler * 2)
        pdf.set_font("Helvetica", size=11)
        words = "The delegations agreed to meet again in Yevlakh after the talks ended, the ministry said".split()
        for count in range(len(words), 0, -1):  # the sentence whose year wraps onto a line of its own
            text = " ".join(words[:count] + ["on", "20", "September", "2023."])
            lines = pdf.multi_cell(0, 11 * 0.55, text, dry_run=True, output=MethodReturnValue.LINES)
            if lines[-1] == "2023." and len(lines) == 2:
                break
        sentence.append(text)
        pdf.set_y(258)  # its two lines are the last text lines of the page, above the footer
        write(text)
        pdf.add_page()
        write("The talks resumed in Yevlakh the next day, the ministry said.")
    paragraphs = parse(_pdf(body, running_head=None), Path("report.pdf")).paragraphs
    assert paragraphs[-2] == sentence[0]
    assert paragraphs[-1] == "The talks resumed in Yevlakh the next day, the ministry said."


# -- Rich Text (.rtf) ---------------------------------------------------------------------------

# As Word writes it: font, colour and style tables, the title property, a page header and a
# footnote (not text), Unicode escapes with their one-byte fallbacks, a hyperlink field, a
# picture, a table, and a soft hyphen.
WORD_RTF = r"""{\rtf1\adeflang1025\ansi\ansicpg1252\uc1\adeff31507\deff0
{\fonttbl{\f0\fbidi \froman\fcharset0\fprq2 Times New Roman;}{\f1\fswiss\fcharset204 Arial Cyr;}}
{\colortbl;\red0\green0\blue0;\red255\green0\blue0;}
{\stylesheet{\ql \li0\ri0 Normal;}{\s1\ql \fs32 heading 1;}}
{\info{\title Karabakh: the ceasefire holds}{\author Anna Petrosyan}{\creatim\yr2023\mo9\dy21}}
{\header \pard\plain\qc Caucasus Report \endash  confidential\par}
\pard\plain\s1\ql \fs32 Karabakh: the ceasefire holds\par
\pard\plain\ql \fs22 The ceasefire in Nagorno-Karabakh held on Thursday, officials in Stepanakert said, and talks
 between Baku and the Karabakh Armenians began in Yevlakh.{\super\chftn{\footnote\pard\plain \chftn  Source: the
 ministry's statement of 20 September.}}\par
\pard The talks were reported by {\field{\*\fldinst{HYPERLINK "https://example.org/yevlakh"}}{\fldrslt{\ul
 Azerbaijani media}}} and by the ministry in Baku, who called them constructive.\par
\pard {\*\shppict{\pict\pngblip\picw10\pich10 89504e470d0a1a0a0000000d49484452}}\par
\pard In Stepanakert, the mayor said: \ldblquote \u1052\'3f\u1099\'3f \u1078\'3f\u1076\'3f\u1105\'3f\u1084\'3f.\rdblquote\par
\trowd\cellx3000\cellx6000
\pard\intbl Delegation\cell Arrived\cell\row
\trowd\cellx3000\cellx6000
\pard\intbl Baku\cell Thursday morning\cell\row
\pard Russian peace\-keepers reported no violations overnight.\par
}"""


def test_a_word_rtf_gives_its_title_and_body_without_header_footnote_field_code_or_picture():
    document = parse(WORD_RTF.encode("ascii"), Path("report.rtf"))
    assert (document.kind, document.title) == ("rtf", "Karabakh: the ceasefire holds")
    assert document.paragraphs == (
        "The ceasefire in Nagorno-Karabakh held on Thursday, officials in Stepanakert said, and talks between Baku "
        "and the Karabakh Armenians began in Yevlakh.",
        "The talks were reported by Azerbaijani media and by the ministry in Baku, who called them constructive.",
        "In Stepanakert, the mayor said: “Мы ждём.”",
        "Delegation — Arrived",
        "Baku — Thursday morning",
        "Russian peacekeepers reported no violations overnight.",
    )


def test_a_cyrillic_rtf_in_its_code_page_reads_as_russian():
    body = "Армянские власти Нагорного Карабаха согласились на прекращение огня в среду."
    escaped = "".join(f"\\'{b:02x}" if b > 127 else chr(b) for b in body.encode("cp1251"))
    rtf = ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fcharset204 Arial;}}\\f0 " + escaped + "\\par}").encode("ascii")
    document = parse(rtf, Path("report.rtf"))
    assert document.paragraphs == (body,)


def test_a_textedit_rtf_with_unicode_escapes_and_no_fallback():
    rtf = (r"{\rtf1\ansi\ansicpg1252\cocoartf2761 \cocoatextscaling0\cocoaplatform0{\fonttbl\f0\fswiss\fcharset0 Helvetica;}"
           "\n" r"\pard\tx566\pardirnatural\partightenfactor0 \f0\fs24 \cf0 \uc0\u1329\u1408\u1409\u1377\u1389  "
           r"\u1399\u1377\u1408\u1400\u1410\u1398\u1377\u1398\u1400\u1410\u1396  \u1383  \'e9 caf\'e9.\par}").encode("ascii")
    assert parse(rtf, Path("note.rtf")).paragraphs == ("Արցախ շարունանում է é café.",)


def test_an_rtf_with_a_broken_control_word_fails_as_damaged():
    with pytest.raises(InputError, match=r"report\.rtf: not a readable Rich Text document \(TypeError") as caught:
        parse(rb"{\rtf1\ansi \uc The ceasefire held on Thursday, officials said.\par}", Path("report.rtf"))
    assert caught.value.reason == "damaged"


def test_a_file_named_rtf_that_is_not_rich_text_fails_as_damaged():
    with pytest.raises(InputError, match=r"note\.rtf: not a Rich Text document \(it does not begin with \{\\rtf\)") as caught:
        parse(b"The ceasefire held on Thursday, officials said.", Path("note.rtf"))
    assert caught.value.reason == "damaged"


# -- Outlook messages (.msg) --------------------------------------------------------------------

def test_an_outlook_message_reads_as_the_same_mail_saved_as_eml():
    from tests.outlook import outlook_message

    body = ("Hi all,\r\n\r\nThe Armenian authorities in Nagorno-Karabakh agreed to a ceasefire on Wednesday\r\n"
            "after a day of fighting, officials said.\r\n\r\n"
            "On Tue, 19 Sep 2023 at 18:02, Desk <desk@example.org> wrote:\r\n> Any news from Stepanakert?\r\n")
    document = parse(outlook_message("RE: Ceasefire agreed in Karabakh", body), Path("ceasefire.msg"))
    assert (document.kind, document.title) == ("email", "Ceasefire agreed in Karabakh")
    assert document.paragraphs == (
        "The Armenian authorities in Nagorno-Karabakh agreed to a ceasefire on Wednesday after a day of "
        "fighting, officials said.",
    )


def test_an_ansi_outlook_message_is_decoded_in_its_code_page():
    from tests.outlook import outlook_message

    body = "Армянские власти Нагорного Карабаха согласились на прекращение огня в среду."
    data = outlook_message("Прекращение огня", body, ansi_code_page=1251)
    assert body.encode("cp1251") in data and body.encode("utf-16-le") not in data
    document = parse(data, Path("mail.msg"))
    assert (document.title, document.paragraphs) == ("Прекращение огня", (body,))


def test_an_outlook_message_with_only_an_html_or_rtf_body():
    import compressed_rtf

    from tests.outlook import outlook_message

    article = "Talks between Baku and representatives of the Karabakh Armenians began in Yevlakh on Thursday."
    html = f"<html><body><p>{article}</p><p>Russian peacekeepers escorted the delegation, the ministry said.</p></body></html>"
    assert parse(outlook_message("Talks", html=html), Path("html.msg")).paragraphs[0] == article
    rtf = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}\pard " + article + r"\par\pard "
           r"Russian peacekeepers escorted the delegation, the ministry said.\par}").encode("ascii")
    data = outlook_message("Talks", rtf_body=compressed_rtf.compress(rtf))
    assert parse(data, Path("rtf.msg")).paragraphs == (article, "Russian peacekeepers escorted the delegation, the ministry said.")


def test_an_outlook_message_reads_its_attached_documents_and_messages():
    from tests.outlook import message_storage, outlook_message

    inner = message_storage("Ceasefire statement", "Statement attached.\r\n", top_level=False,
                            attachments=(("statement.pdf", _statement_pdf(), "application/pdf"),))
    data = outlook_message("FW: Ceasefire statement", "FYI\r\n", attached_messages=(inner,),
                           attachments=(("photo.jpg", b"\xff\xd8\xff\xe0 JFIF", "image/jpeg"),))
    assert len(data) > 4096  # the PDF lies in ordinary sectors, the short streams in the mini stream
    document = parse(data, Path("forward.msg"))
    assert document.title == "Ceasefire statement"
    assert document.paragraphs == STATEMENT  # the PDF's title is the mail's: not repeated


def test_a_file_named_msg_that_is_not_an_outlook_message_fails_as_damaged():
    with pytest.raises(InputError, match=r"note\.msg: not an Outlook message \(no OLE compound file\); save the mail again") as caught:
        parse(b"The ceasefire held on Thursday, officials said.", Path("note.msg"))
    assert caught.value.reason == "damaged"


# -- Word 97-2003 documents (.doc) --------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_word_97_document_gives_its_title_and_main_text_without_header_or_field_codes():
    document = parse((FIXTURES / "word97-report.doc").read_bytes(), Path("report.doc"))
    assert (document.kind, document.title) == ("doc", "Karabakh: the ceasefire holds")
    assert document.paragraphs == (  # the heading repeats the title: dropped, as for every kind
        "The ceasefire in Nagorno-Karabakh held on Thursday, officials in Stepanakert said, and talks between Baku "
        "and the Karabakh Armenians began in Yevlakh.",
        "The talks were reported by Azerbaijani media and by the ministry in Baku, who called them constructive.",
        "In Stepanakert, the mayor said: “Мы ждём.” Армянские власти согласились на прекращение огня.",
        "Delegation — Arrived",
        "Baku — Thursday morning",
        "Russian peacekeepers reported no violations overnight.",
    )


NOTES_DOC = (
    "Representatives of the Karabakh Armenians met officials from Baku in Yevlakh on Thursday.",
    "The meeting lasted about two hours, the ministry said.",
    "Baku — Thursday",  # an empty cell between: the row ends are read from the paragraph properties
    "Russian peacekeepers escorted the delegation from Stepanakert.",
)


def test_a_word_97_document_without_footnotes_or_comments():
    document = parse((FIXTURES / "word97-notes.doc").read_bytes(), Path("notes.doc"))
    assert (document.title, document.paragraphs) == ("Talks in Yevlakh", NOTES_DOC)


def _compressed_pieces(data: bytes) -> bytes:
    """The same .doc with its text in an 8-bit ("compressed") piece, as Word stores Western text."""
    import io

    import olefile

    buffer = io.BytesIO(data)
    ole = olefile.OleFileIO(buffer, write_mode=True)
    word = bytearray(ole.openstream("WordDocument").read())
    table_name = "1Table" if int.from_bytes(word[10:12], "little") & 0x0200 else "0Table"
    table = bytearray(ole.openstream(table_name).read())
    csw = int.from_bytes(word[32:34], "little")
    cslw = int.from_bytes(word[34 + 2 * csw:36 + 2 * csw], "little")
    pairs = 36 + 2 * csw + 4 * cslw + 2
    clx = int.from_bytes(word[pairs + 33 * 8:pairs + 33 * 8 + 4], "little")
    assert table[clx] == 0x02 and int.from_bytes(table[clx + 1:clx + 5], "little") == 16  # one piece
    length = int.from_bytes(table[clx + 9:clx + 13], "little")
    descriptor = clx + 13
    start = int.from_bytes(table[descriptor + 2:descriptor + 6], "little")
    text = word[start:start + 2 * length].decode("utf-16-le")
    word[start:start + length] = text.encode("cp1252")
    table[descriptor + 2:descriptor + 6] = (start * 2 | 0x40000000).to_bytes(4, "little")

    def moved(offset: int) -> int:  # a byte offset into the text, now one byte a character
        return start + (offset - start) // 2 if start <= offset <= start + 2 * length else offset

    # the paragraph properties (PlcBtePapx and its 512-byte FKP pages) point into the text by offset
    plc, plc_size = (int.from_bytes(word[pairs + 13 * 8 + k:pairs + 13 * 8 + k + 4], "little") for k in (0, 4))
    runs = (plc_size - 4) // 8
    for n in range(runs + 1):
        at = plc + 4 * n
        table[at:at + 4] = moved(int.from_bytes(table[at:at + 4], "little")).to_bytes(4, "little")
    for n in range(runs):
        page = int.from_bytes(table[plc + 4 * (runs + 1) + 4 * n:plc + 4 * (runs + 1) + 4 * n + 4], "little") & 0x3FFFFF
        fkp = page * 512
        for i in range(word[fkp + 511] + 1):
            at = fkp + 4 * i
            word[at:at + 4] = moved(int.from_bytes(word[at:at + 4], "little")).to_bytes(4, "little")
    ole.write_stream("WordDocument", bytes(word))
    ole.write_stream(table_name, bytes(table))
    return buffer.getvalue()


def test_a_word_97_document_with_8_bit_text_pieces():
    original = (FIXTURES / "word97-notes.doc").read_bytes()
    data = _compressed_pieces(original)
    assert data != original and "Yevlakh".encode("utf-16-le") not in data and b"Yevlakh" in data
    assert parse(data, Path("notes.doc")).paragraphs == NOTES_DOC


def test_a_doc_that_is_rich_text_or_a_web_page_is_read_as_what_it_is():
    assert parse(WORD_RTF.encode("ascii"), Path("saved.doc")).title == "Karabakh: the ceasefire holds"
    html = b"<html><body><article><h1>Talks</h1><p>" + b"Talks began in Yevlakh on Thursday, officials said. " * 5 + b"</p></article></body></html>"
    assert "Talks began in Yevlakh" in parse(html, Path("page.doc")).paragraphs[0]


def test_a_doc_that_is_no_word_document_fails_with_advice():
    from tests.outlook import outlook_message

    with pytest.raises(InputError, match=r"old\.doc: not a Word document \(no OLE compound file\); open it in a word "
                                         r"processor and save it as \.docx") as caught:
        parse(b"The ceasefire held on Thursday, officials said.", Path("old.doc"))
    assert caught.value.reason == "damaged"
    with pytest.raises(InputError, match=r"mail\.doc: an OLE file without a Word document in it"):
        parse(outlook_message("Talks", "Talks began."), Path("mail.doc"))


def test_a_password_protected_word_97_document_says_so():
    import io

    import olefile

    buffer = io.BytesIO((FIXTURES / "word97-notes.doc").read_bytes())
    ole = olefile.OleFileIO(buffer, write_mode=True)
    word = bytearray(ole.openstream("WordDocument").read())
    word[10:12] = (int.from_bytes(word[10:12], "little") | 0x0100).to_bytes(2, "little")  # fEncrypted, as Word sets it
    ole.write_stream("WordDocument", bytes(word))
    with pytest.raises(InputError, match=r"notes\.doc: the Word document is protected by a password") as caught:
        parse(buffer.getvalue(), Path("notes.doc"))
    assert caught.value.reason == "encrypted"


def test_a_line_that_ends_many_paragraphs_is_text_even_at_page_ends():
    """A closing line repeated at the foot of most pages ("... began in Yevlakh.") is also inside
    them: text, not a running footer (it was dropped everywhere, and paragraphs lost their ends)."""
    paragraph = ("The ceasefire in Nagorno-Karabakh held on Thursday, officials in Stepanakert said, and talks "
                 "between Baku and the Karabakh Armenians began in Yevlakh.")
    document = parse(_pdf(lambda pdf, write: [write(paragraph) for _ in range(60)]), Path("bulletin.pdf"))
    assert document.paragraphs == (paragraph,) * 60  # and no running head or "Page N of M"


def test_a_one_page_press_release_is_titled_by_its_large_heading_without_its_letterhead():
    """One page: no repetition shows the running head, but its small type does; the heading, set
    larger than the body (over two lines here), is the title."""
    def body(pdf, write):
        write("Ministry of Foreign Affairs: statement on the ceasefire in Karabakh and on the talks in Yevlakh", size=18)
        for paragraph in REPORT_PARAGRAPHS[:3]:
            write(paragraph)
    document = parse(_pdf(body, running_head="Press service - for immediate release"), Path("release.pdf"))
    assert document.title == "Ministry of Foreign Affairs: statement on the ceasefire in Karabakh and on the talks in Yevlakh"
    assert document.paragraphs == tuple(REPORT_PARAGRAPHS[:3])


def test_a_large_heading_under_another_title_property_stays_text():
    def body(pdf, write):
        write("Ceasefire statement", size=16)
        write(REPORT_PARAGRAPHS[0])
    document = parse(_pdf(body, title="Press release 42", running_head=None), Path("release.pdf"))
    assert (document.title, document.paragraphs) == ("Press release 42", ("Ceasefire statement", REPORT_PARAGRAPHS[0]))
