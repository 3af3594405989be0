"""Time to read a large document of each kind (documents.parse: reader, cleaning, boilerplate).

Each document is built the way the tests build theirs (fpdf2 for PDF, python-docx for Word,
hand-written Rich Text as Word writes it, an Outlook .msg with a PDF attached, an HTML page) and
holds the same English paragraph repeated; the Word 97 .doc is the LibreOffice-written fixture
(small: no library writes .doc). Reported: size, seconds (best of --repeat), paragraphs read.

Usage: .venv/bin/python benchmarks/document_readers.py [--paragraphs 2000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.documents import parse  # noqa: E402
from tests.outlook import outlook_message  # noqa: E402
from tests.test_formats import WORD_RTF, _docx, _mail, _pdf  # noqa: E402

PARAGRAPH = ("The ceasefire in Nagorno-Karabakh held on Thursday, officials in Stepanakert said, and talks "
             "between Baku and the Karabakh Armenians began in Yevlakh.")


def samples(paragraphs: int) -> dict[str, bytes]:
    pdf = _pdf(lambda document, write: [write(PARAGRAPH) for _ in range(paragraphs)])
    picture = "{\\*\\shppict{\\pict\\pngblip " + "\n".join(os.urandom(64).hex() for _ in range(80_000)) + "}}"
    return {
        "page.html": ("<html><body><article><h1>Talks</h1>" + f"<p>{PARAGRAPH}</p>\n" * paragraphs
                      + "</article></body></html>").encode(),
        "report.pdf": pdf,
        "report.docx": _docx(lambda document: [document.add_paragraph(PARAGRAPH) for _ in range(paragraphs)]),
        "report.rtf": (WORD_RTF[:-1] + f"\\pard {PARAGRAPH}\\par\n" * paragraphs + "}").encode("ascii"),
        "pictures.rtf": WORD_RTF.replace("\\pard {\\*\\shppict", "\\pard " + picture + "{\\*\\shppict").encode("ascii"),
        "mail.eml": _mail("Talks", plain="\n\n".join([PARAGRAPH] * paragraphs)),
        "attached.msg": outlook_message("Talks", "See attached.", attachments=(("report.pdf", pdf, "application/pdf"),)),
        "fixture.doc": (ROOT / "tests" / "fixtures" / "word97-report.doc").read_bytes(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    print("| file | size | seconds | paragraphs | ms per paragraph |")
    print("|---|---|---|---|---|")
    for name, data in samples(args.paragraphs).items():
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            document = parse(data, Path(name))
            best = min(best, time.perf_counter() - start)
        size = len(data) / 1e6
        print(f"| {name} | {size:.2f} MB | {best:.2f} | {len(document.paragraphs)} | "
              f"{1000 * best / max(1, len(document.paragraphs)):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
