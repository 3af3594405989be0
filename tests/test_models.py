"""Package lifecycle with real tiny .argosmodel files, a private packages folder and a local HTTP index."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import ModelError, NetworkError
from pipeline.models import (
    InstalledModel,
    fetch_index,
    install_command,
    install_file,
    install_from_index,
    installed_models,
    packages_dir,
    remove_model,
    validate_archive,
)


def _rezip(source: Path, dest: Path, *, drop: str | None = None, add: dict[str, bytes] | None = None,
           metadata: dict | None = None) -> Path:
    """Copy an archive, dropping members under `drop`, adding members, or replacing metadata.json."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if drop and info.filename.split("/", 1)[-1].startswith(drop):
                continue
            data = zin.read(info)
            if metadata is not None and info.filename.endswith("/metadata.json"):
                data = json.dumps(metadata).encode()
            zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def test_packages_dir_follows_environment(argos_packages_dir: Path) -> None:
    assert packages_dir() == argos_packages_dir


def test_validate_returns_metadata(argos_package) -> None:
    metadata = validate_archive(argos_package("de", "en"))
    assert (metadata["from_code"], metadata["to_code"], metadata["package_version"]) == ("de", "en", "1.0")
    assert metadata["package_type"] == "translate"


def test_validate_refuses_non_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.argosmodel"
    path.write_text("not a zip")
    with pytest.raises(ModelError, match="not an Argos package"):
        validate_archive(path)


def test_validate_refuses_zip_slip(argos_package, tmp_path: Path) -> None:
    bad = _rezip(argos_package("de", "en"), tmp_path / "evil.argosmodel", add={"../evil": b"x"})
    with pytest.raises(ModelError, match=r"unsafe path '\.\./evil'"):
        validate_archive(bad)


@pytest.mark.parametrize("missing", ["model/", "sentencepiece.model", "metadata.json"])
def test_validate_refuses_incomplete_package(argos_package, tmp_path: Path, missing: str) -> None:
    bad = _rezip(argos_package("de", "en"), tmp_path / "bad.argosmodel", drop=missing)
    with pytest.raises(ModelError, match=f"missing {missing.rstrip('/')}"):
        validate_archive(bad)


def test_validate_refuses_wrong_package_type(argos_package, tmp_path: Path) -> None:
    metadata = {"from_code": "de", "to_code": "en", "package_version": "1.0", "package_type": "sbd", "type": "sbd"}
    bad = _rezip(argos_package("de", "en"), tmp_path / "sbd.argosmodel", metadata=metadata)
    with pytest.raises(ModelError, match="package type 'sbd' is not 'translate'"):
        validate_archive(bad)


def test_validate_refuses_metadata_without_codes(argos_package, tmp_path: Path) -> None:
    bad = _rezip(argos_package("de", "en"), tmp_path / "nocode.argosmodel", metadata={"package_version": "1.0"})
    with pytest.raises(ModelError, match="no from_code"):
        validate_archive(bad)


def test_validate_refuses_too_big(argos_package) -> None:
    with pytest.raises(ModelError, match="exceeds the limit of 1,000 bytes"):
        validate_archive(argos_package("de", "en"), max_bytes=1000)


def test_install_list_remove(argos_packages_dir: Path, argos_package) -> None:
    assert installed_models() == []
    model = install_file(argos_package("de", "en"))
    assert model == InstalledModel("de", "en", "1.0", argos_packages_dir / "translate-de_en-1_0")
    assert model.name == "translate-de_en 1.0"
    assert (model.path / "model" / "model.bin").is_file()
    assert installed_models() == [model]
    assert remove_model("de", "en") == model
    assert installed_models() == [] and not model.path.exists()
    with pytest.raises(ModelError, match=r"no de->en package is installed"):
        remove_model("de", "en")


def test_install_upgrade_replaces_old_version(argos_packages_dir: Path, argos_package) -> None:
    install_file(argos_package("de", "en", version="1.0"))
    install_file(argos_package("de", "en", version="1.1"))
    assert [(m.from_code, m.to_code, m.version) for m in installed_models()] == [("de", "en", "1.1")]
    assert [p.name for p in argos_packages_dir.iterdir()] == ["translate-de_en-1_1"]


def test_invalid_archive_installs_nothing(argos_packages_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.argosmodel"
    path.write_bytes(b"PK-not-really")
    with pytest.raises(ModelError):
        install_file(path)
    assert list(argos_packages_dir.iterdir()) == []


def test_install_from_index_direct(package_index) -> None:
    package_index("de-en", "en-fr")
    calls: list[tuple[int, int]] = []
    installed = install_from_index("de", "en", progress=lambda done, total: calls.append((done, total)))
    assert [m.name for m in installed] == ["translate-de_en 1.0"]
    assert [m.name for m in installed_models()] == ["translate-de_en 1.0"]
    assert calls and calls[-1][0] == calls[-1][1] > 0


def test_install_from_index_pivots_through_english(package_index) -> None:
    package_index("de-en", "en-fr")
    installed = install_from_index("de", "fr")
    assert [m.name for m in installed] == ["translate-de_en 1.0", "translate-en_fr 1.0"]


def test_install_from_index_unknown_pair(package_index) -> None:
    package_index("de-en")
    with pytest.raises(ModelError, match=r"no tr->fr package .* available: de->en"):
        install_from_index("tr", "fr")


def test_fetch_index_network_failure(argos_packages_dir: Path) -> None:
    with pytest.raises(NetworkError, match=r"could not download http://127\.0\.0\.1:9/index\.json"):
        fetch_index()
    with pytest.raises(NetworkError):
        install_from_index("de", "en")


def test_broken_link_is_network_error(package_index, tmp_path: Path) -> None:
    base = package_index("de-en")
    index_file = tmp_path / "index" / "index.json"
    entries = json.loads(index_file.read_text())
    entries[0]["links"] = [base + "missing.argosmodel"]
    index_file.write_text(json.dumps(entries))
    with pytest.raises(NetworkError, match="missing.argosmodel"):
        install_from_index("de", "en")


def test_install_command() -> None:
    assert install_command("de", "fr") == "briefings models install de fr"


def test_listing_does_not_import_ctranslate2_or_torch(install_pairs) -> None:
    install_pairs("de-en")
    code = (
        "import sys; from pipeline.models import installed_models; "
        "print(len(installed_models()), 'ctranslate2' in sys.modules, 'torch' in sys.modules, "
        "'argostranslate.translate' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False", "False", "False"]
