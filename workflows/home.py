"""Publishing Home tabs: one person's (for the refresher) and everyone's a network-wide change concerns (the clock)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from domain.home.view import load_home
from domain.meetings.attendance import CHECK_IN_OPENS
from domain.network import roles
from rendering.home.view import home_view
from slackio.workspaces import WorkspaceGone
from storage import calendar as calendar_store
from storage import home as home_store
from storage import intros as intro_store
from storage import meetings as meeting_store
from storage.db import SessionFactory
from workflows.context import RunContext

logger = logging.getLogger(__name__)

# How far back the clock looks for changes it has not refreshed Homes for yet (a missed pass is caught up).
LOOKBACK = timedelta(minutes=10)


def render_home(
    session_factory: SessionFactory,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    network_id: int | None = None,
) -> dict[str, object] | None:
    """The person's Home tab as Slack's views.publish wants it, built in one short transaction.

    None for someone who has never opened Home: there is nothing of theirs to keep current.
    """
    with session_factory.begin() as session:
        team_id = roles.home_workspace(session, team_id=team_id, user_id=user_id)
        if home_store.home_tab(session, team_id=team_id, user_id=user_id) is None:
            return None
        data = load_home(session, team_id=team_id, user_id=user_id, now=now, network_id=network_id)
    return home_view(data).to_dict()


def network_changes(
    session_factory: SessionFactory, *, now: datetime, team_id: str | None = None
) -> dict[int, list[str]]:
    """Network-wide changes Homes show that no pass has refreshed for yet (in workspace ``team_id``, or every one),
    claimed once: network id -> keys."""
    claimed: dict[int, list[str]] = {}
    with session_factory.begin() as session:
        changes: list[tuple[str, int]] = [
            (f"wave:{wave_id}", network_id)
            for wave_id, network_id in home_store.waves_opened_since(session, since=now - LOOKBACK)
        ]
        # A check-in window opens CHECK_IN_OPENS before the start.
        for occurrence in meeting_store.occurrences_starting_between(
            session, after=now + CHECK_IN_OPENS - LOOKBACK, until=now + CHECK_IN_OPENS
        ):
            key = f"check_in:{occurrence.id}:{int(occurrence.start_utc.timestamp())}"
            changes.append((key, occurrence.network_id))
        for meeting_id, network_id, updated_at in home_store.meetings_changed_since(session, since=now - LOOKBACK):
            changes.append((f"meeting:{meeting_id}:{int(updated_at.timestamp())}", network_id))
        # A pause shows on members' Homes, and its skipped meetings leave their lists.
        for pause_id, network_id in calendar_store.pauses_created_since(session, since=now - LOOKBACK):
            changes.append((f"pause:{pause_id}", network_id))
        # Introductions turned on or off show or hide the participation control on members' Homes.
        for network_id, updated_at in intro_store.settings_changed_since(session, since=now - LOOKBACK):
            changes.append((f"intros:{network_id}:{int(updated_at.timestamp())}", network_id))
        teams = {network_id: home_store.network_team(session, network_id=network_id) for _, network_id in changes}
        for key, network_id in changes:
            if team_id is not None and teams[network_id] != team_id:
                continue
            if home_store.claim_mark(session, key=key, now=now):
                claimed.setdefault(network_id, []).append(key)
    return claimed


def refresh_changed_homes(ctx: RunContext) -> dict[str, int]:
    """The clock's pass: publish the Home of everyone who has opened it in a network that changed.

    Each change is claimed before publishing, so two clocks never both fan it out; one
    person's failed publish is logged and the rest go ahead.
    """
    now = ctx.clock.now()
    changed = network_changes(ctx.session_factory, now=now, team_id=ctx.team_id)
    published = failed = skipped = 0
    for network_id in changed:
        with ctx.session_factory.begin() as session:
            network = home_store.network_team(session, network_id=network_id)
            viewers = home_store.home_viewers(session, network_id=network_id) if network else []
        if network is None or not viewers:
            continue
        try:
            client = ctx.client_for(network)
        except WorkspaceGone:
            logger.info("network %s: Home tabs not refreshed (peerbot is not installed in %s)", network_id, network)
            skipped += len(viewers)
            continue
        for user_id in viewers:
            try:
                view = render_home(ctx.session_factory, team_id=network, user_id=user_id, now=now)
                if view is not None:
                    client.views_publish(user_id=user_id, view=view)
                    published += 1
            except SlackApiError as exc:
                failed += 1
                logger.warning("could not publish a Home tab: %s", exc.response.get("error"))
    changes = sum(len(keys) for keys in changed.values())
    return {"changes": changes, "published": published, "failed": failed, "workspace_gone": skipped}
