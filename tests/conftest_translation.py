"""Fixtures for translation tests: real tiny Argos packages, a private packages folder, a local index.

Registered as a pytest plugin from tests/conftest.py. Built packages are cached in pytest's cache
folder (.pytest_cache), so they are built once, not once per session.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

from pipeline.testing import build_package, index_entry


@pytest.fixture(scope="session")
def package_cache(request: pytest.FixtureRequest) -> Path:
    return Path(request.config.cache.mkdir("argos-packages"))


@pytest.fixture(scope="session")
def argos_package(package_cache: Path) -> Callable[..., Path]:
    """`argos_package("de", "en", version="1.0")` -> path of a real tiny `.argosmodel`."""

    def make(from_code: str, to_code: str, *, version: str = "1.0", seed: int = 0) -> Path:
        return build_package(package_cache, from_code, to_code, version=version, seed=seed)

    return make


@pytest.fixture
def argos_packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Argos packages folder for this test (ARGOS_PACKAGES_DIR); the index is unreachable."""
    path = tmp_path / "argos-packages"
    path.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # discard port: never the internet
    return path


@pytest.fixture
def install_pairs(argos_packages_dir: Path, argos_package: Callable[..., Path]):
    """`install_pairs("de-en", "en-fr")` installs tiny packages and returns the InstalledModels."""
    from pipeline.models import install_file

    def install(*pairs: str, version: str = "1.0"):
        return [install_file(argos_package(*pair.split("-"), version=version)) for pair in pairs]

    return install


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def package_index(tmp_path: Path, argos_packages_dir: Path, argos_package, monkeypatch) -> Iterator[Callable[..., str]]:
    """A real HTTP server on 127.0.0.1 serving index.json and packages; ARGOS_PACKAGE_INDEX points at it.

    Call `package_index("de-en", "en-fr")` to publish those packages; returns the base URL.
    """
    root = tmp_path / "index"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)

    def publish(*pairs: str, version: str = "1.0") -> str:
        entries = []
        for pair in pairs:
            source = argos_package(*pair.split("-"), version=version)
            name = f"translate-{pair.replace('-', '_')}.argosmodel"
            (root / name).write_bytes(source.read_bytes())
            entries.append(index_entry(root / name, base + name))
        (root / "index.json").write_text(json.dumps(entries), encoding="utf-8")
        return base

    yield publish
    server.shutdown()
    server.server_close()
