"""Deployments, declared in one place: the daily briefing on a cron schedule, and document
processing that the watcher (or `briefings trigger --deployment`) runs through the Prefect API.
`briefings serve` runs them in its own process; `briefings deploy --work-pool NAME` registers them
for the workers of a work pool (see docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.config import Settings

DAILY = "daily-briefing/daily"
PROCESS = "process-documents/on-new-documents"
INBOX = "process-inbox/inbox"  # only with `briefings deploy --work-pool`


def build_deployments(settings: Settings, config: str | None = None) -> list[Any]:
    from prefect.client.schemas.schedules import CronSchedule

    from flows.processing import daily_briefing, process_documents

    common = {"out": str(settings.out.absolute()), "targets": list(settings.targets), "config": config}
    daily = daily_briefing.to_deployment(
        name="daily",
        schedules=[CronSchedule(cron=settings.schedule.cron(), timezone=settings.schedule.timezone)],
        parameters={"inbox": str(settings.inbox.absolute()), **common},
        description=f"Today's briefings at {settings.schedule.daily_time} {settings.schedule.timezone}",
        tags=["briefings"],
    )
    process = process_documents.to_deployment(
        name="on-new-documents",
        parameters={"paths": [], **common},
        description="Process documents named by the watcher or by `briefings trigger`",
        tags=["briefings"],
    )
    return [daily, process]


def deploy_to_work_pool(settings: Settings, work_pool: str, config: str | None = None,
                        source: str | None = None) -> list[str]:
    """Register the same deployments to run on the workers of `work_pool` (created as a process pool
    if it does not exist), with the flows' code taken from `source` (default: this project's folder,
    which must then exist at the same path on every worker; or a git URL).

    Documents travel through the inbox and output folders named in the parameters: they must be
    shared storage that every worker mounts at the same path. Both get a marker, and every flow run
    checks it (`check_shared_storage`), so a worker that cannot see them fails with a clear message.
    """
    from prefect import deploy
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.exceptions import ObjectNotFound
    from prefect.flows import Flow

    from pipeline.config import STORAGE_ENV, mark_shared_storage

    root = source or str(Path(__file__).resolve().parent.parent)
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(work_pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=work_pool, type="process"))
    token = mark_shared_storage(settings)
    common = {"out": str(settings.out.absolute()), "targets": list(settings.targets),
              "config": str(Path(config).absolute()) if config else None}
    if settings.task_runner != "threads":  # else each worker's own setting (config file or environment)
        common["task_runner"] = settings.task_runner
    jobs = {"env": {STORAGE_ENV: token}}

    def remote(name: str) -> Any:
        return Flow.from_source(source=root, entrypoint=f"flows/processing.py:{name}")

    deployments = [
        remote("daily_briefing").to_deployment(
            name="daily", schedules=[CronSchedule(cron=settings.schedule.cron(), timezone=settings.schedule.timezone)],
            parameters={"inbox": str(settings.inbox.absolute()), **common}, job_variables=jobs, tags=["briefings"],
            description=f"Today's briefings at {settings.schedule.daily_time} {settings.schedule.timezone}"),
        remote("process_documents").to_deployment(
            name="on-new-documents", parameters={"paths": [], **common}, job_variables=jobs, tags=["briefings"],
            description="Process documents named by the watcher or by `briefings trigger`"),
        remote("process_inbox").to_deployment(
            name="inbox", parameters={"inbox": str(settings.inbox.absolute()), **common}, job_variables=jobs,
            tags=["briefings"], description="Take in every new or changed document of the inbox"),
    ]
    deploy(*deployments, work_pool_name=work_pool, build=False, push=False, print_next_steps_message=False)
    return [DAILY, PROCESS, INBOX]
