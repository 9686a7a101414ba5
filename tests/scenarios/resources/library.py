"""Shared set-up for the resource library scenarios: a network with states and topics, and form helpers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest

from domain.network.setup import NetworkSettings, set_up_network
from rendering.ids import ResourceAction, ResourceBlock, ResourceCallback
from storage import network as network_store
from storage import resources as resource_store
from storage.db import SessionFactory
from storage.models import Network, Resource
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.constants import HOME
from tests.support.harness import PeerbotUnderTest

TOPICS = ("Child care", "Home visiting", "Workforce")


@pytest.fixture(name="network")
def network_fixture(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> Network:
    """Equity Learning in #equity-learning: Fran facilitates, Maria is from Mississippi, Dev from Colorado."""
    with session_factory.begin() as session:
        network, _ = set_up_network(
            session,
            team_id=payloads.TEAM,
            channel_id=HOME,
            settings=NetworkSettings(name="Equity Learning", timezone="America/Chicago"),
            by_user="UFAC",
            by_display_name="Fran",
            by_timezone="America/Chicago",
            now=clock.now(),
        )
        for user, name, state in (("UMARIA", "Maria", "MS"), ("UDEV", "Dev", "CO"), ("UFAC", "Fran", "IL")):
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
        resource_store.add_topics(session, network_id=network.id, names=list(TOPICS), now=clock.now())
    return network


def multi(values: Sequence[str], kind: str = "multi_static_select") -> dict[str, Any]:
    return {
        "type": kind,
        "selected_options": [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values],
    }


def form_values(
    *,
    title: str = "",
    url: str = "",
    description: str = "",
    states: Sequence[str] = (),
    topics: Sequence[str] = (),
    tags: str = "",
    kind: str | None = "toolkit",
    announce: bool = True,
) -> dict[str, dict[str, Any]]:
    return {
        ResourceBlock.TITLE: {ResourceAction.TITLE: payloads.text_value(title or None)},
        ResourceBlock.URL: {ResourceAction.URL: payloads.text_value(url or None)},
        ResourceBlock.DESCRIPTION: {ResourceAction.DESCRIPTION: payloads.text_value(description or None)},
        ResourceBlock.STATES: {ResourceAction.STATES: multi(states)},
        ResourceBlock.TOPICS: {ResourceAction.TOPICS: multi(topics)},
        ResourceBlock.TAGS: {ResourceAction.TAGS: payloads.text_value(tags or None)},
        ResourceBlock.KIND: {ResourceAction.KIND: payloads.select_value(kind)},
        ResourceBlock.ANNOUNCE: {ResourceAction.ANNOUNCE: multi(["yes"] if announce else [], "checkboxes")},
    }


def open_add_form(peerbot: PeerbotUnderTest, *, user: str, channel: str = HOME) -> dict[str, Any]:
    before = len(peerbot.stub.calls_to("views.open"))
    peerbot.command("add", user=user, channel=channel, command="/resources")
    assert len(peerbot.stub.calls_to("views.open")) == before + 1
    return peerbot.opened_view(ResourceCallback.ADD)


def share(peerbot: PeerbotUnderTest, *, user: str, channel: str = HOME, **fields: Any) -> Any:
    """Open the form with /resources add and submit it; the submission's HTTP response body."""
    view = open_add_form(peerbot, user=user, channel=channel)
    return peerbot.submit(view, form_values(**fields), user=user).json()


def message_shortcut(peerbot: PeerbotUnderTest, *, user: str, channel: str, message: dict[str, Any]) -> Any:
    """A "Save to resource library" message shortcut, as Slack sends it."""
    body = payloads.interactive(
        {
            "type": "message_action",
            "callback_id": ResourceCallback.SAVE_FROM_MESSAGE,
            "team": {"id": payloads.TEAM, "domain": "network"},
            "user": {"id": user, "username": user.lower(), "team_id": payloads.TEAM},
            "channel": {"id": channel, "name": "channel"},
            "message": message,
            "message_ts": message.get("ts"),
            "api_app_id": payloads.APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": peerbot.stub.new_trigger_id(),
            "response_url": peerbot.stub.response_url(),
            "action_ts": "1700000000.000002",
        }
    )
    return peerbot.post_slack(body)


def search(peerbot: PeerbotUnderTest, text: str, *, user: str = "UMARIA", channel: str = HOME) -> dict[str, Any]:
    before = len(peerbot.stub.responses)
    peerbot.command(text, user=user, channel=channel, command="/resources")
    assert len(peerbot.stub.responses) == before + 1, "no reply to the search"
    return peerbot.last_response()


def result_titles(response: dict[str, Any]) -> list[str]:
    """Titles of the entries listed in a results message, in order."""
    titles = []
    for block in response.get("blocks") or []:
        text = (block.get("text") or {}).get("text", "")
        if block["type"] == "section" and text.startswith("*<"):
            titles.append(text.split("|", 1)[1].split(">", 1)[0])
    return titles


def button_value(response: dict[str, Any], action_id: str, *, index: int = 0) -> str:
    values = [
        element["value"]
        for block in response.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
        if element.get("action_id") == action_id
    ]
    return str(values[index])


def message_of(response: dict[str, Any]) -> dict[str, Any]:
    """The results message as it sits in Slack, to send back with a click on it."""
    return {
        "type": "message",
        "ts": "1700000000.000100",
        "text": response.get("text", ""),
        "blocks": response.get("blocks"),
    }


def stored(session_factory: SessionFactory) -> list[Resource]:
    with session_factory.begin() as session:
        from sqlalchemy import select

        rows = list(session.scalars(select(Resource).order_by(Resource.id)))
        session.expunge_all()
    return rows


def overflow_value(action: str, resource_id: int) -> str:
    return json.dumps({"a": action, "id": resource_id})


def seed(
    session_factory: SessionFactory,
    network: Network,
    clock: FakeClock,
    *,
    title: str,
    url: str | None = None,
    by: str = "UMARIA",
    description: str = "",
    states: Sequence[str] = (),
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
    kind: str = "report",
) -> int:
    """Put an entry in the library directly (the form is tested on its own), one minute after the last."""
    from domain.resources.library import ResourceDraft, add_resource

    clock.advance(timedelta(minutes=1))
    with session_factory.begin() as session:
        resource = add_resource(
            session,
            network=network,
            by_user=by,
            now=clock.now(),
            draft=ResourceDraft(
                title=title,
                url=url or f"https://example.org/{title.lower().replace(' ', '-')}",
                description=description,
                states=tuple(states),
                topics=tuple(topics),
                tags=tuple(tags),
                kind=kind,
            ),
        )
        return resource.id
