"""Meeting recurrence: expand a rule on local wall-clock dates, then pin each one to a UTC instant."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.models import Recurrence

# A series is materialised up front so reminders, lists and edits are plain queries.
# Two years or 100 meetings covers any real network's planning horizon; a longer
# series is simply re-created when it runs out.
MAX_OCCURRENCES = 100
HORIZON_DAYS = 2 * 366

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "last"}


@dataclass(frozen=True)
class Rule:
    recurrence: Recurrence
    start_date: date
    start_time: time
    interval_weeks: int = 1
    end_date: date | None = None
    count: int | None = None


def week_of_month(day: date) -> int:
    """1 for the first such weekday of the month, ... 5 meaning "the last" (only a 5th can be last)."""
    return (day.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` of the month; n=5 means the last one (so every month has one)."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (min(n, 5) - 1))
    if n >= 5 or day.month != month:
        last = date(year, month, calendar.monthrange(year, month)[1])
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    return day


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def local_dates(rule: Rule) -> list[date]:
    """Every meeting date of the rule, in order, within the count, end date and horizon."""
    limit = min(rule.count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    last = rule.start_date + timedelta(days=HORIZON_DAYS)
    if rule.end_date is not None:
        last = min(last, rule.end_date)
    dates: list[date] = []
    step = 0
    while len(dates) < limit:
        day = _nth_date(rule, step)
        if day > last:
            break
        dates.append(day)
        if rule.recurrence == Recurrence.NONE:
            break
        step += 1
    return dates


def _nth_date(rule: Rule, step: int) -> date:
    start = rule.start_date
    if rule.recurrence in (Recurrence.NONE, Recurrence.WEEKLY):
        return start + timedelta(weeks=step * max(rule.interval_weeks, 1))
    year, month = _add_months(start.year, start.month, step)
    if rule.recurrence == Recurrence.MONTHLY_WEEKDAY:
        return nth_weekday(year, month, start.weekday(), week_of_month(start))
    # A 31st in a 30-day month becomes the month's last day rather than vanishing.
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def to_utc(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of a local wall-clock time; a time skipped by a DST jump moves forward by the gap."""
    # fold=0 (PEP 495): a repeated autumn time means its first occurrence, and a
    # spring-forward time that never happens is read with the pre-jump offset, which
    # lands the same distance after the jump (2:30 becomes 3:30).
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def describe(rule: Rule) -> str:
    """The rule in words, e.g. "Every 2 weeks on Tuesday" or "Monthly on the first Tuesday"."""
    weekday = calendar.day_name[rule.start_date.weekday()]
    if rule.recurrence == Recurrence.NONE:
        return "One-time"
    if rule.recurrence == Recurrence.WEEKLY:
        every = "Every week" if rule.interval_weeks <= 1 else f"Every {rule.interval_weeks} weeks"
        return f"{every} on {weekday}"
    if rule.recurrence == Recurrence.MONTHLY_WEEKDAY:
        return f"Monthly on the {ORDINALS[week_of_month(rule.start_date)]} {weekday}"
    return f"Monthly on day {rule.start_date.day}"
