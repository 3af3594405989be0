"""The `briefings` command: parses flags and calls one function. Heavy imports happen inside commands."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from pipeline.config import Settings, load_settings
from pipeline.errors import BriefingsError, ConfigError, InputError, ModelError, OutputError

EXIT_PARTIAL = 10


def prefect_environment(verbose: bool = False) -> None:
    """Quiet, offline defaults for Prefect's temporary local server, unless the user set them."""
    defaults = {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        # INFO logs go to the Prefect API (the UI shows them); the console shows them only with -v,
        # since the CLI prints its own summary and one line per problem.
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "INFO" if verbose else "CRITICAL",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)


def _settings(args: argparse.Namespace, **extra: Any) -> Settings:
    overrides = {
        "inbox": getattr(args, "inbox", None),
        "out": getattr(args, "out", None),
        "targets": getattr(args, "to", None),
        "task_runner": getattr(args, "task_runner", None),
        **extra,
    }
    return load_settings(Path(args.config) if args.config else None, overrides)


def _print_summary(summary: Any) -> int:
    for path, message in summary.failures:
        print(f"error: {message}", file=sys.stderr)
    print(summary.line())
    if summary.failed:
        print("failed documents are listed by `briefings status`; fix them and run `briefings retry --all-failed`",
              file=sys.stderr)
    return summary.exit_code()


class _Progress:
    """A rich progress bar over documents, shown on a terminal for runs of several documents."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> "_Progress":
        if self.enabled:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("documents", total=None)
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if stage == "total":
            self.bar.update(self.task, total=total)
        elif stage == "documents":
            self.bar.advance(self.task, done)
        else:
            self.bar.update(self.task, description=f"translating ({stage})")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _run_flow(args: argparse.Namespace, settings: Settings, call: Callable[[Any], Any]) -> int:
    prefect_environment(args.verbose)
    from flows.server import local_server

    def load() -> None:
        import flows.processing  # noqa: F401  (Prefect and the pipeline import while the server starts)

    with local_server(settings.state_path / "prefect-server.log", while_starting=load):
        import flows.processing as processing

        with _Progress(sys.stderr.isatty() and not args.quiet) as progress:
            processing.PROGRESS = progress
            summary = call(processing)
    return _print_summary(summary)


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not settings.inbox.is_dir():
        raise InputError(f"inbox {settings.inbox} is not a folder; create it or pass --inbox DIR", "no-inbox")
    return _run_flow(args, settings, lambda p: p.process_inbox(inbox=str(settings.inbox), out=str(settings.out),
                                                      targets=list(settings.targets), config=args.config,
                                                      task_runner=settings.task_runner))


def cmd_trigger(args: argparse.Namespace) -> int:
    settings = _settings(args)
    paths = [str(Path(p).absolute()) for p in args.files]
    return _run_flow(args, settings, lambda p: p.process_documents(paths=paths, count=len(paths), out=str(settings.out),
                                                          targets=list(settings.targets), config=args.config,
                                                      task_runner=settings.task_runner))


def cmd_watch(args: argparse.Namespace) -> int:
    """Catch up with the inbox, then process each new or changed document as it arrives."""
    import signal
    import threading
    import time

    settings = _settings(args)
    if not settings.inbox.is_dir():
        raise InputError(f"inbox {settings.inbox} is not a folder; create it or pass --inbox DIR", "no-inbox")
    prefect_environment(args.verbose)
    import flows.processing as processing
    from flows.watch import watch_inbox

    stop = threading.Event()
    common = {"out": str(settings.out), "targets": list(settings.targets), "config": args.config,
              "task_runner": settings.task_runner}
    failed = 0

    def report(summary: object) -> None:
        nonlocal failed
        failed += summary.failed  # type: ignore[attr-defined]
        for _path, message in summary.failures:  # type: ignore[attr-defined]
            print(f"error: {message}", file=sys.stderr, flush=True)
        print(f"{time.strftime('%H:%M:%S')} {summary.line()}", flush=True)  # type: ignore[attr-defined]

    def catch_up() -> None:
        report(processing.process_inbox(inbox=str(settings.inbox), **common))
        print(f"watching {settings.inbox} (Ctrl+C to stop)", flush=True)

    def handle(paths: list[Path]) -> None:
        report(processing.process_documents(paths=[str(p) for p in paths], count=len(paths), **common))

    from flows.server import local_server

    with local_server(settings.state_path / "prefect-server.log"):
        import flows.processing  # noqa: F401  (Prefect installs its own handlers on import: ours go last)

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        watch_inbox(settings.inbox, handle, settle_seconds=args.settle, stop=stop, catch_up=catch_up)
    print("stopped watching", flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the deployments (daily schedule, document processing) and feed new documents to them."""
    import threading

    settings = _settings(args)
    prefect_environment(args.verbose)
    from prefect import serve

    from flows.deployments import PROCESS, build_deployments
    from flows.watch import watch_inbox

    deployments = build_deployments(settings, args.config)
    if args.dry_run:
        from pipeline.schedule import next_runs

        for run in next_runs(settings.schedule, 3):
            print(f"daily-briefing next run: {run.isoformat()}")
        return 0
    stop = threading.Event()

    def submit(paths: list[Path]) -> None:
        from prefect.deployments import run_deployment

        run = run_deployment(PROCESS, parameters={"paths": [str(p) for p in paths], "count": len(paths)}, timeout=0)
        print(f"submitted {len(paths)} documents: flow run {run.name}", flush=True)

    from flows.server import local_server

    with local_server(settings.state_path / "prefect-server.log") as url:
        print(f"Prefect API: {url}", flush=True)
        if settings.inbox.is_dir():
            threading.Thread(target=watch_inbox, args=(settings.inbox, submit), kwargs={"stop": stop},
                             daemon=True).start()
        try:
            serve(*deployments, print_starting_message=True)
        finally:
            stop.set()
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    """Register the deployments with the Prefect server in PREFECT_API_URL, for the workers of a work pool."""
    settings = _settings(args)
    prefect_environment(args.verbose)
    from prefect.settings import PREFECT_API_URL

    from flows.deployments import deploy_to_work_pool

    if not PREFECT_API_URL.value():
        raise BriefingsError("PREFECT_API_URL is not set: deploy to the Prefect server your workers use, e.g. "
                             "`export PREFECT_API_URL=http://HOST:4200/api` (see docs/deploy.md)")
    for name in deploy_to_work_pool(settings, args.work_pool, args.config, args.source):
        print(f"deployed {name} to work pool {args.work_pool}")
    print(f"start workers with: prefect worker start --pool {args.work_pool}")
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    if not args.ids and not args.all_failed:
        raise BriefingsError("give document ids (see `briefings status`) or --all-failed")
    settings = _settings(args)
    ids = None if args.all_failed else list(args.ids)
    return _run_flow(args, settings, lambda p: p.retry_documents(ids=ids, count=len(ids or []), out=str(settings.out),
                                                        targets=list(settings.targets), config=args.config,
                                                      task_runner=settings.task_runner))


