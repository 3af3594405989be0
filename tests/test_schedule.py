from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.config import ScheduleSettings
from pipeline.schedule import next_runs


def test_next_runs_in_the_configured_time_zone():
    vienna = ZoneInfo("Europe/Vienna")
    schedule = ScheduleSettings(daily_time="06:00", timezone="Europe/Vienna")
    runs = next_runs(schedule, 2, after=datetime(2026, 11, 27, 7, 0, tzinfo=vienna))
    assert [r.isoformat() for r in runs] == ["2026-11-28T06:00:00+01:00", "2026-11-29T06:00:00+01:00"]
    assert schedule.cron() == "0 6 * * *"


def test_daylight_saving_change_keeps_local_time():
    schedule = ScheduleSettings(daily_time="06:00", timezone="Europe/Vienna")
    runs = next_runs(schedule, 2, after=datetime(2026, 3, 28, 12, 0, tzinfo=ZoneInfo("Europe/Vienna")))
    assert [r.isoformat() for r in runs] == ["2026-03-29T06:00:00+02:00", "2026-03-30T06:00:00+02:00"]
