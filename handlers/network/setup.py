"""Setting up a network and keeping its roster in step with the home channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from domain.errors import InvalidInput
from domain.network.setup import NetworkSettings, search_timezones
from handlers.kit.forms import ack_errors, ack_update, value
from rendering.common import notice_modal
from rendering.network.ids import NetworkAction, NetworkBlock
from rendering.network.payloads import SetupForm
from rendering.network.setup import timezone_options
from rendering.text import escape
from workflows.interaction import Interaction
from workflows.network import setup as flows

SETUP_FIELDS = {"name": NetworkBlock.NETWORK_NAME, "timezone": NetworkBlock.NETWORK_TIMEZONE}


def open_setup(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    flows.open_setup(
        interaction,
        team_id=command["team_id"],
        channel_id=command.get("channel_id") or "",
        user_id=command["user_id"],
        trigger_id=command["trigger_id"],
    )


def submit_setup(ack: Ack, body: dict[str, Any], view: dict[str, Any], interaction: Interaction) -> None:
    channel_id = SetupForm.from_value(view.get("private_metadata")).channel_id
    settings = NetworkSettings(
        name=value(view, NetworkBlock.NETWORK_NAME, NetworkAction.NETWORK_NAME) or "",
        timezone=value(view, NetworkBlock.NETWORK_TIMEZONE, NetworkAction.NETWORK_TIMEZONE) or "",
    )
    try:
        settings.validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, SETUP_FIELDS)
        return
    # Refusals become a "Not saved" modal (handlers/kit/errors.py).
    set_up = flows.check_setup(
        interaction, team_id=body["team"]["id"], channel_id=channel_id, user_id=body["user"]["id"], settings=settings
    )
    ack_update(
        ack,
        notice_modal(
            "Set up peerbot",
            f"Saved *{escape(settings.name.strip())}*. I'm bringing everyone in <#{channel_id}> onto the roster "
            "and will post there when it's done.",
        ),
    )
    set_up()


def timezone_suggestions(ack: Ack, payload: dict[str, Any]) -> None:
    ack(options=timezone_options(search_timezones(payload.get("value") or "")))


def member_joined(event: dict[str, Any], context: BoltContext, interaction: Interaction) -> None:
    _roster_event(event, context, interaction, joined=True)


def member_left(event: dict[str, Any], context: BoltContext, interaction: Interaction) -> None:
    _roster_event(event, context, interaction, joined=False)


def _roster_event(event: dict[str, Any], context: BoltContext, interaction: Interaction, *, joined: bool) -> None:
    user_id, channel_id = event.get("user"), event.get("channel")
    team_id = context.team_id or event.get("team")  # the installing workspace, not a guest's own
    if not user_id or not channel_id or not team_id or user_id == context.bot_user_id:
        return
    flows.follow_roster_event(interaction, team_id=team_id, channel_id=channel_id, user_id=user_id, joined=joined)


def user_changed(event: dict[str, Any], context: BoltContext, interaction: Interaction) -> None:
    user = event.get("user") or {}
    team_id = user.get("team_id") or context.team_id
    if not user.get("id") or not team_id:
        return
    flows.follow_user_change(interaction, team_id=team_id, user=user)
