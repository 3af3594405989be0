"""Briefings: per day and target language, built from the state database, written atomically.

Markdown for reading and diffing, JSON for tools, HTML for the browser (self-contained: no
scripts, fonts or CDNs; a Content-Security-Policy that forbids scripts). Everything that comes
from a document is escaped.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Collection, Sequence

from pipeline.errors import OutputError
from pipeline.failpoints import failpoint
from pipeline.langs import GENERIC, is_rtl, language_info
from pipeline.store import DocumentRow, Store, owner_alive, owner_id

TEMP_PREFIX = ".tmp-"
_TEMP_WRITER = re.compile(r"\.@([^@/]+)@\.")  # the owner_id() that write_atomic puts in the name
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Item:
    id: str
    short_id: str
    source: str
    lang: str
    probability: float
    title: str
    title_status: str
    status: str  # translated, original, partial, untranslated
    summary: list[dict[str, Any]]
    routes: list[str]
    models: list[str]
    missing: list[dict[str, str]]
    full_translation: str | None  # relative path from the day's folder, once written


@dataclass(frozen=True)
class NotProcessed:
    id: str
    source: str
    reason: str
    message: str


@dataclass(frozen=True)
class Briefing:
    day: str
    lang: str
    items: list[Item] = field(default_factory=list)
    not_processed: list[NotProcessed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day, "lang": self.lang, "items": [asdict(i) for i in self.items],
                "not_processed": [asdict(n) for n in self.not_processed]}


def safe_name(text: str) -> str:
    """A file name that cannot leave its folder (ids are hex already; this is belt and braces)."""
    name = _SAFE_NAME.sub("_", text).strip("._") or "_"
    return name[:80]


def full_translation_path(day: str, target: str, short_id: str, suffix: str = ".md") -> str:
    return f"{safe_name(target)}/docs/{safe_name(short_id)}{suffix}"


def build_briefing(store: Store, day: str, target: str, out: Path | None = None) -> Briefing:
    items: list[Item] = []
    not_processed: list[NotProcessed] = []
    for row in store.documents(day=day):
        if row.status == "failed":
            not_processed.append(NotProcessed(row.id, row.path, row.reason or "failed", row.message or ""))
            continue
        if row.status == "superseded":
            continue
        renditions = store.renditions(row.id)
        summary = renditions.get((target, "summary"))
        if summary is None:
            continue
        status, content = summary
        full_rel = full_translation_path(day, target, row.short_id)
        has_full = (target, "full") in renditions
        items.append(Item(
            id=row.id, short_id=row.short_id, source=row.path, lang=row.lang or "und",
            probability=row.probability or 0.0, title=content["title"], title_status=content["title_status"],
            status=status, summary=content["sentences"], routes=content["routes"], models=content["models"],
            missing=content["missing"], full_translation=full_rel if has_full else None,
        ))
    return Briefing(day, target, items, not_processed)


# -- rendering ------------------------------------------------------------------------------

_STATUS_TEXT = {
    "undetermined": "not translated: language undetermined",
}


def flag_text(sentence: dict[str, Any], target: str, item_status: str = "partial") -> str | None:
    """A sentence's own flag, shown only when its item is partly translated (else the item says it once)."""
    status = sentence["status"]
    if item_status != "partial":
        return None
    if status == "no-route":
        return f"not translated: no model {sentence['source_lang']}->{target}"
    return _STATUS_TEXT.get(status)


def _undetermined(item: Item) -> bool:
    return item.status != "partial" and any(s["status"] == "undetermined" for s in item.summary)


def _lang_label(code: str) -> str:
    info = language_info(code)
    return f"{info.name} ({code})" if info.name and info.name not in (code, GENERIC.name) else code


def documents_count(count: int) -> str:
    """The count with its noun: 1 document, 3 documents."""
    return f"{count} document" + ("" if count == 1 else "s")


