import json
import xml.etree.ElementTree as ET

from pipeline.feeds import ATOM, render_feed, write_feeds

NS = {"a": ATOM}


def _briefing(out, day, lang, title):
    (out / day).mkdir(parents=True, exist_ok=True)
    (out / day / f"{lang}.md").write_text("x")
    (out / day / f"{lang}.json").write_text(json.dumps({
        "day": day, "lang": lang, "not_processed": [],
        "items": [{"title": title, "lang": "de", "source": "/in/a.de.txt",
                   "summary": [{"text": "Waffenruhe <b>vereinbart</b> & mehr"}]}],
    }))


def test_feed_is_valid_atom_with_stable_entry_ids(tmp_path):
    _briefing(tmp_path, "2026-11-26", "de", "Erste")
    _briefing(tmp_path, "2026-11-27", "de", "Zweite <script>")
    first = render_feed(tmp_path, "de")
    root = ET.fromstring(first.encode())
    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{required}", NS) is not None, required
    ids = [e.find("a:id", NS).text for e in root.findall("a:entry", NS)]
    assert ids == ["urn:briefings:de:2026-11-27", "urn:briefings:de:2026-11-26"]
    content = root.find("a:entry/a:content", NS)
    assert content.get("type") == "html"
    assert "Zweite &lt;script&gt;" in content.text  # escaped once inside the HTML payload
    assert "<script>" not in first
    _briefing(tmp_path, "2026-11-27", "de", "Zweite, neu geschrieben")
    again = ET.fromstring(render_feed(tmp_path, "de").encode())
    assert [e.find("a:id", NS).text for e in again.findall("a:entry", NS)] == ids


def test_write_feeds_one_per_language(tmp_path):
    _briefing(tmp_path, "2026-11-27", "de", "a")
    _briefing(tmp_path, "2026-11-27", "en", "b")
    assert sorted(p.name for p in write_feeds(tmp_path)) == ["de.atom", "en.atom"]
