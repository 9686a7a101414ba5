"""Calendar buttons: the invite into the clicker's DM, and their private feed made or turned off from Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from handlers.home.tab import explained
from handlers.kit.deps import Deps
from rendering.calendar.messages import feed_modal
from rendering.payloads import NetworkButton, OccurrenceButton
from workflows import calendar
from workflows.context import JobContext


def add_to_calendar(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    text = calendar.send_invite_to_dm(
        JobContext(deps.session_factory, client, deps.clock, None),
        occurrence_id=OccurrenceButton.from_value(action.get("value")).id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
    )
    if (body.get("view") or {}).get("type") != "home":  # on Home, the file arriving in the DM is the answer
        respond(text=text, response_type="ephemeral", replace_original=False)


@explained
def create_feed(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A new private address (any older one stops working), shown once in a modal."""
    network_id = NetworkButton.from_value(action.get("value")).id
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    if deps.public_url is None:
        client.views_open(trigger_id=body["trigger_id"], view=feed_modal(network_name="", url=None))
        return
    created = calendar.create_feed(
        deps.session_factory,
        network_id=network_id,
        team_id=team_id,
        user_id=user_id,
        public_url=deps.public_url,
        now=deps.now(),
    )
    client.views_open(
        trigger_id=body["trigger_id"], view=feed_modal(network_name=created.network.name, url=created.url)
    )
    deps.homes.refresh(team_id=team_id, user_id=user_id)


@explained
def revoke_feed(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The address stops working at once; a new one can be made later."""
    network_id = NetworkButton.from_value(action.get("value")).id
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    calendar.revoke_feed(deps.session_factory, network_id=network_id, team_id=team_id, user_id=user_id)
    deps.homes.refresh(team_id=team_id, user_id=user_id)
