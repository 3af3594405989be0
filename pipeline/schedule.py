"""When the daily briefing runs: the configured time in the configured time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.config import ScheduleSettings


def next_runs(schedule: ScheduleSettings, count: int = 1, after: datetime | None = None) -> list[datetime]:
    """The next `count` run times, as aware datetimes in the schedule's time zone (DST-correct)."""
    zone = ZoneInfo(schedule.timezone)
    now = (after or datetime.now(zone)).astimezone(zone)
    hour, minute = (int(part) for part in schedule.daily_time.split(":"))
    runs: list[datetime] = []
    day = now.date()
    while len(runs) < count:
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        if candidate > now:
            runs.append(candidate)
        day += timedelta(days=1)
    return runs
