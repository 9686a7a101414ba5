"""Factories for Home tests: a network with a meeting coming up, an open pulse, a library, and a second network."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from domain.network.people import Person
from domain.network.roster import sync_roster
from domain.network.setup import NetworkSettings, set_up_network
from storage.db import SessionFactory
from storage.models import (
    LabelKind,
    Meeting,
    Network,
    Occurrence,
    OccurrenceStatus,
    Recurrence,
    Resource,
    ResourceKind,
    ResourceLabel,
)
from tests.support.factories.pulses import draft, opened_wave
from tests.support.payloads import TEAM

FAC, MARIA, DEV = "UFAC", "UMARIA", "UDEV"
HOME, OTHER_HOME = "CHOME", "COTHER"


def network(session: Session, *, now: datetime, channel: str, name: str, people: list[Person]) -> Network:
    made, _ = set_up_network(
        session,
        team_id=TEAM,
        channel_id=channel,
        settings=NetworkSettings(name=name, timezone="America/New_York"),
        by_user=FAC,
        by_display_name="Fran",
        by_timezone="America/Chicago",
        now=now,
    )
    sync_roster(session, network=made, people=people, bot_user_id="UBOT", now=now)
    return made


def meeting(session: Session, *, network: Network, title: str, start: datetime, created: datetime) -> Occurrence:
    series = Meeting(
        team_id=network.team_id,
        network_id=network.id,
        title=title,
        timezone=network.timezone,
        start_date=start.date(),
        start_time=time(start.hour, start.minute),
        duration_minutes=60,
        recurrence=Recurrence.NONE,
        interval_weeks=1,
        end_date=None,
        occurrence_count=None,
        video_link="https://meet.example.org/peer",
        place=None,
        channel_id=network.home_channel_id,
        reminder_offsets=[],
        cancelled_at=None,
        created_by=FAC,
        created_at=created,
        updated_at=created,
    )
    session.add(series)
    session.flush()
    occurrence = Occurrence(
        meeting_id=series.id,
        network_id=network.id,
        sequence=1,
        start_utc=start,
        end_utc=start + timedelta(hours=1),
        status=OccurrenceStatus.SCHEDULED,
        card_version=0,
    )
    session.add(occurrence)
    session.flush()
    return occurrence


def resource(session: Session, *, network: Network, title: str, by: str, state: str | None, now: datetime) -> Resource:
    url = f"https://example.org/{title.lower().replace(' ', '-')}"
    made = Resource(
        network_id=network.id,
        title=title,
        url=url,
        normalized_url=url,
        description=f"About {title}",
        states=state or "",
        topics="",
        tags="",
        kind=ResourceKind.TOOLKIT,
        shared_by=by,
        helpful_votes=0,
        created_at=now,
        updated_at=now,
    )
    session.add(made)
    session.flush()
    if state:
        session.add(ResourceLabel(resource_id=made.id, kind=LabelKind.STATE, value=state))
    return made


@dataclass(frozen=True)
class HomeWorld:
    network_id: int
    other_network_id: int
    occurrence_id: int
    wave_id: int


def home_world(session_factory: SessionFactory, now: datetime) -> HomeWorld:
    """Equity Learning (Fran facilitates; Maria and Dev are members) with a meeting tomorrow, an open pulse and
    two resources; and Rural Health, a second network Maria is also in."""
    people = [Person(FAC, "Fran", "America/Chicago"), Person(MARIA, "Maria", None), Person(DEV, "Dev", None)]
    with session_factory.begin() as session:
        equity = network(session, now=now - timedelta(days=90), channel=HOME, name="Equity Learning", people=people)
        rural = network(
            session, now=now - timedelta(days=90), channel=OTHER_HOME, name="Rural Health", people=people[:2]
        )
        occurrence = meeting(
            session, network=equity, title="Monthly peer call", start=now + timedelta(days=1), created=now
        )
        meeting(session, network=rural, title="Rural roundtable", start=now + timedelta(days=2), created=now)
        wave = opened_wave(session, network=equity, pulse_draft=draft(now=now), now=now)
        resource(session, network=equity, title="Home visiting toolkit", by=MARIA, state="MS", now=now)
        resource(session, network=equity, title="Benefits playbook", by=FAC, state="TX", now=now)
        return HomeWorld(equity.id, rural.id, occurrence.id, wave.id)
