"""Translation packages: list, validate, install, remove and download Argos `.argosmodel` files.

Packages live where Argos Translate keeps them (`ARGOS_PACKAGES_DIR`, default
`~/.local/share/argos-translate/packages`), so packages installed with `argospm` are found too.
Only `argostranslate.package` is used (never `argostranslate.translate`, which imports CTranslate2
and, in some distributions, torch). Installation and removal take the same lock as Argos and do the
file work themselves: Argos's `install_from_path` and `uninstall` import `argostranslate.translate`
to clear a cache, and `install_from_path` extracts archives without checking member paths.
Only `fetch_index` and `install_from_index` touch the network.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from pipeline.errors import ModelError, NetworkError

MAX_PACKAGE_BYTES = 2_000_000_000  # uncompressed; Argos's largest packages are ~200 MB
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
TIMEOUT_SECONDS = 30
PIVOT = "en"


@dataclass(frozen=True)
class InstalledModel:
    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def name(self) -> str:
        """`translate-de_en 1.9`: the package and its version, as recorded in provenance."""
        return f"translate-{self.from_code}_{self.to_code} {self.version}"

    @property
    def package(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}"


def packages_dir() -> Path:
    """`ARGOS_PACKAGES_DIR` if set (read at each call), else Argos Translate's own default."""
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"]).expanduser()
    from argostranslate import settings

    return Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=settings.data_dir / "packages"))


def index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith("/") else base + "/"


def install_command(from_code: str, to_code: str) -> str:
    return f"briefings models install {from_code} {to_code}"


def _version_key(version: str) -> tuple:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def installed_models() -> list[InstalledModel]:
    """Installed translate packages, one per language pair (the newest if several), sorted.

    Reads only metadata.json files: no CTranslate2 import, no model loading.
    """
    from argostranslate.package import Package

    root = packages_dir()
    if not root.is_dir():
        return []
    best: dict[tuple[str, str], InstalledModel] = {}
    for path in sorted(root.iterdir()):
        if not (path / "metadata.json").is_file():
            continue
        try:
            package = Package(path)
        except (OSError, ValueError):
            continue  # a half-written or foreign folder is not a package
        if package.type != "translate" or not package.from_code or not package.to_code:
            continue
        model = InstalledModel(package.from_code, package.to_code, str(package.package_version), path)
        key = (model.from_code, model.to_code)
        if key not in best or _version_key(model.version) > _version_key(best[key].version):
            best[key] = model
    return sorted(best.values(), key=lambda m: (m.from_code, m.to_code))


