"""Prefect flows: thin orchestration over pipeline.jobs.

process_inbox / process_documents: take in documents (one task per batch of documents), translate
every summary in one batched task, write the briefings, then translate the full texts and write
again. daily_briefing: the scheduled run. retry_documents: failed documents again.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from pipeline import jobs
from pipeline.briefing import remove_stale_temp_files, render_markdown, build_briefing, write_day
from pipeline.config import Settings, check_shared_storage, load_settings
from pipeline.db import is_transient
from pipeline.documents import InboxEntry, Skipped, prune_unpacked, scan_inbox
from pipeline.store import Store

BATCH_SIZE = 20

# The CLI sets this to draw its progress bar: called with (stage, done, total).
PROGRESS: Callable[[str, int, int], None] | None = None

_engines: dict[Any, Any] = {}
_engine_lock = threading.Lock()


def engine_for(settings: Settings) -> Any:
    """One Translator per process and settings: each model is loaded once and reused across runs."""
    from pipeline.memory import TranslationMemory
    from pipeline.models import installed_models
    from pipeline.translate import Translator

    models = installed_models()
    key = (settings.translation, settings.database_url or str(settings.memory_database), tuple(sorted((m.name, str(m.path)) for m in models)))
    with _engine_lock:
        engine = _engines.get(key)
        if engine is None:
            for old in _engines.values():
                old.close()
            _engines.clear()
            memory = TranslationMemory.open(settings)
            memory.purge_stale(models)
            engine = _engines[key] = Translator(settings.translation, models, memory)
        return engine


def _progress(stage: str, done: int, total: int) -> None:
    if PROGRESS is not None:
        PROGRESS(stage, done, total)


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only what can pass on a second try: a locked or busy database."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False


@task(name="take-in", task_run_name="take-in {label}", retries=2, retry_delay_seconds=1, retry_condition_fn=_transient)
def take_in(entries: list[InboxEntry], settings: Settings, day: str, label: str) -> list[jobs.TakeIn]:
    logger = get_run_logger()
    results = []
    with Store.open(settings) as store:
        for entry in entries:
            result = jobs.take_in(entry, settings, store, day)
            if result.status == "failed":
                logger.warning("%s", result.message)
            else:
                logger.info("%s: %s", entry.path.name, result.status)
            results.append(result)
            _progress("documents", 1, 0)
    return results


@task(name="translate", task_run_name="translate {kind} of {count} documents", retries=2, retry_delay_seconds=1,
      retry_condition_fn=_transient)
def translate(doc_ids: list[str], settings: Settings, kind: str, count: int) -> dict[str, int]:
    logger = get_run_logger()
    engine = engine_for(settings)
    started = time.perf_counter()
    with Store.open(settings) as store:
        counts = jobs.translate_documents(doc_ids, settings.targets, kind, store, engine)
    logger.info("translated the %s of %d documents into %s in %.1f s", kind, count, ", ".join(settings.targets),
                time.perf_counter() - started)
    _progress(kind, 1, 0)
    return counts


@task(name="write-briefings", task_run_name="write briefings {days}", retries=2, retry_delay_seconds=1,
      retry_condition_fn=_transient)
def write_briefings(settings: Settings, days: list[str], publish: bool = True,
                    changed: list[str] | None = None) -> list[str]:
    written: list[str] = []
    with Store.open(settings) as store:
        for day in days:
            written += [str(p) for p in write_day(store, settings.out, day, settings.targets,
                                                  changed=set(changed) if changed is not None else None)]
            if publish:
                _publish_artifacts(store, day, settings.targets)
    return written


def _publish_artifacts(store: Store, day: str, targets: Sequence[str]) -> None:
    """Each briefing also shows in the Prefect UI, under a stable key per language."""
    for target in targets:
        markdown = render_markdown(build_briefing(store, day, target))
        try:
            create_markdown_artifact(key=f"briefing-{target}", markdown=markdown,
                                     description=f"Briefing {day} ({target})")
        except Exception as exc:  # the artifact is a convenience; the files are the product
            get_run_logger().warning("could not publish the %s briefing as an artifact: %s", target, exc)


@task(name="finish")
def finish(doc_ids: list[str], settings: Settings, seconds: dict[str, float]) -> None:
    with Store.open(settings) as store:
        jobs.finish_documents(doc_ids, store, seconds)


def _record_skipped(skipped: Sequence[Skipped], settings: Settings, day: str) -> list[jobs.TakeIn]:
    results = []
    with Store.open(settings) as store:
        for item in skipped:
            results.append(jobs.record_skipped(item, store, day))
    return results


def task_runner_for(settings: Settings) -> Any:
    """The configured task runner: Prefect's thread pool, a local Dask cluster, or a Dask scheduler."""
    if settings.task_runner == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=max(2, os.cpu_count() or 2))
    from prefect_dask import DaskTaskRunner

    if settings.task_runner == "dask":
        import dask

        # Dask's nanny starts workers with OMP_NUM_THREADS=1 and MALLOC_TRIM_THRESHOLD_=65536; the
        # first is overridden by CTranslate2's explicit intra_threads, the second made translation
        # 2.2x slower here (memory returned to the OS and asked back on every batch).
        dask.config.set({"distributed.nanny.pre-spawn-environ": {}})
        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    return DaskTaskRunner(address=settings.task_runner)


def _chunks(items: Sequence[str], count: int) -> list[list[str]]:
    count = max(1, min(count, len(items)))
    return [list(items[i::count]) for i in range(count)]


