"""Shared set-up for network progress scenarios: a network of three states, and the forms as people fill them."""

from __future__ import annotations

from typing import Any

import pytest

from domain.network.setup import NetworkSettings, set_up_network
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import Network
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest

HOME = "CHOME"
FAC = "UFAC"
INPUT = ProgressAction.INPUT


@pytest.fixture(name="network")
def network_fixture(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> Network:
    """Equity Learning: Fran (Illinois) facilitates, Maria is from Mississippi, Dev from Colorado."""
    with session_factory.begin() as session:
        network, _ = set_up_network(
            session,
            team_id=payloads.TEAM,
            channel_id=HOME,
            settings=NetworkSettings(name="Equity Learning", timezone="America/Chicago"),
            by_user=FAC,
            by_display_name="Fran",
            by_timezone="America/Chicago",
            now=clock.now(),
        )
        for user, name, state in ((FAC, "Fran", "IL"), ("UMARIA", "Maria", "MS"), ("UDEV", "Dev", "CO")):
            network_store.upsert_member(
                session,
                network=network,
                user_id=user,
                display_name=name,
                timezone=None,
                now=clock.now(),
                in_channel=True,
            )
            member = network_store.get_member(session, network_id=network.id, user_id=user)
            assert member is not None
            member.state = state
        session.expunge(network)
    return network


def text(block: str, value: str | None) -> dict[str, Any]:
    return {block: {INPUT: payloads.text_value(value)}}


def select(block: str, value: str | None) -> dict[str, Any]:
    return {block: {INPUT: payloads.select_value(value)}}


def radio(block: str, value: str | None) -> dict[str, Any]:
    return {block: {INPUT: payloads.select_value(value, kind="radio_buttons")}}


def date(block: str, value: str | None) -> dict[str, Any]:
    return {block: {INPUT: {"type": "datepicker", "selected_date": value}}}


def users(block: str, ids: list[str]) -> dict[str, Any]:
    return {block: {INPUT: {"type": "multi_users_select", "selected_users": ids}}}


def area_values(
    name: str, *, description: str = "", achieved: str = "", target: str | None = None, milestones: str = ""
) -> dict[str, Any]:
    return {
        **text(ProgressBlock.NAME, name),
        **text(ProgressBlock.DESCRIPTION, description or None),
        **text(ProgressBlock.ACHIEVED, achieved or None),
        **date(ProgressBlock.TARGET_DATE, target),
        **text(ProgressBlock.MILESTONES, milestones or None),
    }


def open_roadmap(peerbot: PeerbotUnderTest, *, user: str = FAC, args: str = "") -> dict[str, Any]:
    peerbot.command(f"roadmap {args}".strip(), user=user, channel=HOME)
    return peerbot.last_response()


def button_value(blocks: list[dict[str, Any]], action_id: str) -> str:
    for block in blocks:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button in {blocks}")


def add_area(peerbot: PeerbotUnderTest, network: Network, name: str, **fields: Any) -> Any:
    from rendering.payloads import NetworkButton

    peerbot.click(ProgressAction.ADD_AREA, NetworkButton(network.id).to_value(), user=FAC, channel=HOME)
    view = peerbot.opened_view(ProgressCallback.AREA)
    return peerbot.submit(view, area_values(name, **fields), user=FAC)


def report(peerbot: PeerbotUnderTest, *, user: str, area_id: int, stage: str, note: str = "") -> Any:
    peerbot.command("progress", user=user, channel=HOME)
    view = peerbot.opened_view(ProgressCallback.REPORT)
    values = {**select(ProgressBlock.AREA, str(area_id)), **radio(ProgressBlock.STAGE, stage)}
    return peerbot.submit(view, {**values, **text(ProgressBlock.NOTE, note or None)}, user=user)
