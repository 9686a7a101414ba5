"""Network progress sequences: the roadmap message kept current in place, pulse answers turned into reports,
collaboration requests sent once to each member named."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.clock import Clock
from domain.deliveries import DeliveryKind, dm
from domain.progress import figures
from domain.progress.roadmap import import_pulse_reports
from rendering.progress.assistance import status_notice_text
from rendering.progress.messages import RoadmapView, collab_request_blocks, collab_request_text
from slackio.delivery import Message
from storage import network as network_store
from storage import progress as progress_store
from storage.changes import Change, record
from storage.db import SessionFactory
from storage.models import Network
from workflows.context import RunContext
from workflows.fan_out import dm_each_once

logger = logging.getLogger(__name__)

DEFAULT_PERIOD_DAYS = 90
GONE_MESSAGE = {"message_not_found", "channel_not_found", "cant_update_message", "is_archived"}


def roadmap_view(session: Session, *, network: Network, now: datetime, period_days: int) -> RoadmapView:
    """The roadmap as it stands: pulse answers counted first, then each area's teams and the area that moved most."""
    import_pulse_reports(session, network=network, now=now)
    areas = progress_store.areas(session, network_id=network.id)
    reports = progress_store.reports(session, network_id=network.id)
    return RoadmapView(
        network=network,
        roadmap=progress_store.get_roadmap(session, network_id=network.id),
        areas=areas,
        latest=figures.latest_by_team(reports),
        most_moved=figures.most_moved(reports, areas, start=now - timedelta(days=period_days), end=now),
        period_days=period_days,
        stage_counts={
            area_id: points[0]
            for area_id, points in figures.progress_over_time(
                reports, area_ids=[a.id for a in areas], moments=[now]
            ).items()
        },
    )


def ask_partners_to_confirm(
    session_factory: SessionFactory, client: WebClient, clock: Clock, *, collaboration_id: int
) -> list[str]:
    """DM each member named in a collaboration, once; returns those who could not be reached."""
    with session_factory.begin() as session:
        collaboration = progress_store.get_collaboration(session, collaboration_id=collaboration_id)
        if collaboration is None:
            return []
        network = network_store.get_network(session, network_id=collaboration.network_id)
        assert network is not None
        named = [p.user_id for p in progress_store.partners(session, collaboration_ids=[collaboration.id])]
        blocks = [b.to_dict() for b in collab_request_blocks(collaboration, network=network)]
        text = collab_request_text(collaboration)
        team_id = network.team_id
    messages = [
        Message(
            team_id=team_id,
            network_id=collaboration.network_id,
            key=f"collab:{collaboration_id}:{dm(user_id)}",
            kind=DeliveryKind.COLLAB_REQUEST,
            channel=user_id,
            text=text,
            blocks=blocks,
        )
        for user_id in named
    ]
    return list(dm_each_once(messages, session_factory=session_factory, client=client, clock=clock).missed)


def import_roadmap_pulse_answers(ctx: RunContext) -> dict[int, int]:
    """The clock's pass: answers to roadmap pulses become progress reports, and changed roadmaps refresh."""
    counted: dict[int, int] = {}
    with ctx.session_factory.begin() as session:
        for network in network_store.all_networks(session):
            if ctx.covers(network.team_id) and progress_store.areas(session, network_id=network.id):
                counted[network.id] = import_pulse_reports(session, network=network, now=ctx.clock.now())
                if counted[network.id]:
                    record(session, Change.roadmap(network.id))
    return counted


def tell_state_team(session_factory: SessionFactory, client: WebClient, clock: Clock, *, need_id: int) -> list[str]:
    """DM each member of the need's state that its status changed (once per change); returns who was unreachable."""
    with session_factory.begin() as session:
        need = progress_store.get_need(session, need_id=need_id)
        network = network_store.get_network(session, network_id=need.network_id) if need else None
        if need is None or network is None:
            return []
        people = progress_store.state_member_ids(session, network_id=network.id, state=need.state)
        text = status_notice_text(network, need)
        team_id, network_id, changed = network.team_id, network.id, int(need.updated_at.timestamp())
        status = need.status
    messages = [
        Message(
            team_id=team_id,
            network_id=network_id,
            key=f"ta:{need_id}:{status}:{changed}:{dm(user_id)}",
            kind=DeliveryKind.TA_STATUS,
            channel=user_id,
            text=text,
        )
        for user_id in people
    ]
    return list(dm_each_once(messages, session_factory=session_factory, client=client, clock=clock).missed)
