"""Roster history: membership spells written on join and leave, and the roster as it was at any instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.network.people import Person
from domain.network.roster import members_at, person_joined, person_left, roster_sizes_at
from storage.db import SessionFactory
from tests.support.factories.home import FAC, network

T0 = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def test_roster_as_it_was_follows_joins_leaves_and_returns(session_factory: SessionFactory) -> None:
    with session_factory.begin() as session:
        made = network(session, now=T0, channel="CHIST", name="History", people=[Person(FAC, "Fran", None)])
        kim = Person("UKIM", "Kim", None)
        person_joined(session, network=made, person=kim, bot_user_id="UBOT", now=T0 + timedelta(days=1))
        person_joined(session, network=made, person=kim, bot_user_id="UBOT", now=T0 + timedelta(days=2))  # no-op
        person_left(session, network=made, user_id="UKIM", now=T0 + timedelta(days=3))
        person_joined(session, network=made, person=kim, bot_user_id="UBOT", now=T0 + timedelta(days=5))
        instants = [T0 + timedelta(hours=1), T0 + timedelta(days=2), T0 + timedelta(days=4), T0 + timedelta(days=6)]

        sizes = roster_sizes_at(session, network_id=made.id, instants=instants)

        assert [sizes[at] for at in instants] == [1, 2, 1, 2]
        assert members_at(session, network_id=made.id, at=T0 + timedelta(days=4)) == {FAC}
