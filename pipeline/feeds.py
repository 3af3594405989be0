"""Atom feeds, one per language (outputs/feeds/<lang>.atom), so a feed reader can follow "the German briefing".

Entry ids are derived from the language and the day only, so rewriting a day's briefing updates
the same entry instead of adding a new one.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from pipeline.briefing import documents_count, existing_briefings, write_atomic

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 30


def _timestamp(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(microsecond=0).isoformat()


def _entry_html(data: dict) -> str:
    from html import escape

    parts = []
    for item in data["items"]:
        sentences = " ".join(s["text"] for s in item["summary"])
        parts.append(f"<h3>{escape(item['title'])}</h3><p>{escape(sentences)}</p>"
                     f"<p><small>{escape(item['lang'])}, {escape(Path(item['source']).name)}</small></p>")
    if data.get("not_processed"):
        parts.append(f"<p><small>{documents_count(len(data['not_processed']))} not processed</small></p>")
    return "".join(parts) or "<p>No documents.</p>"


def render_feed(out: Path, lang: str) -> str:
    ET.register_namespace("", ATOM)
    days = [day for day, langs in existing_briefings(out).items() if lang in langs][:MAX_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:briefings:feed:{lang}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"Briefings ({lang})"
    updated = max((_timestamp(out / day / f"{lang}.json") for day in days if (out / day / f"{lang}.json").exists()),
                  default="1970-01-01T00:00:00+00:00")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "briefings"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{lang}.atom")
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "briefings"
    for day in days:
        path = out / day / f"{lang}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:briefings:{lang}:{day}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"Briefing {day} ({lang}): {documents_count(len(data['items']))}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(path)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"../{day}/{lang}.html")
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = _entry_html(data)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def write_feeds(out: Path) -> list[Path]:
    langs = sorted({lang for langs in existing_briefings(out).values() for lang in langs})
    written = []
    for lang in langs:
        path = out / "feeds" / f"{lang}.atom"
        write_atomic(path, render_feed(out, lang))
        written.append(path)
    return written
