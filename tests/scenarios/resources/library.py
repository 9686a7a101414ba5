"""Shared set-up for the resource library scenarios: a network with states and topics, and form helpers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rendering.resources.ids import ResourceAction, ResourceBlock, ResourceCallback
from storage.db import SessionFactory
from storage.models import Resource
from tests.support import payloads
from tests.support.constants import HOME
from tests.support.harness import PeerbotUnderTest


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
