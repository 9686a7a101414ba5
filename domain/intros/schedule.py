"""When rounds happen: every N weeks from the first round's local date, at the chosen local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.models import IntroSettings


@dataclass(frozen=True)
class RoundTimes:
    starts_at: datetime
    nudge_at: datetime  # halfway: one nudge to groups that haven't answered
    ends_at: datetime  # when the next round starts: one follow-up


def round_start(settings: IntroSettings, zone: ZoneInfo, k: int) -> datetime:
    day = settings.starts_on + timedelta(weeks=settings.every_weeks * k)
    return datetime.combine(day, time(settings.hour, settings.minute), tzinfo=zone).astimezone(UTC)


def due_round(settings: IntroSettings, *, timezone: str, now: datetime) -> RoundTimes | None:
    """The round whose start has passed and whose first half hasn't (a clock that was down catches up once)."""
    zone = ZoneInfo(timezone)
    days = (now.astimezone(zone).date() - settings.starts_on).days
    k = days // (7 * settings.every_weeks)
    if k >= 0 and round_start(settings, zone, k) > now:
        k -= 1
    if k < 0:
        return None
    times = round_times(settings, zone, k)
    return times if now < times.nudge_at else None


def round_times(settings: IntroSettings, zone: ZoneInfo, k: int) -> RoundTimes:
    start, end = round_start(settings, zone, k), round_start(settings, zone, k + 1)
    return RoundTimes(start, start + (end - start) / 2, end)


def next_round(settings: IntroSettings, *, timezone: str, now: datetime) -> datetime:
    """The start of the next round still to come."""
    zone = ZoneInfo(timezone)
    days = (now.astimezone(zone).date() - settings.starts_on).days
    k = max(0, days // (7 * settings.every_weeks))
    while round_start(settings, zone, k) <= now:
        k += 1
    return round_start(settings, zone, k)
