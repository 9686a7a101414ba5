"""Networks: setting one up in a home channel, and finding which network a request is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, PeerbotError
from domain.markup import escape
from domain.network import roles
from domain.network.people import Person
from domain.network.roster import upsert_person
from storage import network as network_store
from storage.models import Network, Role

NAME_MAX = 80


@cache
def known_timezones() -> tuple[str, ...]:
    return tuple(sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC"))


def is_known_timezone(zone: str) -> bool:
    return zone in set(known_timezones())


def search_timezones(query: str, *, limit: int = 100) -> list[str]:
    """Zones matching every word of the query, for a type-ahead menu."""
    words = query.lower().replace("_", " ").split()
    matches = [z for z in known_timezones() if all(w in z.lower().replace("_", " ") for w in words)]
    return matches[:limit]


@dataclass(frozen=True)
class NetworkSettings:
    name: str
    timezone: str

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if not self.name.strip():
            errors["name"] = "Give the network a name."
        elif len(self.name.strip()) > NAME_MAX:
            errors["name"] = f"Keep the name to {NAME_MAX} characters or fewer."
        if not is_known_timezone(self.timezone):
            errors["timezone"] = "Choose a time zone from the list (for example America/New_York)."
        if errors:
            raise InvalidInput(errors)


def set_up_network(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    settings: NetworkSettings,
    by_user: str,
    by_display_name: str,
    by_timezone: str | None,
    now: datetime,
) -> tuple[Network, bool]:
    """Make the channel a network's home, or update the network already there.

    Returns the network and whether it was created. The person setting it up
    becomes one of its facilitators.
    """
    settings.validate()
    network = network_store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id)
    created = network is None
    if network is None:
        network = network_store.add_network(
            session,
            team_id=team_id,
            channel_id=channel_id,
            name=settings.name.strip(),
            timezone=settings.timezone,
            created_by=by_user,
            now=now,
        )
    else:
        network.name = settings.name.strip()
        network.timezone = settings.timezone
        network.updated_at = now
        session.flush()
    by = Person(user_id=by_user, display_name=by_display_name, timezone=by_timezone)
    upsert_person(session, network=network, person=by, now=now, role=Role.FACILITATOR)
    return network, created


def network_for_request(session: Session, *, team_id: str, channel_id: str | None, user_id: str) -> Network:
    """The network a command is about: the channel's network, else the person's only network."""
    if channel_id:
        network = network_store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id)
        if network is not None:
            return network
        shared = network_store.get_network_by_channel_id(
            session, channel_id=channel_id
        )  # Slack Connect: one id everywhere
        if shared is not None and roles.speaks_for(session, network=shared, team_id=team_id, user_id=user_id):
            return shared
    mine = network_store.networks_for_user(session, team_id=team_id, user_id=user_id)
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise PeerbotError(
            "You're not in a peerbot network yet. Join your network's channel, or ask a facilitator "
            "to run `/peerbot setup` there."
        )
    names = ", ".join(f"*{escape(n.name)}* (<#{n.home_channel_id}>)" for n in mine)
    raise PeerbotError(f"You're in several networks ({names}). Run this command in that network's channel.")
