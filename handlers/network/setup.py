"""Setting up a network and keeping its roster in step with the home channel."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.errors import InvalidInput, PeerbotError
from domain.network import roles, roster
from domain.network.people import Person
from domain.network.setup import NetworkSettings, search_timezones, set_up_network
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update, value
from rendering.common import notice_modal
from rendering.ids import NetworkAction, NetworkBlock
from rendering.network.setup import setup_confirmation, setup_modal, timezone_options
from rendering.payloads import SetupForm
from rendering.text import escape
from slackio.direct import tell_user
from slackio.directory import (
    channel_access,
    fetch_channel_people,
    fetch_person,
    is_channel_member,
    person_from_user,
)
from storage import network as store

logger = logging.getLogger(__name__)

SETUP_FIELDS = {"name": NetworkBlock.NETWORK_NAME, "timezone": NetworkBlock.NETWORK_TIMEZONE}


def _require_home_channel(client: WebClient, channel_id: str, *, again: str) -> str | None:
    """Refuse a channel that can't be a network's home; return its name when Slack gives one."""
    if not channel_id.startswith(("C", "G")):
        raise PeerbotError("Run `/peerbot setup` in the channel that should be your network's home.")
    access = channel_access(client, channel_id)
    if access.is_direct:
        raise PeerbotError("Run `/peerbot setup` in the channel that should be your network's home.")
    if access.is_archived:
        raise PeerbotError("This channel is archived, so it can't be a network's home.")
    if not access.found or not access.is_member:
        # Slack hides private channels the bot isn't in, so "not found" and "not invited" look alike.
        raise PeerbotError(f"I need to be in this channel first: type `/invite @peerbot` there, then {again}.")
    return access.name


def open_setup(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    team_id, user_id, channel_id = command["team_id"], command["user_id"], command.get("channel_id") or ""
    if not channel_id.startswith(("C", "G")):
        raise PeerbotError("Run `/peerbot setup` in the channel that should be your network's home.")
    with deps.session_factory.begin() as session:
        existing = roles.require_can_configure(session, team_id=team_id, channel_id=channel_id, user_id=user_id)
        name, zone = (existing.name, existing.timezone) if existing else ("", deps.default_timezone)
    channel_name = _require_home_channel(client, channel_id, again="run `/peerbot setup` again")
    if not name and channel_name:
        name = channel_name.replace("-", " ").replace("_", " ").title()
    view = setup_modal(channel_id=channel_id, name=name, timezone=zone, existing=existing is not None)
    client.views_open(trigger_id=command["trigger_id"], view=view)


def submit_setup(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext
) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
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
    # The opening step's checks, again: the form's channel is only what the submission says.
    # Refusals become a "Not saved" modal (handlers.errors).
    with deps.session_factory.begin() as session:
        roles.require_can_configure(session, team_id=team_id, channel_id=channel_id, user_id=user_id)
    _require_home_channel(client, channel_id, again="save the setup again")
    ack_update(
        ack,
        notice_modal(
            "Set up peerbot",
            f"Saved *{escape(settings.name.strip())}*. I'm bringing everyone in <#{channel_id}> onto the roster "
            "and will post there when it's done.",
        ),
    )

    people: list[Person] | None
    try:
        people = fetch_channel_people(client, channel_id, home_team_id=team_id)
    except SlackApiError as exc:
        logger.warning("roster fetch failed at setup: %s", exc.response.get("error"))
        people = None
    me = next((p for p in people or [] if p.user_id == user_id), None) or fetch_person(
        client, user_id, home_team_id=team_id
    )
    with deps.session_factory.begin() as session:
        network, created = set_up_network(
            session,
            team_id=team_id,
            channel_id=channel_id,
            settings=settings,
            by_user=user_id,
            by_display_name=me.display_name if me else user_id,
            by_timezone=me.timezone if me else None,
            now=deps.now(),
        )
        if people is not None:
            roster.sync_roster(session, network=network, people=people, bot_user_id=context.bot_user_id, now=deps.now())
        size = len(store.roster_user_ids(session, network_id=network.id))
        text = setup_confirmation(network=network, created=created, by_user=user_id, roster_size=size)
    try:
        client.chat_postMessage(channel=channel_id, text=text)
    except SlackApiError as exc:
        tell_user(client, user_id, f"{text}\n_(I couldn't post this in <#{channel_id}>: {exc.response.get('error')}.)_")
    if people is None:
        tell_user(
            client,
            user_id,
            "I couldn't read the channel's members yet; I'll try again at the next nightly roster refresh.",
        )


def timezone_suggestions(ack: Ack, payload: dict[str, Any]) -> None:
    ack(options=timezone_options(search_timezones(payload.get("value") or "")))


def member_joined(event: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext) -> None:
    _roster_event(event, client, deps, context, joined=True)


def member_left(event: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext) -> None:
    _roster_event(event, client, deps, context, joined=False)


def _roster_event(event: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext, *, joined: bool) -> None:
    """Record whether the person is in the home channel *now*, as Slack says.

    Slack redelivers events late and out of order (a retried join can arrive after
    the leave that followed it), so an event is a cue to look, not the answer: the
    roster follows the channel's current members, and handling an event again, or
    late, changes nothing. Only if Slack won't show the members is the event
    taken at its word (the nightly refresh corrects any slip).
    """
    user_id, channel_id = event.get("user"), event.get("channel")
    team_id = context.team_id or event.get("team")  # the installing workspace, not a guest's own
    if not user_id or not channel_id or not team_id or user_id == context.bot_user_id:
        return
    with deps.session_factory.begin() as session:
        if store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id) is None:
            return
    in_channel = is_channel_member(client, channel_id, user_id)
    if in_channel is None:
        in_channel = joined
    person = fetch_person(client, user_id, home_team_id=team_id) if in_channel else None
    if in_channel and person is None:
        return
    with deps.session_factory.begin() as session:
        network = store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id)
        if network is None:
            return
        if person is not None:
            roster.person_joined(
                session, network=network, person=person, bot_user_id=context.bot_user_id, now=deps.now()
            )
        else:
            roster.person_left(session, network=network, user_id=user_id, now=deps.now())


def user_changed(event: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext) -> None:
    user = event.get("user") or {}
    team_id = user.get("team_id") or context.team_id
    if not user.get("id") or not team_id:
        return
    person = person_from_user(user)
    with deps.session_factory.begin() as session:
        # Slack Connect: a person of another organization is kept under the workspace of the network they share.
        team_id = roles.home_workspace(session, team_id=team_id, user_id=person.user_id)
        on_a_roster = bool(store.networks_for_user(session, team_id=team_id, user_id=person.user_id))
    if on_a_roster:
        # A late or repeated user_change must not undo a newer one: what Slack shows now wins.
        try:
            person = fetch_person(client, person.user_id) or person
        except SlackApiError as exc:
            logger.warning("could not confirm a profile change: %s", exc.response.get("error"))
    with deps.session_factory.begin() as session:
        roster.person_changed(session, team_id=team_id, person=person, now=deps.now())
