"""Nightly roster refresh: catches joins, leaves, renames and time-zone changes missed while down."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from domain.network.roster import RosterChange, sync_roster
from slackio.directory import fetch_channel_people
from slackio.workspaces import WorkspaceGone
from storage import network as network_store
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
