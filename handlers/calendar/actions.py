"""Calendar buttons: the invite into the clicker's DM, and their private feed made or turned off from Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from handlers.kit.deps import Deps
from rendering.meetings.payloads import OccurrenceButton
from rendering.payloads import NetworkButton
from workflows import calendar
from workflows.interaction import Interaction


def add_to_calendar(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, interaction: Interaction
) -> None:
    ack()
    text = calendar.invite_to_dm(
        interaction,
        occurrence_id=OccurrenceButton.from_value(action.get("value")).id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
    )
    if (body.get("view") or {}).get("type") != "home":  # on Home, the file arriving in the DM is the answer
        respond(text=text, response_type="ephemeral", replace_original=False)


def create_feed(ack: Ack, body: dict[str, Any], action: dict[str, Any], interaction: Interaction, deps: Deps) -> None:
    """A new private address (any older one stops working), shown once in a modal."""
    ack()
    calendar.open_new_feed(
        interaction,
        network_id=NetworkButton.from_value(action.get("value")).id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        trigger_id=body.get("trigger_id"),
        public_url=deps.public_url,
    )


def revoke_feed(ack: Ack, body: dict[str, Any], action: dict[str, Any], interaction: Interaction) -> None:
    """The address stops working at once; a new one can be made later."""
    ack()
    calendar.turn_off_feed(
        interaction,
        network_id=NetworkButton.from_value(action.get("value")).id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        trigger_id=body.get("trigger_id"),
    )