def render_markdown(briefing: Briefing) -> str:
    lines = [f"# Briefing {briefing.day} — {_lang_label(briefing.lang)}", ""]
    lines.append(documents_count(len(briefing.items)) + (f", {len(briefing.not_processed)} not processed" if briefing.not_processed else ""))
    lines.append("")
    for item in briefing.items:
        lines.append(f"## {_md_inline(item.title)}")
        lines.append("")
        lines.append(f"- Source: `{_md_code(item.source)}` (id {item.short_id})")
        lines.append(f"- Language: {_lang_label(item.lang)}, probability {item.probability:.2f}")
        if item.routes:
            lines.append(f"- Translation: {'; '.join(item.routes)}")
        for hint in item.missing:
            lines.append(f"- **Not translated: no model {hint['from']}->{hint['to']}** — install it with `{hint['command']}`")
        if _undetermined(item):
            lines.append("- **Not translated: language undetermined**")
        if item.full_translation:
            lines.append(f"- Full translation: [{item.full_translation}]({item.full_translation})")
        lines.append("")
        for sentence in item.summary:
            flag = flag_text(sentence, briefing.lang, item.status)
            lines.append(f"> {_md_inline(sentence['text'])}" + (f" _({flag})_" if flag else ""))
            lines.append(">")
        if item.summary:
            lines.pop()
        lines.append("")
    if briefing.not_processed:
        lines.append("## Not processed")
        lines.append("")
        for entry in briefing.not_processed:
            lines.append(f"- `{_md_code(entry.source)}`: {entry.reason} — {_md_inline(entry.message)}")
        lines.append("")
    return "\n".join(lines)


def _md_inline(text: str) -> str:
    """Neutralise Markdown and HTML that a document might carry."""
    text = " ".join(text.split())
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]#|!])", r"\\\1", text)


def _md_code(text: str) -> str:
    return " ".join(text.replace("`", "'").split())


