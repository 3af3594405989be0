"""`briefings watch`: process new or changed documents within seconds of their arrival.

watchfiles reports changes; a file is taken once its size and mtime have been stable for
`settle_seconds` (or at once when it was renamed into place, the temp-name-then-rename
convention: write `name.txt.part`, then rename to `name.txt`). Each batch is processed by the
same flow as `briefings trigger`, in this process, so models stay loaded between batches.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from pipeline.documents import ARCHIVE_SUFFIXES, DOCUMENT_SUFFIXES, is_ignored_name, is_page_resources


def candidate(path: Path, inbox: Path) -> bool:
    if path.suffix.lower() not in DOCUMENT_SUFFIXES + ARCHIVE_SUFFIXES or is_ignored_name(path.name):
        return False
    try:
        root = inbox.resolve()
        resolved = path.resolve()
        if not (path.is_file() and resolved.is_relative_to(root)):
            return False
        # a frame saved in a page's "_files" folder is not a document (scan_inbox skips the folder too)
        return not any(is_page_resources(folder) for folder in resolved.parents if folder.is_relative_to(root) and folder != root)
    except OSError:
        return False


def wait_until_stable(paths: Iterable[Path], settle_seconds: float, timeout: float = 60.0) -> list[Path]:
    """Paths whose size and mtime did not change over settle_seconds (files still growing wait)."""
    pending = {p: None for p in paths}
    stable: list[Path] = []
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for path in list(pending):
            try:
                stat = path.stat()
            except FileNotFoundError:
                del pending[path]
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            if pending[path] == signature and stat.st_size > 0:
                stable.append(path)
                del pending[path]
            else:
                pending[path] = signature
        if pending:
            time.sleep(settle_seconds)
    return stable + [p for p in pending if p.exists()]


def watch_inbox(
    inbox: Path,
    handle: Callable[[list[Path]], object],
    *,
    settle_seconds: float = 0.5,
    stop: threading.Event | None = None,
    catch_up: Callable[[], object] | None = None,
) -> None:
    """Call handle(paths) for each batch of new or changed documents until stop is set."""
    from watchfiles import Change, watch

    inbox = Path(inbox)
    if catch_up is not None:
        catch_up()
    for changes in watch(inbox, stop_event=stop, debounce=400, step=50, recursive=True, raise_interrupt=False):
        paths = sorted({Path(p) for change, p in changes if change in (Change.added, Change.modified)})
        paths = [p for p in paths if candidate(p, inbox)]
        if not paths:
            continue
        ready = wait_until_stable(paths, settle_seconds)
        if ready:
            handle(ready)
