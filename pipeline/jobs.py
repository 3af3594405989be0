"""The pipeline's steps as plain functions over the state database, for flows and tests alike.

take_in (one document: read, parse, register, claim, analyse) -> translate_documents (all claimed
documents at once, per kind: the summary first, then the full text) -> briefing.write_day.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, Sequence

from pipeline.analysis import Analysis, analyse, from_dict, to_dict
from pipeline.config import Settings
from pipeline.documents import InboxEntry, Skipped, document_id, parse, read_bytes
from pipeline.errors import InputError
from pipeline.failpoints import failpoint
from pipeline.language import UNDETERMINED
from pipeline.store import Store

KINDS = ("summary", "full")


class RouteLike(Protocol):
    hops: Sequence[Any]

    def describe(self) -> str: ...


class TranslatorLike(Protocol):
    def route(self, source: str, target: str) -> RouteLike | None: ...

    def translate_many(self, jobs: Sequence[tuple[str, str, Sequence[str]]]) -> list[list[str]]: ...


def today() -> str:
    return date.today().isoformat()


@dataclass(frozen=True)
class TakeIn:
    """What happened to one inbox file: new (analysed, claimed), known (done before), failed, or busy."""

    path: str
    status: str
    doc_id: str | None = None
    day: str | None = None
    reason: str | None = None
    message: str | None = None
    seconds: float = 0.0


def take_in(entry: InboxEntry, settings: Settings, store: Store, day: str) -> TakeIn:
    """Read, parse, register, claim and analyse one document. Never raises for bad input."""
    started = time.perf_counter()
    path = entry.path
    known = store.known_file(path, entry.size, entry.mtime_ns)
    if known:
        row = store.document(known)
        if row is not None and row.status in ("done", "failed", "superseded"):
            return TakeIn(str(path), "known" if row.status != "failed" else "failed-before", known, row.day,
                          row.reason, row.message)
    data: bytes | None = None
    try:
        data = read_bytes(path, settings.max_file_bytes)
        document = parse(data, path)
    except InputError as exc:
        if data is not None:
            doc_id = document_id(data)
            store.register(doc_id, path, entry.size, entry.mtime_ns, day)
        else:
            doc_id = "unread-" + hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:24]
        store.record_failure(doc_id, path, day, exc.reason, str(exc))
        return TakeIn(str(path), "failed", doc_id, day, exc.reason, str(exc))
    if not store.register(document.id, path, entry.size, entry.mtime_ns, day, document.title):
        row = store.document(document.id)
        return TakeIn(str(path), "known", document.id, row.day if row else day)
    if not store.claim(document.id):
        return TakeIn(str(path), "busy", document.id, day)
    row = store.document(document.id)
    try:
        analysis = analyse(document, settings)
    except Exception as exc:  # a bug on one document must not stop the others
        message = f"{path}: analysis failed ({type(exc).__name__}: {exc}); run `briefings retry {document.short_id}` after fixing"
        store.fail(document.id, "analysis-error", message)
        return TakeIn(str(path), "failed", document.id, day, "analysis-error", message)
    store.save_analysis(document.id, analysis.title, analysis.lang, analysis.probability, to_dict(analysis))
    failpoint("after-analysis")
    return TakeIn(str(path), "new", document.id, row.day if row else day, seconds=time.perf_counter() - started)


def install_hint(source: str, target: str) -> str:
    return f"briefings models install {source} {target}"


def _plan(analysis: Analysis, kind: str) -> tuple[list[int], bool]:
    """Sentence positions to translate for a kind, and whether the title is included."""
    if kind == "summary":
        return list(analysis.summary), True
    return list(range(len(analysis.sentences))), True


def translate_documents(
    doc_ids: Sequence[str], targets: Sequence[str], kind: str, store: Store, translator: TranslatorLike
) -> dict[str, int]:
    """Translate the summary (or the full text) of documents into every target, in one batched call.

    Untranslatable sentences keep their original text and are flagged with the reason and the
    command that installs the missing model.
    """
    requests: list[tuple[str, str, list[str]]] = []
    slots: list[tuple[str, str, str, list[int]]] = []  # doc_id, target, part ("title"/"body"), positions
    plans: dict[str, tuple[Analysis, list[int]]] = {}
    for doc_id in doc_ids:
        row = store.document(doc_id)
        if row is None or row.analysis is None:
            continue
        analysis = from_dict(row.analysis)
        positions, _ = _plan(analysis, kind)
        plans[doc_id] = (analysis, positions)
        for target in targets:
            groups: dict[str, list[int]] = {}
            for position in positions:
                groups.setdefault(analysis.sentences[position].lang, []).append(position)
            for source, members in groups.items():
                if source not in (target, UNDETERMINED) and translator.route(source, target) is not None:
                    requests.append((source, target, [analysis.sentences[p].text for p in members]))
                    slots.append((doc_id, target, "body", members))
            if analysis.title_lang not in (target, UNDETERMINED) and translator.route(analysis.title_lang, target):
                requests.append((analysis.title_lang, target, [analysis.title]))
                slots.append((doc_id, target, "title", [-1]))
    outputs = translator.translate_many(requests) if requests else []
    failpoint(f"after-translation-{kind}")
    translated: dict[tuple[str, str], dict[int, str]] = {}
    for (doc_id, target, _part, members), texts in zip(slots, outputs):
        bucket = translated.setdefault((doc_id, target), {})
        bucket.update(zip(members, texts))
    counts = {"documents": 0, "translated": 0, "untranslated": 0}
    for doc_id, (analysis, positions) in plans.items():
        rows = []
        for target in targets:
            done = translated.get((doc_id, target), {})
            rows.append((target, kind, *_rendition(analysis, positions, target, done, translator)))
            counts["translated"] += len(done)
        store.save_renditions(doc_id, rows)
        counts["documents"] += 1
    return counts


def _flag(source: str, target: str, translator: TranslatorLike) -> tuple[str, dict[str, str] | None]:
    if source == target:
        return "original", None
    if source == UNDETERMINED:
        return "undetermined", None
    if translator.route(source, target) is None:
        return "no-route", {"from": source, "to": target, "command": install_hint(source, target)}
    return "translated", None


def _rendition(
    analysis: Analysis, positions: list[int], target: str, done: dict[int, str], translator: TranslatorLike
) -> tuple[str, dict[str, Any]]:
    routes: dict[str, None] = {}
    models: dict[str, None] = {}
    missing: dict[tuple[str, str], dict[str, str]] = {}
    sentences = []
    statuses = set()
    for position in positions:
        sentence = analysis.sentences[position]
        status, hint = _flag(sentence.lang, target, translator)
        if status == "translated":
            route = translator.route(sentence.lang, target)
            routes[route.describe()] = None
            for hop in route.hops:
                models[getattr(hop, "name", str(hop))] = None
        if hint:
            missing[(hint["from"], hint["to"])] = hint
        statuses.add(status)
        sentences.append({
            "index": position,
            "paragraph": sentence.paragraph,
            "source_lang": sentence.lang,
            "original": sentence.text,
            "text": done.get(position, sentence.text) if status == "translated" else sentence.text,
            "status": status,
        })
    title_status, title_hint = _flag(analysis.title_lang, target, translator)
    if title_hint:
        missing[(title_hint["from"], title_hint["to"])] = title_hint
    statuses.add(title_status)
    if statuses <= {"original"}:
        overall = "original"
    elif statuses <= {"original", "translated"}:
        overall = "translated"
    elif "translated" in statuses:
        overall = "partial"
    else:
        overall = "untranslated"
    content = {
        "title": done.get(-1, analysis.title) if title_status == "translated" else analysis.title,
        "title_status": title_status,
        "sentences": sentences,
        "routes": list(routes),
        "models": list(models),
        "missing": list(missing.values()),
    }
    return overall, content


def finish_documents(doc_ids: Sequence[str], store: Store, seconds: dict[str, float] | None = None) -> None:
    for doc_id in doc_ids:
        store.finish(doc_id, (seconds or {}).get(doc_id))


@dataclass
class RunSummary:
    """Counts for the line printed at the end of a run."""

    processed: int = 0
    skipped: int = 0
    failed: int = 0
    busy: int = 0
    briefings: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: TakeIn) -> None:
        if result.status == "new":
            self.processed += 1
        elif result.status == "failed":
            self.failed += 1
            self.failures.append((result.path, result.message or result.reason or "failed"))
        elif result.status == "busy":
            self.busy += 1
        else:
            self.skipped += 1

    def line(self) -> str:
        parts = [f"{self.processed} processed", f"{self.skipped} skipped (unchanged)", f"{self.failed} failed"]
        if self.busy:
            parts.append(f"{self.busy} taken by another run")
        return f"{', '.join(parts)}; {len(self.briefings)} briefings written in {self.seconds:.1f} s"

    def exit_code(self) -> int:
        return 10 if self.failed else 0


def record_skipped(skipped: Skipped, store: Store, day: str) -> TakeIn:
    """Files the scanner would not take in are recorded once, so status and briefings show them."""
    doc_id = "skip-" + hashlib.sha256(str(skipped.path).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    row = store.document(doc_id)
    if row is not None and row.status == "failed" and row.reason == skipped.reason:
        return TakeIn(str(skipped.path), "failed-before", doc_id, row.day, row.reason, row.message)
    store.record_failure(doc_id, skipped.path, day, skipped.reason, skipped.message)
    return TakeIn(str(skipped.path), "failed", doc_id, day, skipped.reason, skipped.message)


def entries_for(paths: Sequence[str | Path], archives: Path | None = None) -> tuple[list[InboxEntry], list[Skipped]]:
    """Inbox entries for explicit paths (trigger, retry), with the ones that cannot be read; with
    ``archives``, the documents of a ZIP archive are unpacked there (``unpack_archive``)."""
    from pipeline.documents import ARCHIVE_SUFFIXES, DOCUMENT_SUFFIXES, unpack_archive, unsupported_type

    entries: list[InboxEntry] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw).absolute()
        try:
            stat = path.stat()
        except OSError as exc:
            archive = next((p for p in path.parents if p.suffix.lower() in ARCHIVE_SUFFIXES and p.is_file()), None)
            if archives is not None and archive is not None:
                # a file inside an archive ("clippings.zip/photo.jpg", as a failure names it): read again from it
                inside, not_taken = unpack_archive(archive, archives)
                found = [e for e in inside if archive.joinpath(*e.path.relative_to(archives).parts[1:]) == path]
                entries += found
                skipped += [s for s in not_taken if s.path == path] or (
                    [] if found else [Skipped(path, "unreadable", f"{path}: no longer in {archive}")])
                continue
            skipped.append(Skipped(path, "unreadable", f"{path}: cannot be read ({exc.strerror})"))
            continue
        if not path.is_file():
            skipped.append(Skipped(path, "not-a-file", f"{path}: is not a regular file"))
        elif archives is not None and path.suffix.lower() in ARCHIVE_SUFFIXES:
            inside, not_taken = unpack_archive(path, archives)
            entries += inside
            skipped += not_taken
        elif path.suffix.lower() not in DOCUMENT_SUFFIXES:
            skipped.append(unsupported_type(path))
        else:
            entries.append(InboxEntry(path, stat.st_size, stat.st_mtime_ns))
    return entries, skipped
