"""A delivery key can be claimed once, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import deliveries
from storage.db import SessionFactory
from tests.support.factories.pulses import network_with_members

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def test_a_second_claim_of_the_same_key_is_refused(session_factory: SessionFactory) -> None:
    with session_factory.begin() as session:
        network = network_with_members(session, now=NOW, members={})
        claims = [
            deliveries.claim(
                session, team_id="T0001", network_id=network.id, key="k1", kind="test", channel="U1", now=NOW
            )
            for _ in range(2)
        ]
    assert claims == [True, False]