def _process(entries: Sequence[InboxEntry], skipped: Sequence[Skipped], settings: Settings) -> jobs.RunSummary:
    check_shared_storage(settings)  # a work-pool worker must see the deployer's output folder
    if settings.task_runner == "threads":
        return _process_steps(entries, skipped, settings, translation_chunks=1)
    if settings.task_runner == "dask" and settings.translation.intra_threads == 0:
        # a local cluster shares this machine's cores: split them between the workers
        per_worker = max(1, (os.cpu_count() or 1) // settings.dask_workers)
        settings = replace(settings, translation=replace(settings.translation, intra_threads=per_worker))
    runner_flow = distributed_process.with_options(task_runner=task_runner_for(settings))
    return runner_flow(list(entries), list(skipped), settings)


@flow(name="process-on-dask", flow_run_name="process {settings.task_runner}")
def distributed_process(entries: list[InboxEntry], skipped: list[Skipped], settings: Settings) -> jobs.RunSummary:
    """The same steps with tasks spread over Dask workers; each worker loads each model once."""
    return _process_steps(entries, skipped, settings, translation_chunks=settings.dask_workers)


def _process_steps(entries: Sequence[InboxEntry], skipped: Sequence[Skipped], settings: Settings,
                   translation_chunks: int) -> jobs.RunSummary:
    logger = get_run_logger()
    started = time.perf_counter()
    day = jobs.today()
    with Store.open(settings) as store:
        released = store.release_dead_claims()
        if released:
            logger.warning("took back %d documents claimed by a process that no longer runs", released)
    remove_stale_temp_files(settings.out)
    summary = jobs.RunSummary()
    for result in _record_skipped(skipped, settings, day):
        summary.add(result)
    _progress("total", 0, len(entries))
    batches = [list(entries[i:i + BATCH_SIZE]) for i in range(0, len(entries), BATCH_SIZE)]
    futures = [take_in.submit(batch, settings, day, label=f"{batch[0].path.name} (+{len(batch) - 1})")
               for batch in batches]
    results = [result for future in futures for result in future.result()]
    for result in results:
        summary.add(result)
    new = [r for r in results if r.status == "new" and r.doc_id]
    new_ids = [r.doc_id for r in new]
    days = sorted({r.day or day for r in new} | ({day} if not new else set()))
    if new_ids:
        for kind in jobs.KINDS:  # summaries first: the briefing is written before the full texts
            chunks = _chunks(new_ids, translation_chunks)
            for future in [translate.submit(chunk, settings, kind, len(chunk)) for chunk in chunks]:
                future.result()
            if kind == "summary":
                summary.briefings = write_briefings(settings, days, publish=False, changed=new_ids)
    summary.briefings = write_briefings(settings, days, changed=new_ids)
    if new_ids:
        finish(new_ids, settings, {r.doc_id: r.seconds for r in new})
    summary.seconds = time.perf_counter() - started
    logger.info(summary.line())
    return summary


@flow(name="process-inbox", flow_run_name="process {inbox}")
def process_inbox(inbox: str | None = None, out: str | None = None, targets: list[str] | None = None,
                  config: str | None = None, task_runner: str | None = None) -> jobs.RunSummary:
    """Take in every new or changed document of the inbox and rewrite the day's briefings."""
    settings = load_settings(Path(config) if config else None,
                             {"inbox": inbox, "out": out, "targets": targets, "task_runner": task_runner})
    check_shared_storage(settings, ("inbox", "out"))
    entries, skipped = scan_inbox(settings.inbox, archives=settings.archives_path)
    for folder in prune_unpacked(settings.archives_path):
        get_run_logger().info("removed %s: its archive is no longer there", folder)
    return _process(entries, skipped, settings)


@flow(name="process-documents", flow_run_name="process {count} documents")
def process_documents(paths: list[str], count: int = 0, out: str | None = None, targets: list[str] | None = None,
                      config: str | None = None, task_runner: str | None = None) -> jobs.RunSummary:
    """Process specific files (`briefings trigger`, the watcher, retries)."""
    settings = load_settings(Path(config) if config else None,
                             {"out": out, "targets": targets, "task_runner": task_runner})
    entries, skipped = jobs.entries_for(paths, archives=settings.archives_path)
    return _process(entries, skipped, settings)


@flow(name="retry-failed", flow_run_name="retry {count} documents")
def retry_documents(ids: list[str] | None = None, count: int = 0, out: str | None = None,
                    targets: list[str] | None = None, config: str | None = None,
                    task_runner: str | None = None) -> jobs.RunSummary:
    """Put failed documents (all, or the given ids) back to pending and process them again."""
    settings = load_settings(Path(config) if config else None,
                             {"out": out, "targets": targets, "task_runner": task_runner})
    with Store.open(settings) as store:
        doc_ids = store.reset_for_retry(ids)
        paths = sorted({row.path for row in (store.document(i) for i in doc_ids) if row is not None})
    entries, skipped = jobs.entries_for(paths, archives=settings.archives_path)
    return _process(entries, skipped, settings)


@flow(name="daily-briefing", flow_run_name="daily briefing")
def daily_briefing(inbox: str | None = None, out: str | None = None, targets: list[str] | None = None,
                   config: str | None = None, task_runner: str | None = None) -> jobs.RunSummary:
    """The scheduled run: take in what arrived, then write today's briefings even if nothing did."""
    return process_inbox(inbox=inbox, out=out, targets=targets, config=config, task_runner=task_runner)


if __name__ == "__main__":
    print(process_inbox().line())
