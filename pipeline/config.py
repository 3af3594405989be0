"""One frozen settings object, built once: defaults < briefings.toml < BRIEFINGS_* environment < flags.

The TOML file has top-level keys (inbox, out, targets, ...) and the tables [summary], [translation]
and [schedule]. An environment variable names a key as BRIEFINGS_<KEY> or BRIEFINGS_<TABLE>_<KEY>,
e.g. BRIEFINGS_TARGETS=en,de or BRIEFINGS_TRANSLATION_BEAM_SIZE=4.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.db import redact
from pipeline.errors import ConfigError

CONFIG_FILE = "briefings.toml"
ENV_PREFIX = "BRIEFINGS_"
NOT_SETTINGS = {"BRIEFINGS_CONFIG", "BRIEFINGS_FAILPOINT",  # variables that are read elsewhere
                "BRIEFINGS_TEST_DATABASE_URL",  # (by the tests)
                "BRIEFINGS_SHARED_STORAGE"}  # set on flow runs of `briefings deploy`: check_shared_storage
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class TranslationSettings:
    """CTranslate2 decoding and resource settings; defaults are justified in the README."""

    beam_size: int = 2
    length_penalty: float = 1.0
    max_decoding_ratio: float = 2.0
    max_decoding_extra: int = 10
    min_decoding_ratio: float = 0.0
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    compute_type: str = "int8"
    inter_threads: int = 1
    intra_threads: int = 0  # 0: one per core
    max_batch_tokens: int = 2048
    max_loaded_models: int = 3
    pivots: tuple[str, ...] = ("en",)

    def threads(self) -> int:
        return self.intra_threads or max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class SummarySettings:
    algorithm: str = "default"
    sentences: int = 0  # 0: adapt to the document's length


@dataclass(frozen=True)
class ScheduleSettings:
    daily_time: str = "06:00"
    timezone: str = "UTC"

    def cron(self) -> str:
        hour, minute = self.daily_time.split(":")
        return f"{int(minute)} {int(hour)} * * *"


@dataclass(frozen=True)
class Settings:
    inbox: Path = Path("inbox")
    out: Path = Path("outputs")
    state_dir: Path | None = None  # default: <out>/.state
    database_url: str = ""  # "": SQLite files under state_dir; postgresql://USER:PASS@HOST/DB: state and memory there
    targets: tuple[str, ...] = ("en", "de", "fr")
    max_file_bytes: int = 10_000_000
    min_language_probability: float = 0.50
    task_runner: str = "threads"  # threads, dask (a local cluster), or tcp://HOST:PORT (a Dask scheduler)
    dask_workers: int = 2
    summary: SummarySettings = field(default_factory=SummarySettings)
    translation: TranslationSettings = field(default_factory=TranslationSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)

    @property
    def state_path(self) -> Path:
        return self.state_dir if self.state_dir is not None else self.out / ".state"

    @property
    def archives_path(self) -> Path:
        """Where the documents of ZIP archives in the inbox are unpacked (the archives stay as they are)."""
        return self.state_path / "archives"

    @property
    def database(self) -> Path:
        return self.state_path / "state.sqlite3"

    @property
    def memory_database(self) -> Path:
        return self.state_path / "memory.sqlite3"


_TABLES = {"summary": SummarySettings, "translation": TranslationSettings, "schedule": ScheduleSettings}


def _coerce(name: str, current: Any, value: Any) -> Any:
    """Turn a TOML/env/flag value into the type of the default it replaces."""
    try:
        if isinstance(current, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(current, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip() for item in items if str(item).strip())
        if isinstance(current, int):
            return int(value)
        if isinstance(current, float):
            return float(value)
        if isinstance(current, Path) or name in {"state_dir"}:
            return Path(str(value)).expanduser() if value not in (None, "") else None
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name!r}: {value!r} is not a valid {type(current).__name__}") from None


def _apply(obj: Any, values: Mapping[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        key = key.replace("-", "_")
        if key not in known:
            valid = ", ".join(sorted(known))
            raise ConfigError(f"{where}: unknown setting {key!r}; valid settings: {valid}")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: {key!r} must be a table")
            changes[key] = _apply(current, value, f"{where} [{key}]")
        else:
            changes[key] = _coerce(key, current, value)
    return replace(obj, **changes)


def _environment(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    top = {f.name for f in fields(Settings)}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name in NOT_SETTINGS:
            continue
        key = name[len(ENV_PREFIX):].lower()
        for table in _TABLES:
            if key.startswith(table + "_"):
                values.setdefault(table, {})[key[len(table) + 1:]] = value
                break
        else:
            if key in top:
                values[key] = value
            else:
                valid = [ENV_PREFIX + k.upper() + ("_<KEY>" if k in _TABLES else "") for k in sorted(top)]
                raise ConfigError(f"environment variable {name}: no such setting; valid: {', '.join(valid)}")
    return values


def _canonical_targets(targets: tuple[str, ...]) -> tuple[str, ...]:
    """Old or alternative codes as the detector and Argos write them (no -> nb, iw -> he), once each."""
    from pipeline.langs import normalize_code

    return tuple(dict.fromkeys(normalize_code(c) if _LANG_CODE.match(c) else c for c in targets))


def load_settings(
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings once, from every layer, and validate them."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    path = config_file or (Path(environ["BRIEFINGS_CONFIG"]) if environ.get("BRIEFINGS_CONFIG") else None)
    if path is None and Path(CONFIG_FILE).is_file():
        path = Path(CONFIG_FILE)
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        settings = _apply(settings, data, str(path))
    settings = _apply(settings, _environment(environ), "environment")
    if overrides:
        settings = _apply(settings, {k: v for k, v in overrides.items() if v is not None}, "command line")
    settings = replace(settings, targets=_canonical_targets(settings.targets))
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    """Fail early, naming the value and the valid choices."""
    from pipeline.summarize import ALGORITHMS

    if not settings.targets:
        raise ConfigError("targets: at least one target language is needed, e.g. targets = [\"en\"]")
    for code in settings.targets:
        if not _LANG_CODE.match(code):
            raise ConfigError(f"targets: {code!r} is not an ISO 639-1 language code such as en, de, fr")
    if settings.summary.algorithm not in ALGORITHMS:
        raise ConfigError(f"summary.algorithm: {settings.summary.algorithm!r} is not one of {', '.join(ALGORITHMS)}")
    if settings.summary.sentences < 0:
        raise ConfigError("summary.sentences: must be 0 (adaptive) or a positive number")
    t = settings.translation
    if t.beam_size < 1:
        raise ConfigError("translation.beam_size: must be at least 1")
    if t.compute_type not in {"int8", "int8_float32", "int16", "float32", "default", "auto"}:
        raise ConfigError(f"translation.compute_type: {t.compute_type!r} is not one of int8, int8_float32, int16, float32, default, auto")
    if t.max_decoding_ratio <= 0 or t.max_batch_tokens < 16 or t.max_loaded_models < 1:
        raise ConfigError("translation: max_decoding_ratio > 0, max_batch_tokens >= 16 and max_loaded_models >= 1 are required")
    if settings.max_file_bytes < 1:
        raise ConfigError("max_file_bytes: must be positive")
    if not 0 <= settings.min_language_probability <= 1:
        raise ConfigError("min_language_probability: must be between 0 and 1")
    if settings.task_runner != "threads" and settings.task_runner != "dask" and not settings.task_runner.startswith("tcp://"):
        raise ConfigError(f"task_runner: {settings.task_runner!r} is not one of threads, dask, tcp://HOST:PORT")
    if settings.database_url and not settings.database_url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"database_url: {redact(settings.database_url)!r} is not empty (SQLite files under {settings.state_path}) "
                          "or a postgresql://USER:PASSWORD@HOST:PORT/DATABASE URL")
    if not re.match(r"^\d{1,2}:\d{2}$", settings.schedule.daily_time):
        raise ConfigError(f"schedule.daily_time: {settings.schedule.daily_time!r} is not HH:MM")
    try:
        ZoneInfo(settings.schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"schedule.timezone: {settings.schedule.timezone!r} is not an IANA time zone such as Europe/Vienna") from None


STORAGE_MARKER = ".briefings-storage"  # hidden: never taken for a document or an output
STORAGE_ENV = "BRIEFINGS_SHARED_STORAGE"


def mark_shared_storage(settings: Settings) -> str:
    """Write one token into the inbox and the output folder (created if needed) and return it.

    `briefings deploy` gives the token to every flow run of its deployments (env BRIEFINGS_SHARED_STORAGE);
    a worker whose machine does not see these folders then fails clearly instead of writing elsewhere.
    """
    import uuid

    marker = settings.out / STORAGE_MARKER
    token = marker.read_text(encoding="utf-8").strip() if marker.is_file() else uuid.uuid4().hex
    for folder in (settings.inbox, settings.out):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STORAGE_MARKER).write_text(token + "\n", encoding="utf-8")
    return token


def check_shared_storage(settings: Settings, names: tuple[str, ...] = ("out",),
                         environ: Mapping[str, str] | None = None) -> None:
    """In a flow run of a work-pool deployment: fail unless `inbox`/`out` are the deployer's folders."""
    import socket

    token = (os.environ if environ is None else environ).get(STORAGE_ENV)
    if not token:
        return
    for name in names:
        folder = getattr(settings, name)
        marker = folder / STORAGE_MARKER
        try:
            found: str | None = marker.read_text(encoding="utf-8").strip()
        except OSError:
            found = None
        if found != token:
            problem = "is missing" if found is None else "belongs to another deployment"
            raise ConfigError(
                f"{name}: {folder} on worker {socket.gethostname()} is not the shared folder this deployment uses "
                f"({marker} {problem}); mount the shared storage at {folder} on every worker, or set `{name}` to a "
                f"folder all workers and the deploying machine see and run `briefings deploy` again")
