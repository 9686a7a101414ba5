"""When rounds happen: every N weeks from the first round's local date, at the chosen local time."""

from __future__ import annotations

from collections.abc import Sequence
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


WORKDAY = (time(9, 0), time(17, 0))  # weekdays, in each person's own zone
WIDE_WORKDAY = (time(8, 0), time(20, 0))  # when a group's zones share no ordinary working hours
FOLLOW_UP_AFTER_END = timedelta(hours=2)  # never in the same moment as the next round's introductions
_STEP = timedelta(minutes=15)
_SEARCH = timedelta(days=8)


def _working(moment: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> bool:
    local = moment.astimezone(zone)
    return local.weekday() < 5 and hours[0] <= local.time().replace(tzinfo=None) < hours[1]


def _first_moment(due: datetime, zones: Sequence[ZoneInfo], hours: tuple[time, time]) -> datetime | None:
    """The first moment from ``due`` (then on quarter hours) inside ``hours`` on a weekday in every zone."""
    if all(_working(due, zone, hours) for zone in zones):
        return due
    moment = due.replace(minute=due.minute - due.minute % 15, second=0, microsecond=0) + _STEP
    while moment - due < _SEARCH:
        if all(_working(moment, zone, hours) for zone in zones):
            return moment
        moment += _STEP
    return None


def in_working_hours(due: datetime, zones: Sequence[ZoneInfo], *, fallback: ZoneInfo) -> datetime:
    """When a message due at ``due`` reaches a group: the first moment that is a weekday 09:00-17:00 for
    everyone in it (each in their own zone); else 08:00-20:00 for everyone; else 09:00-17:00 in ``fallback``
    (the network's zone), for groups spread so widely that their days never meet."""
    for hours, group in ((WORKDAY, zones), (WIDE_WORKDAY, zones), (WORKDAY, [fallback])):
        found = _first_moment(due, group or [fallback], hours)
        if found is not None:
            return found
    return due


def nudge_time(times_nudge_at: datetime, zones: Sequence[ZoneInfo], *, fallback: ZoneInfo) -> datetime:
    """The halfway nudge: halfway through the round, moved into the group's working hours."""
    return in_working_hours(times_nudge_at, zones, fallback=fallback)


def follow_up_time(ends_at: datetime, zones: Sequence[ZoneInfo], *, fallback: ZoneInfo) -> datetime:
    """The end-of-round follow-up: a little after the round ends (so never beside the next round's
    introduction), moved into the group's working hours."""
    return in_working_hours(ends_at + FOLLOW_UP_AFTER_END, zones, fallback=fallback)
