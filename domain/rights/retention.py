"""Retention: the instant before which a closed pulse's free-text answers are due for deletion."""

from __future__ import annotations

import calendar
from datetime import datetime


def retention_cutoff(now: datetime, months: int) -> datetime:
    """``now`` minus whole calendar months (the day clamped to the target month's length)."""
    year, month = divmod(now.year * 12 + (now.month - 1) - months, 12)
    month += 1
    return now.replace(year=year, month=month, day=min(now.day, calendar.monthrange(year, month)[1]))
