"""Facilitator rights: who has them, and the rules for giving and taking them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import NotAllowed, PeerbotError
from domain.network import roles
from domain.network.people import Person
from storage import network as store
from storage.db import SessionFactory, create_session_factory
from storage.models import Network, Role

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def _network(session_factory: SessionFactory, facilitators: list[str]) -> Network:
    with session_factory.begin() as session:
        network = store.add_network(
            session, team_id="T1", channel_id="C1", name="Net", timezone="UTC", created_by="U1", now=NOW
        )
        for user in facilitators:
            store.upsert_member(
                session, network=network, user_id=user, display_name=user, timezone=None, now=NOW, role=Role.FACILITATOR
            )
        store.upsert_member(
            session, network=network, user_id="UMEMBER", display_name="m", timezone=None, now=NOW, in_channel=True
        )
        return network


def _configured(session_factory: SessionFactory, *facilitators: str) -> SessionFactory:
    """Sessions of a deployment whose PEERBOT_FACILITATORS are ``facilitators``."""
    return create_session_factory(session_factory.kw["bind"], facilitators=frozenset(facilitators))


def test_configured_facilitators_facilitate_every_network(session_factory: SessionFactory) -> None:
    network = _network(session_factory, [])
    with _configured(session_factory, "UBOOT")() as session:
        assert roles.is_facilitator(session, network=network, user_id="UBOOT")
        assert not roles.is_facilitator(session, network=network, user_id="UMEMBER")


def test_member_is_refused_with_a_message_naming_the_network(session_factory: SessionFactory) -> None:
    network = _network(session_factory, ["UF"])
    with session_factory() as session, pytest.raises(NotAllowed, match=r"Only facilitators of \*Net\* can sing"):
        roles.require_facilitator(session, network=network, user_id="UMEMBER", doing="sing")


def test_the_last_facilitator_cannot_be_removed(session_factory: SessionFactory) -> None:
    network = _network(session_factory, ["UF"])
    with _configured(session_factory).begin() as session, pytest.raises(PeerbotError, match="last facilitator"):
        roles.revoke_facilitator(session, network=network, user_id="UF", now=NOW)


def test_one_of_two_facilitators_can_be_removed(session_factory: SessionFactory) -> None:
    network = _network(session_factory, ["UF", "UG"])
    with session_factory.begin() as session:
        assert roles.revoke_facilitator(session, network=network, user_id="UF", now=NOW)
    with session_factory() as session:
        assert store.facilitator_ids(session, network_id=network.id) == {"UG"}


def test_bots_cannot_be_made_facilitators(session_factory: SessionFactory) -> None:
    network = _network(session_factory, ["UF"])
    robot = Person("UROBOT", "Robot", None, is_bot=True)
    with session_factory.begin() as session, pytest.raises(PeerbotError, match="bot or a deactivated account"):
        roles.grant_facilitator(session, network=network, person=robot, bot_user_id="UBOT", now=NOW)


def test_setting_up_takes_a_configured_facilitator_or_an_existing_one(session_factory: SessionFactory) -> None:
    _network(session_factory, ["UF"])
    with _configured(session_factory, "UBOOT")() as session:
        roles.require_can_set_up(session, team_id="T1", user_id="UF")
        roles.require_can_set_up(session, team_id="T1", user_id="UBOOT")
        with pytest.raises(NotAllowed, match="PEERBOT_FACILITATORS"):
            roles.require_can_set_up(session, team_id="T1", user_id="UMEMBER")
        with pytest.raises(NotAllowed):  # a facilitator in another workspace is not one here
            roles.require_can_set_up(session, team_id="T2", user_id="UF")
