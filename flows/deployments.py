"""Deployments, declared in one place: the daily briefing on a cron schedule, and document
processing that the watcher (or `briefings trigger --deployment`) runs through the Prefect API."""

from __future__ import annotations

from typing import Any

from pipeline.config import Settings

DAILY = "daily-briefing/daily"
PROCESS = "process-documents/on-new-documents"


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
