"""The roster kept true to the channel: the nightly refresh, and a look at the channel when someone missing acts."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.clock import Clock
from domain.network import roster
from domain.network.roster import RosterChange, sync_roster
from slackio.directory import fetch_channel_people, fetch_person, is_channel_member
from slackio.workspaces import WorkspaceGone
from storage import network as network_store
from storage.db import SessionFactory
from workflows.context import RunContext

logger = logging.getLogger(__name__)


def refresh_rosters(ctx: RunContext) -> dict[int, RosterChange]:
    with ctx.session_factory.begin() as session:
        homes = [(n.id, n.home_channel_id, n.team_id) for n in network_store.all_networks(session, team_id=ctx.team_id)]
    changes: dict[int, RosterChange] = {}
    for network_id, channel_id, team_id in homes:
        try:
            people = fetch_channel_people(ctx.client_for(team_id), channel_id, home_team_id=team_id)
        except WorkspaceGone:
            logger.info("network %s: roster refresh skipped (peerbot is not installed in %s)", network_id, team_id)
            continue
        except SlackApiError as exc:
            logger.warning("network %s: roster refresh skipped (%s)", network_id, exc.response.get("error"))
            continue
        with ctx.session_factory.begin() as session:
            network = network_store.get_network(session, network_id=network_id)
            if network is None:
                continue
            changes[network_id] = sync_roster(
                session, network=network, people=people, bot_user_id=ctx.bot_user_id, now=ctx.clock.now()
            )
    return changes


def join_if_in_channel(
    session_factory: SessionFactory,
    client: WebClient,
    clock: Clock,
    *,
    network_id: int,
    user_id: str,
    bot_user_id: str | None,
) -> bool:
    """Someone not on the roster asked for something: look at the home channel's members, as a join event
    does (Slack drops events it gave up retrying, e.g. during a deploy). True when they are in the channel
    now and joined the roster, so the request can go ahead."""
    with session_factory.begin() as session:
        network = network_store.get_network(session, network_id=network_id)
        if network is None:
            return False
        channel_id, team_id = network.home_channel_id, network.team_id
    if not is_channel_member(client, channel_id, user_id):
        return False
    person = fetch_person(client, user_id, home_team_id=team_id)
    if person is None:
        return False
    with session_factory.begin() as session:
        network = network_store.get_network(session, network_id=network_id)
        if network is None:
            return False
        joined = roster.person_joined(session, network=network, person=person, bot_user_id=bot_user_id, now=clock.now())
    if joined:
        logger.info("network %s: a member missing from the roster was found in its channel and added", network_id)
    return joined
