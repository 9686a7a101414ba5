"""The roster: who is a member of a network, kept in step with its home channel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.network.people import Person
from storage import network as network_store
from storage.models import Network, Role


def upsert_person(
    session: Session,
    *,
    network: Network,
    person: Person,
    now: datetime,
    in_channel: bool | None = None,
    role: Role | None = None,
) -> None:
    """Record what Slack says about a person on this network, leaving unspecified fields alone.

    Someone put on the roster starts a membership spell (a no-op while one is open), so
    the roster at any past instant can be told later (``roster_sizes_at``).
    """
    network_store.upsert_member(
        session,
        network=network,
        user_id=person.user_id,
        display_name=person.display_name,
        timezone=person.timezone,
        org_team_id=person.org_team_id if person.org_team_id != network.team_id else None,
        org_name=person.org_name,
        now=now,
        in_channel=in_channel,
        role=role,
    )
    if in_channel:
        network_store.open_spell(session, network_id=network.id, user_id=person.user_id, now=now)


@dataclass(frozen=True)
class RosterChange:
    joined: int
    left: int
    total: int


def sync_roster(
    session: Session, *, network: Network, people: Iterable[Person], bot_user_id: str | None, now: datetime
) -> RosterChange:
    """Make the roster equal to the people in the channel who can be members."""
    present = {p.user_id: p for p in people if p.can_be_member(bot_user_id=bot_user_id)}
    before = network_store.roster_user_ids(session, network_id=network.id)
    for person in present.values():
        upsert_person(session, network=network, person=person, now=now, in_channel=True)
    left = _leave(session, network_id=network.id, user_ids=before - present.keys(), now=now)
    return RosterChange(joined=len(present.keys() - before), left=left, total=len(present))


def person_joined(
    session: Session, *, network: Network, person: Person, bot_user_id: str | None, now: datetime
) -> bool:
    """Add someone who joined the home channel; False if they cannot be a member."""
    if not person.can_be_member(bot_user_id=bot_user_id):
        return False
    upsert_person(session, network=network, person=person, now=now, in_channel=True)
    return True


def person_left(session: Session, *, network: Network, user_id: str, now: datetime) -> bool:
    return _leave(session, network_id=network.id, user_ids=[user_id], now=now) > 0


def person_changed(session: Session, *, team_id: str, person: Person, now: datetime) -> None:
    """Keep a member's name and time zone current; someone deactivated leaves every roster."""
    network_store.refresh_person(
        session,
        team_id=team_id,
        user_id=person.user_id,
        display_name=person.display_name,
        timezone=person.timezone,
        now=now,
    )
    if person.deleted:
        for network in network_store.networks_for_user(session, team_id=team_id, user_id=person.user_id):
            _leave(session, network_id=network.id, user_ids=[person.user_id], now=now)


def _leave(session: Session, *, network_id: int, user_ids: Iterable[str], now: datetime) -> int:
    """Take people off the roster and close their membership spells."""
    ids = list(user_ids)
    network_store.close_spells(session, network_id=network_id, user_ids=ids, now=now)
    return network_store.mark_left(session, network_id=network_id, user_ids=ids, now=now)


def roster_sizes_at(session: Session, *, network_id: int, instants: Sequence[datetime]) -> dict[datetime, int]:
    """How many people were on the roster at each instant (for rates "against the roster as it was")."""
    return network_store.roster_sizes_at(session, network_id=network_id, instants=instants)


def members_at(session: Session, *, network_id: int, at: datetime) -> set[str]:
    """Who was on the roster at one instant."""
    return network_store.members_at(session, network_id=network_id, at=at)


def rosters_at(
    spells: Sequence[tuple[str, datetime, datetime | None]], instants: Sequence[datetime]
) -> dict[datetime, set[str]]:
    """Who was on the roster at each instant, from spells already loaded (the same rule as ``members_at``)."""
    return {
        at: {user for user, joined, left in spells if joined <= at and (left is None or left > at)} for at in instants
    }


def spells_of(session: Session, *, network_id: int) -> list[tuple[str, datetime, datetime | None]]:
    """Every membership spell of a network: (user id, joined, left or None)."""
    return network_store.spells(session, network_id=network_id)
