"""`briefings serve` against a real `prefect server start` on loopback: the deployments are
registered, the daily schedule has its next run at the configured local time, and a document
dropped into the inbox is processed by a deployment run and appears in the briefing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import ScheduleSettings
from pipeline.schedule import next_runs

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path):
    port = _port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-server-home"), "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           # the scheduler service looks for deployments to schedule every 60 s by default
           "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2"}
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"

    def healthy():
        import urllib.request

        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        _wait(healthy, 120, "prefect server start")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        log.close()


async def _scheduled_runs(url: str):
    from prefect.client.orchestration import PrefectClient
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName, FlowRunFilter, FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.objects import StateType

    from prefect.exceptions import ObjectNotFound

    async with PrefectClient(url) as client:  # this server, whatever settings earlier tests left in-process
        try:
            deployment = await client.read_deployment_by_name("daily-briefing/daily")
        except ObjectNotFound:
            return None, []
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["daily"])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))),
        )
        return deployment, sorted(r.expected_start_time for r in runs)


async def _completed_runs(url: str):
    from prefect.client.orchestration import PrefectClient
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    async with PrefectClient(url) as client:  # this server, whatever settings earlier tests left in-process
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["on-new-documents"])))
        return [(r.name, r.state_type.value if r.state_type else None) for r in runs]


def test_serve_schedules_the_daily_briefing_and_processes_dropped_documents(tmp_path, prefect_server, install_pairs,
                                                                          monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", prefect_server)  # for this test's own client; undone afterwards
    install_pairs("de-en")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = tmp_path / "out"
    (tmp_path / "briefings.toml").write_text(
        f'inbox = "{inbox}"\nout = "{out}"\ntargets = ["en", "de"]\n[schedule]\ndaily_time = "06:30"\ntimezone = "Europe/Vienna"\n')
    env = {**os.environ, "PREFECT_API_URL": prefect_server}
    log = open(tmp_path / "serve.log", "wb")
    serve = subprocess.Popen([str(BIN / "briefings"), "serve"], cwd=tmp_path, env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deployment, scheduled = _wait(
            lambda: (lambda d_s: d_s if d_s[0] is not None else None)(asyncio.run(_scheduled_runs(prefect_server))),
            300, "the daily deployment to be registered")
        [schedule] = deployment.schedules
        assert schedule.schedule.cron == "30 6 * * *" and schedule.schedule.timezone == "Europe/Vienna"
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from cronsim import CronSim  # what Prefect's scheduler uses to expand cron schedules

        now = datetime.now(ZoneInfo(schedule.schedule.timezone))  # one clock reading for both sides
        expected = next_runs(ScheduleSettings("06:30", "Europe/Vienna"), 1, after=now)[0]
        assert next(CronSim(schedule.schedule.cron, now)) == expected
        if scheduled:  # the server's scheduler service may already have created the runs
            assert scheduled[0] == expected

        time.sleep(2)  # the watcher is up
        document = inbox / "neu.de.txt"
        document.write_text("Waffenruhe in Bergkarabach\n\nDie Waffenruhe hält seit dem Morgen. "
                            "Vertreter beider Seiten treffen sich am Donnerstag in Jewlach.")
        def briefed():
            days = sorted(out.glob("20??-??-??/en.json"))  # the watcher's run fixes its own day
            if days:
                items = json.loads(days[-1].read_text())["items"]
                return [i for i in items if i["source"].endswith("neu.de.txt")]
            return None

        [item] = _wait(briefed, 240, "the dropped document in the briefing")
        assert item["lang"] == "de" and item["status"] == "translated"
        # the briefing is written before the flow run reports its final state
        _wait(lambda: any(state == "COMPLETED" for _, state in asyncio.run(_completed_runs(prefect_server))),
              120, "the deployment's flow run to complete")
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
        print((tmp_path / "serve.log").read_text()[-3000:])