def cmd_status(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    settings = _settings(args)
    if not settings.database_url and not settings.database.exists():
        print(f"no state yet in {settings.database}; run `briefings run` first")
        return 0
    with Store.open(settings) as store:
        rows = store.documents(statuses=[args.status] if args.status else None)
        counts = store.counts()
    if args.json:
        for row in rows:
            print(json.dumps({"id": row.id, "path": row.path, "day": row.day, "status": row.status, "lang": row.lang,
                              "probability": row.probability, "reason": row.reason, "message": row.message},
                             ensure_ascii=False))
        return 0
    print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no documents")
    for row in rows:
        line = f"{row.short_id}  {row.status:<10} {row.lang or '-':<4} {row.day}  {row.path}"
        if row.status == "failed":
            line += f"\n    {row.reason}: {row.message}"
        print(line)
    return 0


# -- models ---------------------------------------------------------------------------------

def cmd_models_list(args: argparse.Namespace) -> int:
    from pipeline.models import installed_models, packages_dir

    models = installed_models()
    if not models:
        print(f"no translation models installed in {packages_dir()}; install one with `briefings models install de en`")
        return 0
    for model in sorted(models, key=lambda m: (m.from_code, m.to_code)):
        print(f"{model.from_code} -> {model.to_code}  {model.name}  {model.path}")
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    from pipeline import models

    if len(args.spec) == 1 and (args.spec[0].endswith(".argosmodel") or Path(args.spec[0]).is_file()):
        model = models.install_file(Path(args.spec[0]))
        print(f"installed {model.name} ({model.from_code} -> {model.to_code}) in {model.path}")
        return 0
    if len(args.spec) != 2:
        raise BriefingsError("usage: briefings models install FROM TO  (e.g. de en), or a path to a .argosmodel file")
    try:
        source, target = (_language_code(code) for code in args.spec)
    except argparse.ArgumentTypeError as exc:
        raise ConfigError(f"models install: {exc}; or give a path to a .argosmodel file") from None
    bar = _download_bar()
    installed = models.install_from_index(source, target, progress=bar)
    for model in installed:
        print(f"installed {model.name} ({model.from_code} -> {model.to_code})")
    return 0


def _download_bar() -> Callable[[int, int], None]:
    state = {"last": -1}

    def report(done: int, total: int) -> None:
        if total:
            percent = int(done * 100 / total)
            if percent != state["last"] and (percent % 10 == 0 or percent == 100):
                state["last"] = percent
                print(f"downloading: {percent}% of {total / 1e6:.1f} MB", file=sys.stderr)
        else:
            print(f"downloading: {done / 1e6:.1f} MB", file=sys.stderr)

    return report


def cmd_models_remove(args: argparse.Namespace) -> int:
    from pipeline.models import remove_model

    model = remove_model(args.source, args.target)
    print(f"removed {model.name}")
    return 0


def cmd_models_check(args: argparse.Namespace) -> int:
    from pipeline.models import install_command, installed_models
    from pipeline.translate import find_route

    settings = _settings(args)
    models = installed_models()
    sources = args.sources.split(",") if args.sources else ["ar", "de", "en", "es", "fr", "hy", "az", "ru", "tr", "uk"]
    missing = 0
    for target in settings.targets:
        for source in sources:
            if source == target:
                continue
            route = find_route(source, target, models, settings.translation.pivots)
            if route is None:
                missing += 1
                print(f"{source} -> {target}: missing; install with `{install_command(source, target)}`")
            else:
                print(f"{source} -> {target}: {route.describe()}")
    return 0 if not missing or not args.strict else 1


def cmd_models_verify(args: argparse.Namespace) -> int:
    from pipeline.models import installed_models
    from pipeline.translate import Translator

    settings = _settings(args)
    models = installed_models()
    if not models:
        print("no translation models installed")
        return 0
    translator = Translator(settings.translation, models, None)
    failed = 0
    for model in models:
        try:
            result = translator.translate(["This is a test."] if model.from_code == "en" else ["Test."],
                                          model.from_code, model.to_code)
            print(f"ok  {model.name}: {result[0]!r}")
        except Exception as exc:
            failed += 1
            print(f"FAILED  {model.name}: {exc}", file=sys.stderr)
    return 4 if failed else 0


# -- standalone stages ------------------------------------------------------------------------

class _JsonlInput:
    """Objects read from JSONL lines. A bad line does not end the run: it is reported on stderr
    and, in its place on stdout, as ``{"id", "line", "error"}`` (outputs stay one per input
    line), then skipped; ``status`` is 3 if any line was bad."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.bad = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for number, line in enumerate(self.stream, 1):
            if not line.strip():
                continue
            item: Any = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or "text" not in item:
                    problem = 'no "text" field'
                elif not isinstance(item["text"], str):
                    problem = f'"text" is {type(item["text"]).__name__}, not a string'
                else:
                    problem = None
            except json.JSONDecodeError as exc:
                problem = f"not JSON ({exc.msg})"
            if problem is None:
                yield item
                continue
            self.bad += 1
            message = f'stdin line {number}: {problem}; expected {{"id": ..., "text": ...}}'
            print(f"error: {message}", file=sys.stderr)
            _emit({"id": item.get("id") if isinstance(item, dict) else None, "line": number, "error": message})

    @property
    def status(self) -> int:
        return 3 if self.bad else 0


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def cmd_translate(args: argparse.Namespace) -> int:
    from pipeline.documents import clean_text
    from pipeline.memory import TranslationMemory
    from pipeline.models import install_command, installed_models
    from pipeline.sentences import split_paragraphs, split_sentences
    from pipeline.translate import Translator

    settings = _settings(args)
    translator = Translator(settings.translation, installed_models(), TranslationMemory.open(settings))
    route = translator.route(args.source, args.target)
    if route is None:
        raise ModelError(f"no model {args.source}->{args.target}; install it with "
                         f"`{install_command(args.source, args.target)}`")

    def translate_text(text: str) -> str:
        paragraphs = split_paragraphs(clean_text(text))  # as documents are: mojibake mended, controls dropped
        split = [split_sentences(p, args.source) for p in paragraphs]
        outputs = translator.translate_many([(args.source, args.target, s) for s in split])
        return "\n\n".join(" ".join(o) for o in outputs)

    if args.jsonl:
        items = _JsonlInput(sys.stdin)
        for item in items:
            _emit({"id": item.get("id"), "translation": translate_text(str(item["text"])), "route": route.describe()})
        return items.status
    else:
        print(translate_text(sys.stdin.read()))
    return 0


def _named_documents(names: Sequence[str], max_bytes: int) -> Iterator[tuple[str, Any]]:
    """The documents of the files named on the command line, or the error reading each, named as
    the user knows them: a folder stands for the documents in it (as the inbox is read), a ZIP
    archive for the documents inside it ("clippings.zip/report.pdf"), unpacked into a temporary
    folder that is removed afterwards."""
    from pipeline.documents import ARCHIVE_LOCATION_FILE, ARCHIVE_SUFFIXES, load_document, scan_inbox, unpack_archive

    with tempfile.TemporaryDirectory(prefix="briefings-archive-") as scratch:
        unpacked_root = Path(scratch)

        def as_given(path: Path, name: str, root: Path) -> str:
            if path.is_relative_to(unpacked_root):  # a document unpacked from an archive: the archive's name
                folder, *inner = path.relative_to(unpacked_root).parts
                path = Path((unpacked_root / folder / ARCHIVE_LOCATION_FILE).read_text(encoding="utf-8")).joinpath(*inner)
            return os.path.join(name, path.relative_to(root)) if path.is_relative_to(root) else str(path)

        for name in names:
            given = Path(name)
            if given.is_dir() or (given.suffix.lower() in ARCHIVE_SUFFIXES and given.is_file()):
                if given.is_dir():
                    entries, skipped = scan_inbox(given, archives=unpacked_root)
                    root = given.resolve()
                else:
                    entries, skipped = unpack_archive(given, unpacked_root)
                    root = given.absolute()
                files: list[tuple[str, Path | InputError]] = [(as_given(e.path, name, root), e.path) for e in entries]
                files += [(shown, InputError(skip.message.replace(str(skip.path), shown), skip.reason))
                          for skip in skipped for shown in [as_given(skip.path, name, root)]]
                files = sorted(files, key=lambda item: item[0]) or [
                    (name, InputError(f"{name}: holds no documents", "empty"))]
            else:
                files = [(name, given)]
            for shown, path in files:
                try:
                    if isinstance(path, InputError):
                        raise path
                    yield shown, load_document(path, max_bytes)
                except InputError as exc:  # named as the user knows it, not where it was unpacked
                    message = str(exc).replace(str(path), shown) if isinstance(path, Path) else str(exc)
                    yield shown, InputError(message, exc.reason)


def cmd_detect(args: argparse.Namespace) -> int:
    from pipeline.language import detect_document, detect_language

    if args.jsonl or not args.files:
        items = _JsonlInput(sys.stdin)
        for item in items:
            detection = detect_language(str(item["text"]))
            _emit({"id": item.get("id"), "lang": detection.lang, "probability": round(detection.probability, 4)})
        return items.status
    settings = _settings(args)
    status = 0
    for name, document in _named_documents(args.files, settings.max_file_bytes):
        if isinstance(document, InputError):
            print(f"error: {document}", file=sys.stderr)
            status = 3
            continue
        # the document's language as the pipeline decides it (paragraph by paragraph)
        detection, per_paragraph = detect_document(document.paragraphs)
        print(f"{name}\t{detection.lang}\t{detection.probability:.4f}")
        if args.paragraphs:
            for number, (paragraph, found) in enumerate(zip(document.paragraphs, per_paragraph), 1):
                excerpt = " ".join(paragraph.split())
                excerpt = excerpt if len(excerpt) <= 60 else excerpt[:59] + "…"
                print(f"  {number}\t{found.lang}\t{found.probability:.4f}\t{excerpt}")
    return status


def cmd_summarize(args: argparse.Namespace) -> int:
    from pipeline.documents import clean_text
    from pipeline.language import UNDETERMINED, detect_language
    from pipeline.langs import GENERIC, language_info
    from pipeline.sentences import split_paragraphs, split_sentences
    from pipeline.summarize import summarize

    settings = _settings(args)
    count = args.sentences or settings.summary.sentences or None
    if args.lang and language_info(args.lang).name == GENERIC.name:
        print(f"warning: briefings has no stemmer or stop words for {args.lang!r}; "
              "summarising with word frequencies only", file=sys.stderr)

    def run(paragraphs: Sequence[str], lang: str | None, title: str | None = None) -> tuple[str, list[str], list[int]]:
        code = lang or detect_language("\n\n".join(paragraphs)).lang
        split_lang = code if code != UNDETERMINED else "xx"
        sentences = [s for p in paragraphs for s in split_sentences(p, split_lang)]
        indices = summarize(sentences, split_lang, count=count, algorithm=args.algorithm or settings.summary.algorithm,
                            title=title)
        return code, sentences, indices

    if args.jsonl or not args.file:
        items = _JsonlInput(sys.stdin)
        for item in items:
            code, sentences, indices = run(split_paragraphs(clean_text(str(item["text"]))), item.get("lang"),
                                           item.get("title"))
            _emit({"id": item.get("id"), "lang": code, "summary": [sentences[i] for i in indices], "indices": indices})
        return items.status
    from pipeline.documents import ARCHIVE_SUFFIXES

    archive = Path(args.file).suffix.lower() in ARCHIVE_SUFFIXES or Path(args.file).is_dir()  # several documents
    status, shown = 0, 0
    for name, document in _named_documents([args.file], settings.max_file_bytes):
        if isinstance(document, InputError):
            if not archive:
                raise document
            print(f"error: {document}", file=sys.stderr)
            status = 3
            continue
        code, sentences, indices = run(document.paragraphs, args.lang, document.title)
        if archive:  # each document of the archive or folder under its name
            print(f"{chr(10) if shown else ''}== {name}")
            shown += 1
        print(f"# {document.title} ({code})")
        for i in indices:
            print(f"[{i}] {sentences[i]}")
    return status


# -- cache ------------------------------------------------------------------------------------

def cmd_cache(args: argparse.Namespace) -> int:
    from pipeline.memory import TranslationMemory

    settings = _settings(args)
    memory = TranslationMemory.open(settings)
    if args.action == "clear":
        print(f"removed {memory.clear()} translations from {memory.location}")
    else:
        print(json.dumps(memory.stats(), indent=2, ensure_ascii=False))
    return 0


# -- reading ----------------------------------------------------------------------------------

def cmd_list(args: argparse.Namespace) -> int:
    from pipeline.briefing import existing_briefings

    settings = _settings(args)
    found = existing_briefings(settings.out)
    if not found:
        print(f"no briefings in {settings.out} yet; run `briefings run`")
        return 0
    for day, langs in found.items():
        print(f"{day}  " + "  ".join(str(settings.out / day / f"{lang}.md") for lang in langs))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from pipeline.briefing import existing_briefings

    settings = _settings(args)
    found = existing_briefings(settings.out)
    day = args.date or next(iter(found), None)
    if day is None or day not in found:
        raise BriefingsError(f"no briefing for {args.date or 'any day'} in {settings.out}; `briefings list` shows what exists")
    lang = args.lang or (settings.targets[0] if settings.targets[0] in found[day] else found[day][0])
    path = settings.out / day / f"{lang}.md"
    if not path.exists():
        raise BriefingsError(f"no {lang} briefing on {day}; there are: {', '.join(found[day])}")
    text = path.read_text(encoding="utf-8")
    if args.plain or not sys.stdout.isatty():
        print(text)
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    return 0


# -- parser -----------------------------------------------------------------------------------

def _language_code(value: str) -> str:
    """argparse type of a language option: an ISO 639-1 code ("de"; "pt-BR" is "pt"), not a name."""
    from pipeline.langs import normalize_code

    code = normalize_code(value)
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 639-1 language code such as en, de, fr")
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefings",
        description="Offline multilingual news briefings: detect, summarise, translate (Argos), brief.",
    )
    parser.add_argument("--config", help="settings file (default: ./briefings.toml if present, or $BRIEFINGS_CONFIG)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs on the console")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help: str, io: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        if io:
            p.add_argument("--out", help="output folder (default: outputs)")
            p.add_argument("--to", help="target languages, comma-separated (default: en,de,fr)")
            p.add_argument("--task-runner", help="threads (default), dask (a local cluster) or tcp://HOST:PORT")
        return p

    p = add("run", cmd_run, "process new or changed documents of the inbox and write the day's briefings")
    p.add_argument("--inbox", help="inbox folder (default: inbox)")
    p = add("watch", cmd_watch, "process documents as they arrive in the inbox (runs until stopped)")
    p.add_argument("--inbox", help="inbox folder (default: inbox)")
    p.add_argument("--settle", type=float, default=0.5, help="seconds a file's size must stay unchanged (default 0.5)")
    p = add("serve", cmd_serve, "serve the Prefect deployments: daily schedule and document processing")
    p.add_argument("--inbox", help="inbox folder to watch (default: inbox)")
    p.add_argument("--dry-run", action="store_true", help="print the next scheduled runs and exit")
    p = add("deploy", cmd_deploy, "register the deployments for the workers of a Prefect work pool (docs/deploy.md)")
    p.add_argument("--work-pool", required=True, help="work pool name (created as a process pool if missing)")
    p.add_argument("--inbox", help="inbox folder, on storage every worker sees (default: inbox)")
    p.add_argument("--source", help="where workers get the code: a folder at the same path on each worker "
                                    "(default: this project) or a git URL")
    p = add("trigger", cmd_trigger, "process the given documents now")
    p.add_argument("files", nargs="+")
    p = add("retry", cmd_retry, "process failed documents again")
    p.add_argument("ids", nargs="*", help="document ids or id prefixes from `briefings status`")
    p.add_argument("--all-failed", action="store_true")
    p = add("status", cmd_status, "documents and their status (failed ones with the reason)")
    p.add_argument("--status", choices=["pending", "processing", "done", "failed", "superseded"])
    p.add_argument("--json", action="store_true")
    p = add("list", cmd_list, "list the briefings that exist")
    p = add("show", cmd_show, "show a briefing in the terminal (latest by default)")
    p.add_argument("--lang", type=_language_code)
    p.add_argument("--date", help="YYYY-MM-DD")
    p.add_argument("--plain", action="store_true", help="print the Markdown as it is")

    models = sub.add_parser("models", help="translation models: list, install, remove, check, verify")
    msub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    p = msub.add_parser("list", help="installed models")
    p.set_defaults(func=cmd_models_list)
    p = msub.add_parser("install", help="install FROM TO from the Argos index (downloads), or a .argosmodel file")
    p.add_argument("spec", nargs="+", metavar="FROM TO | FILE")
    p.set_defaults(func=cmd_models_install)
    p = msub.add_parser("remove", help="remove an installed model")
    p.add_argument("source", type=_language_code)
    p.add_argument("target", type=_language_code)
    p.set_defaults(func=cmd_models_remove)
    p = msub.add_parser("check", help="which routes exist for the configured targets, and what is missing")
    p.add_argument("--to")
    p.add_argument("--from", dest="sources", help="source languages, comma-separated")
    p.add_argument("--strict", action="store_true", help="exit 1 if a route is missing")
    p.set_defaults(func=cmd_models_check)
    p = msub.add_parser("verify", help="load each installed model and translate one sentence")
    p.set_defaults(func=cmd_models_verify)

    p = add("translate", cmd_translate, "translate stdin (text, or JSON lines with --jsonl)", io=False)
    p.add_argument("--from", dest="source", required=True, type=_language_code)
    p.add_argument("--to", dest="target", required=True, type=_language_code)
    p.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines, write {"id", "translation", "route"}')
    p = add("detect", cmd_detect, "detect the language of files, or of JSON lines on stdin", io=False)
    p.add_argument("files", nargs="*")
    p.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines, write {"id", "lang", "probability"}')
    p.add_argument("--paragraphs", action="store_true",
                   help="also print each paragraph's language (documents that quote another language)")
    p = add("summarize", cmd_summarize, "summarise a file, or JSON lines on stdin", io=False)
    p.add_argument("file", nargs="?")
    p.add_argument("--sentences", type=int)
    p.add_argument("--lang", type=_language_code)
    p.add_argument("--algorithm")
    p.add_argument("--jsonl", action="store_true", help='read {"id", "text", "lang"?} lines')
    p = add("cache", cmd_cache, "translation memory: stats or clear", io=False)
    p.add_argument("action", choices=["stats", "clear"])
    return parser


def _storage_problem(exc: BaseException, args: argparse.Namespace) -> str | None:
    """A full disk or a read-only folder, said in one line (the state database or the briefings)."""
    import errno

    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError):
        if not any(k in text for k in ("disk is full", "readonly", "read-only", "unable to open", "disk I/O")):
            return None
    elif getattr(exc, "errno", None) not in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT):
        return None
    where = getattr(args, "out", None) or "the output folder"
    return (f"cannot write to {where} ({text}); free some space or make the folder writable; "
            "earlier briefings are untouched")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BriefingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # the reader went away (`briefings list | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (sqlite3.OperationalError, OSError) as exc:
        message = _storage_problem(exc, args)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return OutputError.exit_code
    except KeyboardInterrupt:
        print("interrupted; run the same command again to continue where it stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
