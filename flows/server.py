"""Prefect's temporary local server, started the way Prefect starts it (uvicorn over
`prefect.server.api.server:create_app`, SQLite under PREFECT_HOME), with two differences: it dies
with the process that started it, even on `kill -9` (Linux parent-death signal), and its output
goes to a log file instead of the user's console."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from pipeline.errors import OrchestratorError

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # SIGTERM was seen to leave it running
    except (OSError, AttributeError):  # not Linux: the server is still stopped at normal exit
        pass


def _drain_prefect_workers() -> None:
    """Send Prefect's queued logs and events while the server still runs (Prefect drains them at exit)."""
    if "prefect" not in sys.modules:
        return
    try:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)
        EventsWorker.drain_all(timeout=5)
    except Exception:  # best effort: losing a log line must not fail the run
        pass


def _free_port() -> int:
    """A free port on 127.0.0.1, checked reachable: a network namespace whose loopback is down
    (``unshare -n``) fails here at once with one clear line instead of a silent start-up timeout."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            try:
                client.connect(listener.getsockname())
            except OSError as exc:
                raise OrchestratorError(
                    f"cannot reach 127.0.0.1 ({exc.strerror or exc}): Prefect's temporary local server needs the "
                    "loopback interface; bring it up (`ip link set lo up`) or set PREFECT_API_URL to a running "
                    "Prefect server") from exc
        return listener.getsockname()[1]


def _site_packages() -> str:
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.submodule_search_locations
    return str(Path(list(spec.submodule_search_locations)[0]).parent)


@contextmanager
def local_server(log_file: Path, timeout: float = 120.0,
                 while_starting: Callable[[], object] | None = None) -> Iterator[str]:
    """Use PREFECT_API_URL if set; else start a temporary server for the duration of the block.

    `while_starting` runs while the server boots (slow imports overlap with its start-up).
    """
    if os.environ.get("PREFECT_API_URL"):
        if while_starting is not None:
            while_starting()
        yield os.environ["PREFECT_API_URL"]
        return
    port = _free_port()
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log = open(log_file, "ab")
    except OSError:  # a read-only or full output folder is reported by the run itself, clearly
        log = open(os.devnull, "wb")
    with log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", _site_packages(), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
    url = f"http://127.0.0.1:{port}/api"
    os.environ["PREFECT_API_URL"] = url
    try:
        if while_starting is not None:
            while_starting()
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise OrchestratorError(
                    f"Prefect's local server exited with status {process.returncode} while starting; see {log_file}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise OrchestratorError(f"Prefect's local server did not start within {timeout:.0f} s; see {log_file}")
            time.sleep(0.1)
        yield url
    finally:
        _drain_prefect_workers()
        os.environ.pop("PREFECT_API_URL", None)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
