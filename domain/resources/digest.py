"""The weekly digest: when it is due in a network's time zone, and what it contains."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.resources.deliveries import digest_key
from storage import resources as resource_store
from storage.models import Network, Resource

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_WEEKDAY, DEFAULT_HOUR, DEFAULT_MINUTE = 0, 9, 0
NO_TOPIC = "Other"
USAGE = "Say when, in the network's time zone: `/resources digest monday 09:00` (any weekday, 24-hour time)."


@dataclass(frozen=True)
class DigestTime:
    weekday: int
    hour: int
    minute: int

    def describe(self) -> str:
        return f"{WEEKDAYS[self.weekday].title()}s at {self.hour:02d}:{self.minute:02d}"


def parse_digest_time(words: list[str]) -> DigestTime:
    if len(words) != 2:
        raise PeerbotError(USAGE)
    day = words[0].lower()
    matches = [i for i, name in enumerate(WEEKDAYS) if len(day) >= 3 and name.startswith(day)]
    hour_text, _, minute_text = words[1].partition(":")
    if len(matches) != 1 or not hour_text.isdigit() or not (minute_text or "0").isdigit():
        raise PeerbotError(USAGE)
    hour, minute = int(hour_text), int(minute_text or "0")
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise PeerbotError(USAGE)
    return DigestTime(matches[0], hour, minute)


def digest_time(session: Session, *, network: Network) -> DigestTime:
    schedule = resource_store.digest_schedule(session, network_id=network.id)
    if schedule is None:
        return DigestTime(DEFAULT_WEEKDAY, DEFAULT_HOUR, DEFAULT_MINUTE)
    return DigestTime(schedule.weekday, schedule.hour, schedule.minute)


def set_digest_time(session: Session, *, network: Network, when: DigestTime, by_user: str, now: datetime) -> None:
    resource_store.set_digest_schedule(
        session,
        network_id=network.id,
        weekday=when.weekday,
        hour=when.hour,
        minute=when.minute,
        by_user=by_user,
        now=now,
    )


@dataclass(frozen=True)
class DueDigest:
    key: str
    start: datetime
    end: datetime


def due_digest(*, network: Network, when: DigestTime, now: datetime) -> DueDigest | None:
    """This week's digest once its local time has passed (until the week ends), else None.

    The key names the ISO week in the network's zone, so each week's digest is claimed once however
    often the clock asks; it covers the seven days before the scheduled moment, in local wall time.
    """
    zone = ZoneInfo(network.timezone)
    local_now = now.astimezone(zone)
    monday = local_now.date() - timedelta(days=local_now.weekday())
    scheduled = datetime.combine(monday + timedelta(days=when.weekday), time(when.hour, when.minute), tzinfo=zone)
    if local_now < scheduled:
        return None
    previous = datetime.combine(scheduled.date() - timedelta(days=7), scheduled.timetz())
    return DueDigest(
        key=digest_key(network.id, local_now.date()),
        start=previous.astimezone(ZoneInfo("UTC")),
        end=scheduled.astimezone(ZoneInfo("UTC")),
    )


def digest_groups(session: Session, *, network: Network, due: DueDigest) -> list[tuple[str, list[Resource]]]:
    """The week's new entries by topic, each entry once under its first topic; topics A to Z, "Other" last."""
    groups: dict[str, list[Resource]] = {}
    for resource in resource_store.added_between(session, network_id=network.id, start=due.start, end=due.end):
        topic = (resource.topic_names or [NO_TOPIC])[0]
        groups.setdefault(topic, []).append(resource)
    return sorted(groups.items(), key=lambda item: (item[0] == NO_TOPIC, item[0].lower()))