def validate_archive(path: Path, *, max_bytes: int = MAX_PACKAGE_BYTES) -> dict:
    """Check an `.argosmodel` before anything is extracted; return its metadata.

    Refuses: not a zip, absolute or `..` member paths, more than one top-level folder, more than
    `max_bytes` uncompressed, a missing metadata.json / model/model.bin / sentencepiece.model, and
    metadata that is not a translate package with from_code and to_code.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (an .argosmodel file is a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            tops: set[str] = set()
            for info in infos:
                name = info.filename.replace("\\", "/")
                parts = PurePosixPath(name).parts
                if not parts or name.startswith("/") or ".." in parts or ":" in parts[0]:
                    raise ModelError(f"{path}: unsafe path {info.filename!r} in archive; refusing to install")
                tops.add(parts[0])
            if len(tops) != 1:
                raise ModelError(f"{path}: expected one top-level folder in the archive, found {sorted(tops) or 'none'}")
            total = sum(info.file_size for info in infos)
            if total > max_bytes:
                raise ModelError(f"{path}: {total:,} bytes uncompressed exceeds the limit of {max_bytes:,} bytes")
            top = tops.pop()
            names = {info.filename.rstrip("/") for info in infos}
            for required in ("metadata.json", "model/model.bin", "sentencepiece.model"):
                if f"{top}/{required}" not in names:
                    raise ModelError(f"{path}: missing {required} in {top}/; not a usable translate package")
            try:
                metadata = json.loads(zf.read(f"{top}/metadata.json"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise ModelError(f"{path}: metadata.json is not valid JSON ({exc})") from None
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{path}: damaged archive ({exc})") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{path}: metadata.json must be a JSON object")
    kind = metadata.get("package_type", metadata.get("type", "translate"))
    if kind != "translate":
        raise ModelError(f"{path}: package type {kind!r} is not 'translate'")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise ModelError(f"{path}: metadata.json has no {key}")
    metadata["_top"] = top
    return metadata


def install_file(path: Path) -> InstalledModel:
    """Validate, then install (replacing any installed package for the same language pair)."""
    from argostranslate.package import package_lock

    metadata = validate_archive(path)
    top = metadata.pop("_top")
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    pair = (metadata["from_code"], metadata["to_code"])
    with package_lock, tempfile.TemporaryDirectory(dir=root, prefix=".installing-") as tmp:
        with zipfile.ZipFile(path) as zf:
            zf.extractall(tmp)  # member paths were checked by validate_archive
        for old in _installed_dirs(root, pair):
            shutil.rmtree(old)
        dest = root / top
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(Path(tmp) / top, dest)
    return InstalledModel(pair[0], pair[1], str(metadata.get("package_version", "")), dest)


def _installed_dirs(root: Path, pair: tuple[str, str]) -> list[Path]:
    found = []
    for path in root.iterdir():
        meta = path / "metadata.json"
        if path.name.startswith(".") or not meta.is_file():
            continue
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (data.get("from_code"), data.get("to_code")) == pair:
            found.append(path)
    return found


def remove_model(from_code: str, to_code: str) -> InstalledModel:
    from argostranslate.package import package_lock

    model = next((m for m in installed_models() if (m.from_code, m.to_code) == (from_code, to_code)), None)
    if model is None:
        have = ", ".join(f"{m.from_code}->{m.to_code}" for m in installed_models()) or "none"
        raise ModelError(f"no {from_code}->{to_code} package is installed (installed: {have})")
    with package_lock:
        for path in _installed_dirs(packages_dir(), (from_code, to_code)):
            shutil.rmtree(path)
    return model


def fetch_index() -> list[dict]:
    """Download `index.json` from `ARGOS_PACKAGE_INDEX`; NetworkError if that fails.

    Argos's `update_package_index()` logs and swallows download errors and has no timeout, so the
    index is fetched here directly (same URL, same format) and failures are raised.
    """
    url = index_url() + "index.json"
    data = _download(url, None)
    try:
        entries = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise NetworkError(f"the package index at {url} is not valid JSON; check ARGOS_PACKAGE_INDEX") from None
    if not isinstance(entries, list):
        raise NetworkError(f"the package index at {url} is not a list of packages; check ARGOS_PACKAGE_INDEX")
    return [e for e in entries if isinstance(e, dict)]


def _download(url: str, progress: Callable[[int, int], None] | None, dest: Path | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "briefings (ArgosTranslate)"})
    chunks: list[bytes] = []
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            out = open(dest, "wb") if dest is not None else None
            try:
                while chunk := response.read(1 << 16):
                    done += len(chunk)
                    if out is not None:
                        out.write(chunk)
                    else:
                        chunks.append(chunk)
                    if progress is not None:
                        progress(done, total)
            finally:
                if out is not None:
                    out.close()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise NetworkError(
            f"could not download {url}: {reason}; check your connection or ARGOS_PACKAGE_INDEX, "
            "or install a downloaded .argosmodel with 'briefings models install FILE'"
        ) from None
    return b"".join(chunks)


def _pick(entries: list[dict], from_code: str, to_code: str) -> dict | None:
    matches = [
        e for e in entries
        if e.get("from_code") == from_code and e.get("to_code") == to_code
        and e.get("type", e.get("package_type", "translate")) == "translate" and e.get("links")
    ]
    return max(matches, key=lambda e: _version_key(str(e.get("package_version", ""))), default=None)


def install_from_index(
    from_code: str,
    to_code: str,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[InstalledModel]:
    """Download and install `from_code`->`to_code`, or both halves through English if no direct package.

    An already installed package with the index's version is kept (not downloaded again).
    """
    entries = fetch_index()
    direct = _pick(entries, from_code, to_code)
    if direct is not None:
        wanted = [direct]
    else:
        halves = [_pick(entries, from_code, PIVOT), _pick(entries, PIVOT, to_code)]
        if PIVOT in (from_code, to_code) or None in halves:
            pairs = sorted({f"{e.get('from_code')}->{e.get('to_code')}" for e in entries})
            raise ModelError(
                f"the package index has no {from_code}->{to_code} package"
                + ("" if PIVOT in (from_code, to_code) else f" and no route through {PIVOT}")
                + f"; available: {', '.join(pairs) or 'none'}"
            )
        wanted = [h for h in halves if h is not None]
    installed = {(m.from_code, m.to_code): m for m in installed_models()}
    result = []
    for entry in wanted:
        pair = (entry["from_code"], entry["to_code"])
        current = installed.get(pair)
        if current is not None and current.version == str(entry.get("package_version", "")):
            result.append(current)
            continue
        with tempfile.TemporaryDirectory(prefix="briefings-download-") as tmp:
            file = Path(tmp) / f"translate-{pair[0]}_{pair[1]}.argosmodel"
            last: NetworkError | None = None
            for link in entry["links"]:
                try:
                    _download(link, progress, file)
                    break
                except NetworkError as exc:
                    last = exc
            else:
                raise last or NetworkError(f"no download link for {pair[0]}->{pair[1]}")
            result.append(install_file(file))
    return result
