"""`briefings deploy`: the shared-storage marker that lets a work-pool worker refuse folders it cannot see."""

from __future__ import annotations

import pytest

from pipeline.config import STORAGE_ENV, STORAGE_MARKER, check_shared_storage, mark_shared_storage
from pipeline.documents import scan_inbox
from pipeline.errors import ConfigError


def test_marker_is_kept_across_deploys_and_never_a_document(settings) -> None:
    token = mark_shared_storage(settings)
    assert mark_shared_storage(settings) == token  # deploying again keeps running workers valid
    assert (settings.inbox / STORAGE_MARKER).read_text().strip() == token
    assert scan_inbox(settings.inbox) == ([], [])
    check_shared_storage(settings, ("inbox", "out"), environ={STORAGE_ENV: token})


def test_outside_a_deployment_nothing_is_checked(settings) -> None:
    check_shared_storage(settings, ("inbox", "out"), environ={})  # folders do not even exist


@pytest.mark.parametrize("name", ["inbox", "out"])
def test_a_worker_that_cannot_see_the_folder_fails_naming_the_setting(settings, name) -> None:
    token = mark_shared_storage(settings)
    (getattr(settings, name) / STORAGE_MARKER).unlink()
    with pytest.raises(ConfigError, match=rf"^{name}: .* is not the shared folder this deployment uses .* is missing"):
        check_shared_storage(settings, ("inbox", "out"), environ={STORAGE_ENV: token})
    with pytest.raises(ConfigError, match="belongs to another deployment"):
        check_shared_storage(settings, ("inbox", "out") if name == "out" else ("out",),
                             environ={STORAGE_ENV: "another"})
