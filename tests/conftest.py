"""Shared fixtures. Every test runs with private user folders: nothing touches the real home,
the real Argos packages or a real Prefect server."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="briefings-tests-"))
# removed when the test process ends (each xdist worker has its own): 60 MB a run otherwise
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _name, _sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"),
                    ("PREFECT_HOME", "prefect"), ("ARGOS_PACKAGES_DIR", "argos-packages")):
    (_HOME / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_name] = str(_HOME / _sub)
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # the discard port: never the internet
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_UI_ENABLED", "false")
os.environ.pop("PREFECT_API_URL", None)
for _name in [n for n in os.environ if n.startswith("BRIEFINGS_") and not n.startswith("BRIEFINGS_TEST_")]:
    del os.environ[_name]

pytest_plugins = ["tests.conftest_translation"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A copy of the seed documents in a temporary inbox."""
    path = tmp_path / "inbox"
    shutil.copytree(SEEDS, path)
    return path


@pytest.fixture
def settings(tmp_path: Path):
    from pipeline.config import load_settings

    return load_settings(overrides={"inbox": tmp_path / "inbox", "out": tmp_path / "out"}, environ={})
