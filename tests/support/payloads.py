"""Request bodies shaped like the ones Slack sends to /slack/events."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlencode

from tests.support.constants import TEAM as TEAM  # payloads.TEAM: the workspace every payload comes from

APP_ID = "APEERBOT"
_ids = itertools.count(1)


def slash_command(
    *, command: str, text: str, user: str, channel: str, team: str, trigger_id: str, response_url: str
) -> bytes:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "network",
            "channel_id": channel,
            "channel_name": "channel",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    ).encode()


def interactive(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def block_action(
    *,
    user: str,
    team: str,
    action_id: str,
    value: str | None,
    trigger_id: str,
    response_url: str | None,
    channel: str | None = None,
    message: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    block_id: str = "block",
    extra_action: dict[str, Any] | None = None,
) -> bytes:
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": "button",
        "action_ts": "1700000000.000001",
    }
    if value is not None:
        action["value"] = value
    action.update(extra_action or {})
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": "network"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "trigger_id": trigger_id,
        "actions": [action],
    }
    if response_url is not None:
        payload["response_url"] = response_url
    if channel is not None:
        payload["channel"] = {"id": channel, "name": "channel"}
        payload["container"] = {"type": "message", "channel_id": channel, "is_ephemeral": False}
    if message is not None:
        payload["message"] = message
        payload["container"]["message_ts"] = message.get("ts")
    if view is not None:
        payload["view"] = view
        payload["container"] = {"type": "view", "view_id": view.get("id")}
    return interactive(payload)


def view_submission(*, user: str, team: str, view: dict[str, Any], values: dict[str, Any]) -> bytes:
    submitted = dict(view)
    submitted["state"] = {"values": values}
    return interactive(
        {
            "type": "view_submission",
            "team": {"id": team, "domain": "network"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": f"trigger-{next(_ids)}",
            "view": submitted,
            "response_urls": [],
        }
    )


def view_closed(*, user: str, team: str, view: dict[str, Any], values: dict[str, Any]) -> bytes:
    closed = dict(view)
    closed["state"] = {"values": values}
    return interactive(
        {
            "type": "view_closed",
            "team": {"id": team, "domain": "network"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "view": closed,
            "is_cleared": False,
        }
    )


def block_suggestion(
    *, user: str, team: str, action_id: str, block_id: str, value: str, view: dict[str, Any] | None
) -> bytes:
    payload: dict[str, Any] = {
        "type": "block_suggestion",
        "user": {"id": user, "team_id": team},
        "team": {"id": team, "domain": "network"},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
    }
    if view is not None:
        payload["view"] = view
        payload["container"] = {"type": "view", "view_id": view.get("id")}
    return interactive(payload)


def event_callback(
    event: dict[str, Any], *, team: str, event_id: str | None = None, source_team: str | None = None
) -> bytes:
    """An Events API envelope; ``source_team`` (Slack Connect) is the organization the event came from.

    In a channel shared with another organization Slack puts that organization in the top-level
    ``team_id`` and marks the envelope ``is_ext_shared_channel``; ``authorizations`` still names the
    workspace that installed the app (``team``).
    """
    body: dict[str, Any] = {
        "token": "legacy-verification-token",
        "team_id": source_team or team,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": 1700000000,
        "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
    }
    if source_team is not None and source_team != team:
        body["is_ext_shared_channel"] = True
    return json.dumps(body).encode()


# A plain-text input's state, and a select's state, as Slack reports them.
def text_value(text: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": text}


def select_value(value: str | None, *, kind: str = "static_select") -> dict[str, Any]:
    option = None if value is None else {"text": {"type": "plain_text", "text": value}, "value": value}
    return {"type": kind, "selected_option": option}
