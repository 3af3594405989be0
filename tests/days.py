"""Where a run put its briefings.

A run fixes its day when it starts and writes that day's folder. A test that asks the clock again
after the run breaks when midnight passes in between (CI did, at 00:05), so tests read the folder
the run wrote instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def latest_day(out: Path) -> Path:
    """The newest day folder under `out` (the only one, unless a test ran across midnight)."""
    days = sorted(p for p in out.iterdir() if p.is_dir() and DAY.fullmatch(p.name)) if out.is_dir() else []
    assert days, f"no day folder under {out}"
    return days[-1]


def read_briefing(out: Path, lang: str) -> dict:
    return json.loads((latest_day(out) / f"{lang}.json").read_text())