STYLE = """
body{font:17px/1.6 Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fdfdfb}
h1{font:600 1.6rem/1.3 system-ui,sans-serif}h2{font:600 1.2rem/1.35 system-ui,sans-serif;margin-top:2.2rem}
.meta{font:0.85rem/1.5 system-ui,sans-serif;color:#555}.meta a{color:#0b57d0}
.flag{display:inline-block;font:600 0.8rem system-ui,sans-serif;color:#8a1c00;background:#fff1ec;border:1px solid #f3c3b3;border-radius:4px;padding:0 .4rem;margin:0 .2rem}
blockquote{margin:.6rem 0;padding-left:1rem;border-left:3px solid #d0d7de}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .7rem;font-family:system-ui,sans-serif}
code{font-size:.85em}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def html_page(title: str, lang: str, body: str) -> str:
    direction = "rtl" if is_rtl(lang) else "ltr"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _source_href(source: str, page_dir: Path | None) -> str:
    path = Path(source)
    try:
        return html.escape(path.resolve().as_uri(), quote=True)
    except ValueError:
        return ""


def _text_attrs(lang: str, target: str) -> str:
    if lang == target or lang == "und":
        return ""
    return f' lang="{html.escape(lang)}" dir="{"rtl" if is_rtl(lang) else "ltr"}"'


def render_html(briefing: Briefing) -> str:
    e = html.escape
    parts = [f"<h1>Briefing {e(briefing.day)} — {e(_lang_label(briefing.lang))}</h1>",
             f'<p class="meta"><a href="../index.html">All briefings</a> · {documents_count(len(briefing.items))}'
             + (f" · {len(briefing.not_processed)} not processed" if briefing.not_processed else "") + "</p>"]
    for item in briefing.items:
        title_lang = item.lang if item.title_status != "translated" else briefing.lang
        parts.append(f'<article id="doc-{e(item.short_id)}">')
        parts.append(f"<h2{_text_attrs(title_lang, briefing.lang)}>{e(item.title)}</h2>")
        meta = [f"Original language: <strong>{e(_lang_label(item.lang))}</strong>, confidence {item.probability:.2f}",
                f'Source: <a href="{_source_href(item.source, None)}">{e(Path(item.source).name)}</a>']
        if item.full_translation:
            href = e(item.full_translation.removesuffix(".md") + ".html")
            meta.append(f'<a href="{href}">Full translation</a>')
        if item.routes:
            meta.append("Translated " + e("; ".join(item.routes)))
        parts.append('<p class="meta">' + " · ".join(meta) + "</p>")
        for hint in item.missing:
            flag = f"not translated: no model {hint['from']}->{hint['to']}"
            parts.append(f'<p class="meta"><span class="flag">{e(flag)}</span> '
                         f"install it with <code>{e(hint['command'])}</code></p>")
        if _undetermined(item):
            parts.append('<p class="meta"><span class="flag">not translated: language undetermined</span></p>')
        for sentence in item.summary:
            flag = flag_text(sentence, briefing.lang, item.status)
            lang = sentence["source_lang"] if sentence["status"] != "translated" else briefing.lang
            parts.append(f"<blockquote{_text_attrs(lang, briefing.lang)}>{e(sentence['text'])}"
                         + (f' <span class="flag">{e(flag)}</span>' if flag else "") + "</blockquote>")
        parts.append("</article>")
    if briefing.not_processed:
        parts.append('<h2 id="not-processed">Not processed</h2><ul>')
        for entry in briefing.not_processed:
            parts.append(f"<li><code>{e(entry.source)}</code>: <strong>{e(entry.reason)}</strong> — {e(entry.message)}</li>")
        parts.append("</ul>")
    return html_page(f"Briefing {briefing.day} ({briefing.lang})", briefing.lang, "\n".join(parts))


def render_json(briefing: Briefing) -> str:
    return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_full_markdown(title: str, target: str, content: dict[str, Any], row: DocumentRow) -> str:
    lines = [f"# {_md_inline(content['title'])}", "", f"Source: `{_md_code(row.path)}` ({_lang_label(row.lang or 'und')})",
             f"Translation: {'; '.join(content['routes']) or 'none needed'}", ""]
    for hint in content["missing"]:
        lines.append(f"**Not translated: no model {hint['from']}->{hint['to']}** — install it with `{hint['command']}`")
        lines.append("")
    paragraph = None
    buffer: list[str] = []
    for sentence in content["sentences"]:
        if paragraph is not None and sentence["paragraph"] != paragraph:
            lines.extend([" ".join(buffer), ""])
            buffer = []
        paragraph = sentence["paragraph"]
        buffer.append(_md_inline(sentence["text"]))
    if buffer:
        lines.extend([" ".join(buffer), ""])
    return "\n".join(lines)


def render_full_html(target: str, content: dict[str, Any], row: DocumentRow) -> str:
    e = html.escape
    parts = [f"<h1>{e(content['title'])}</h1>",
             f'<p class="meta"><a href="../../{e(target)}.html">Back to the briefing</a> · Original: '
             f'<a href="{_source_href(row.path, None)}">{e(Path(row.path).name)}</a> · {e(_lang_label(row.lang or "und"))}</p>']
    paragraph = None
    buffer: list[str] = []
    for sentence in content["sentences"]:
        if paragraph is not None and sentence["paragraph"] != paragraph:
            parts.append("<p>" + " ".join(buffer) + "</p>")
            buffer = []
        paragraph = sentence["paragraph"]
        lang = sentence["source_lang"] if sentence["status"] != "translated" else target
        attrs = _text_attrs(lang, target)
        buffer.append(f"<span{attrs}>{e(sentence['text'])}</span>" if attrs else e(sentence["text"]))
    if buffer:
        parts.append("<p>" + " ".join(buffer) + "</p>")
    return html_page(content["title"], target, "\n".join(parts))


# -- writing --------------------------------------------------------------------------------

def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: readers never see half a file.

    The temporary name carries the writer (host and process id), so that another run's clean-up
    of files left by killed processes does not delete one that is being written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.@{owner_id()}@.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        failpoint("before-rename")
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def remove_stale_temp_files(out: Path) -> int:
    """Temporary files left by a killed process (never complete briefings) are deleted; those of a
    writer that still runs (a concurrent run or watcher on the same folder) are left alone."""
    removed = 0
    if out.is_dir():
        for temp in out.rglob(TEMP_PREFIX + "*"):
            writer = _TEMP_WRITER.search(temp.name)
            if writer and owner_alive(writer.group(1)):
                continue
            try:
                temp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def write_day(store: Store, out: Path, day: str, targets: Sequence[str], full: bool = True,
              changed: Collection[str] | None = None) -> list[Path]:
    """Write every target's briefing of a day (md, json, html), the full translations, and the index.

    Full translations are written for the documents in `changed` (all when None) and for any whose
    file is missing; the others' are already on disk and unchanged.
    """
    written: list[Path] = []
    day_dir = out / safe_name(day)
    try:
        for target in targets:
            briefing = build_briefing(store, day, target)
            if full:
                for item in briefing.items:
                    md_path = day_dir / item.full_translation if item.full_translation else None
                    if md_path is not None and (changed is None or item.id in changed or not md_path.exists()):
                        row = store.document(item.id)
                        status_content = store.renditions(item.id).get((target, "full"))
                        if row is None or status_content is None:
                            continue
                        content = status_content[1]
                        write_atomic(md_path, render_full_markdown(item.title, target, content, row))
                        write_atomic(md_path.with_suffix(".html"), render_full_html(target, content, row))
            for suffix, render in ((".json", render_json), (".html", render_html), (".md", render_markdown)):
                path = day_dir / f"{safe_name(target)}{suffix}"
                write_atomic(path, render(briefing))
            written.append(day_dir / f"{safe_name(target)}.md")
        from pipeline.feeds import write_feeds

        write_feeds(out)
        write_index(out)
    except OSError as exc:
        raise OutputError(f"cannot write briefings to {out}: {exc.strerror or exc}; "
                          "free some space or make the folder writable; earlier briefings are untouched") from exc
    return written


def existing_briefings(out: Path) -> dict[str, list[str]]:
    """Days (latest first) and the languages with a briefing on that day."""
    found: dict[str, list[str]] = {}
    if not out.is_dir():
        return found
    for day_dir in sorted((p for p in out.iterdir() if p.is_dir() and re.match(r"^\d{4}-\d{2}-\d{2}$", p.name)), reverse=True):
        langs = sorted(p.stem for p in day_dir.glob("*.md") if not p.name.startswith("."))
        if langs:
            found[day_dir.name] = langs
    return found


def write_index(out: Path) -> Path:
    e = html.escape
    days = existing_briefings(out)
    languages = sorted({lang for langs in days.values() for lang in langs})
    rows = ["<table><thead><tr><th>Day</th>" + "".join(f"<th>{e(_lang_label(l))}</th>" for l in languages) + "</tr></thead><tbody>"]
    for day, langs in days.items():
        cells = "".join(
            f'<td><a href="{e(day)}/{e(l)}.html">{e(l)}</a></td>' if l in langs else "<td></td>" for l in languages)
        rows.append(f"<tr><td>{e(day)}</td>{cells}</tr>")
    rows.append("</tbody></table>")
    feeds = [f'<a href="feeds/{e(l)}.atom">{e(l)}</a>' for l in languages if (out / "feeds" / f"{l}.atom").exists()]
    body = "<h1>Briefings</h1>\n" + "\n".join(rows)
    if feeds:
        body += '\n<p class="meta">Feeds: ' + " · ".join(feeds) + "</p>"
    path = out / "index.html"
    write_atomic(path, html_page("Briefings", "en", body))
    return path
