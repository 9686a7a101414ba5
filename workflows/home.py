"""Home tabs: one person's as the refresher publishes it, refused clicks told and redrawn, the clock's pass."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient

from domain.home.view import load_home
from domain.meetings.attendance import CHECK_IN_OPENS
from domain.network import roles
from rendering.common import notice_modal
from rendering.home.view import home_view
from storage import calendar as calendar_store
from storage import home as home_store
from storage import intros as intro_store
from storage import meetings as meeting_store
from storage.changes import Change, record
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


def changed(session_factory: SessionFactory, *changes: Change) -> None:
    """Record changes on their own, for a use case whose write was a Slack call (a nudge sent by delivery)."""
    with session_factory.begin() as session:
        record(session, *changes)


def tell_on_home(
    session_factory: SessionFactory,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    trigger_id: str | None,
    message: str,
    now: datetime,
) -> None:
    """A click on Home that could not be done: say why in a modal (or, if Slack won't open one, at the top of
    the Home), and redraw the Home so the stale button is gone. Never raises."""
    told = False
    if trigger_id:
        try:
            client.views_open(trigger_id=trigger_id, view=notice_modal("peerbot", message))
            told = True
        except Exception as error:  # an expired trigger: the notice on Home says it instead
            logger.info("could not open a Home error modal: %s", type(error).__name__)
    try:
        with session_factory.begin() as session:
            team = roles.home_workspace(session, team_id=team_id, user_id=user_id)
            if not told:
                home_store.set_notice(session, team_id=team, user_id=user_id, text=message, now=now)
            record(session, Change.user_home(team, user_id))
    except Exception as error:
        logger.error("could not redraw a Home after a refused click: %s", type(error).__name__)


def network_changes(
    session_factory: SessionFactory, *, now: datetime, team_id: str | None = None
) -> dict[int, list[str]]:
    """Changes Homes show that no write records — time passing (a check-in window opening) and writes made
    outside peerbot's use cases (a wave opened, a meeting or introductions changed) — each recorded on the change
    feed once (in workspace ``team_id``, or every one): network id -> keys."""
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
        # A meeting starting closes its answers; one ending leaves "next meetings" (and joins the health figures).
        for occurrence in meeting_store.occurrences_starting_between(session, after=now - LOOKBACK, until=now):
            changes.append((f"started:{occurrence.id}:{int(occurrence.start_utc.timestamp())}", occurrence.network_id))
        for occurrence_id, network_id, end in home_store.occurrences_ended_between(
            session, after=now - LOOKBACK, until=now
        ):
            changes.append((f"ended:{occurrence_id}:{int(end.timestamp())}", network_id))
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
        # The pass that follows publishes them: no other refresher need be woken.
        record(session, *(Change.network_homes(network_id) for network_id in claimed), now=now, wake=False)
    return claimed


def refresh_changed_homes(ctx: RunContext) -> dict[str, int]:
    """The clock's pass: record what time changed, then publish every card, Home and roadmap message with
    changes not yet shown — those of any process, including one that died before publishing them."""
    network_changes(ctx.session_factory, now=ctx.clock.now())
    from workflows.surfaces import refresher

    return refresher(clients=ctx.slack, session_factory=ctx.session_factory, clock=ctx.clock).run_pass().summary()
