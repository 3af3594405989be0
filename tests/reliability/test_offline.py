"""The offline promise, in-process: the real flow runs with every non-loopback connection and
name lookup refused by a socket guard (the subprocess test in test_flows.py adds `unshare -rn`)."""

from __future__ import annotations

import socket
import sys

import pytest

from tests.days import read_briefing

pytestmark = pytest.mark.slow

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def socket_guard(monkeypatch):
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def allowed(address) -> bool:
        if isinstance(address, (str, bytes)):  # unix sockets
            return True
        return str(address[0]) in LOOPBACK

    def connect(self, address):
        if not allowed(address):
            attempts.append(f"connect {address}")
            raise OSError(101, "network is unreachable (blocked by the test's socket guard)")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not allowed(address):
            attempts.append(f"connect_ex {address}")
            return 101
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and str(host) not in LOOPBACK and not str(host).startswith("127."):
            attempts.append(f"getaddrinfo {host}")
            raise socket.gaierror(-3, "name lookups are blocked by the test's socket guard")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def test_the_flow_opens_no_connection_beyond_loopback(tmp_path, inbox, install_pairs, socket_guard, monkeypatch):
    install_pairs("de-en", "en-fr")
    from flows.cli import prefect_environment

    prefect_environment()
    import flows.processing as processing

    out = tmp_path / "out"
    summary = processing.process_inbox(inbox=str(inbox), out=str(out), targets=["en", "fr"])
    assert summary.processed == 9 and summary.failed == 0
    assert socket_guard == []
    assert "torch" not in sys.modules and "argostranslate.translate" not in sys.modules
    briefing = read_briefing(out, "fr")
    german = [i for i in briefing["items"] if i["source"].endswith("de.txt")][0]
    assert german["status"] == "translated" and german["models"] == ["translate-de_en 1.0", "translate-en_fr 1.0"]

    # each briefing is also a Markdown artifact in Prefect, under a stable key per language
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def artifacts():
        async with get_client() as client:
            return await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["briefing-fr"])))

    found = asyncio.run(artifacts())
    assert found and found[0].type == "markdown"
    assert "Bergkarabach" in found[0].data or "Karabakh" in found[0].data


def test_the_guard_does_catch_a_connection(socket_guard):
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert socket_guard
