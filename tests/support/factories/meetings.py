"""Meeting factories: a network whose roster the meeting scenarios schedule for."""

from __future__ import annotations

from datetime import datetime

from domain.network.people import Person
from domain.network.roster import sync_roster
from domain.network.setup import NetworkSettings, set_up_network
from storage.db import SessionFactory
from tests.support.constants import DEV, FACILITATOR, HOME, MARIA, TEAM

FAC = FACILITATOR


def network_with_roster(
    session_factory: SessionFactory,
    now: datetime,
    *,
    zone: str = "America/New_York",
    extra: list[str] | None = None,
    channel: str = HOME,
    name: str = "Equity Learning",
) -> int:
    people = [
        Person(FAC, "Fran", "America/Chicago"),
        Person(MARIA, "Maria", "America/New_York"),
        Person(DEV, "Dev", "America/Denver"),
    ] + [Person(u, u.lower(), "America/New_York") for u in extra or []]
    with session_factory.begin() as session:
        network, _ = set_up_network(
            session,
            team_id=TEAM,
            channel_id=channel,
            settings=NetworkSettings(name=name, timezone=zone),
            by_user=FAC,
            by_display_name="Fran",
            by_timezone="America/Chicago",
            now=now,
        )
        sync_roster(session, network=network, people=people, bot_user_id="UBOT", now=now)
        return network.id
