"""Set up a network the way a facilitator does: /peerbot setup, then the modal."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Network
from tests.support import payloads
from tests.support.constants import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest


def setup_values(name: str, timezone: str) -> dict[str, dict[str, object]]:
    return {
        "name": {"network_name": payloads.text_value(name)},
        "timezone": {"network_timezone": payloads.select_value(timezone, kind="external_select")},
    }


def set_up_network(
    peerbot: PeerbotUnderTest,
    *,
    name: str = "Equity Learning Community",
    timezone: str = "America/New_York",
    channel: str = HOME,
    user: str = FACILITATOR,
) -> Network:
    peerbot.command("setup", user=user, channel=channel)
    view = peerbot.opened_view("network_setup")
    response = peerbot.submit(view, setup_values(name, timezone), user=user)
    assert response.status == 200, response.text
    with peerbot.session_factory() as session:
        network = session.scalar(select(Network).where(Network.home_channel_id == channel))
    assert network is not None, "the network was not created"
    return network


def profile_values(
    *,
    state: str | None = None,
    agency: str | None = None,
    role_title: str | None = None,
    interests: str | None = None,
) -> dict[str, dict[str, Any]]:
    return {
        "state": {"profile_state": payloads.select_value(state)},
        "agency": {"profile_agency": payloads.text_value(agency)},
        "role_title": {"profile_role_title": payloads.text_value(role_title)},
        "learning_interests": {"profile_interests": payloads.text_value(interests)},
    }
