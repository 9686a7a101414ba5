"""What each surface the refresher keeps current looks like now: meeting cards, Home tabs, the roadmap message."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.clock import Clock
from domain.meetings.rsvp import tally
from domain.network import roles
from rendering.meetings.messages import announcement, announcement_text
from rendering.progress.messages import roadmap_blocks, roadmap_text
from slackio.refresher import DEFAULT_INTERVAL, HomePublish, MessageUpdate, Refresher, Rendered, Surface
from slackio.workspaces import SlackClients
from storage import changes as feed
from storage import meetings as meeting_store
from storage import network as network_store
from storage import progress as progress_store
from storage.db import SessionFactory, read_only_sessions
from storage.models import Roadmap
from workflows.home import render_home
from workflows.progress import DEFAULT_PERIOD_DAYS, GONE_MESSAGE, roadmap_view

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeetingCards:
    """An occurrence's announcement, with its live RSVP counts."""

    session_factory: SessionFactory

    def render(self, key: str, now: datetime, asked_by: str = "") -> Rendered | None:
        with read_only_sessions(self.session_factory).begin() as session:
            occurrence = meeting_store.get_occurrence(session, occurrence_id=int(key))
            meeting = meeting_store.get_meeting(session, meeting_id=occurrence.meeting_id) if occurrence else None
            if occurrence is None or meeting is None or not occurrence.announcement_ts:
                return None
            counts = tally(session, occurrence=occurrence)
            return MessageUpdate(
                team_id=meeting.team_id,
                channel=occurrence.announcement_channel or "",
                ts=occurrence.announcement_ts,
                text=announcement_text(meeting, occurrence),
                blocks=[
                    b.to_dict()
                    for b in announcement(
                        meeting,
                        occurrence,
                        counts,
                        network_name=meeting_store.network_name(session, network_id=meeting.network_id),
                    )
                ],
            )


@dataclass(frozen=True)
class HomeTabs:
    """A person's Home tab (key ``team:user``), for someone who has opened it."""

    session_factory: SessionFactory

    def render(self, key: str, now: datetime, asked_by: str = "") -> Rendered | None:
        team_id, _, user_id = key.partition(":")
        with read_only_sessions(self.session_factory).begin() as session:
            # Slack Connect: someone from another organization has their Home in the network's workspace.
            team_id = roles.home_workspace(session, team_id=team_id, user_id=user_id)
        view = render_home(self.session_factory, team_id=team_id, user_id=user_id, now=now)
        return None if view is None else HomePublish(team_id=team_id, user_id=user_id, view=view)


@dataclass(frozen=True)
class RoadmapPost:
    """The roadmap message: updated in place; posted if there is none yet or it was deleted (whoever asked is
    told if that fails)."""

    session_factory: SessionFactory
    network_id: int
    team_id: str
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    editor: str
    now: datetime

    def send(self, client: WebClient) -> None:
        if self.ts:
            try:
                client.chat_update(channel=self.channel, ts=self.ts, text=self.text, blocks=self.blocks)
                return
            except SlackApiError as exc:
                if str(exc.response.get("error")) not in GONE_MESSAGE:
                    raise
        try:
            posted = client.chat_postMessage(channel=self.channel, text=self.text, blocks=self.blocks)
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            logger.info("posting the roadmap message again failed: %s", error)
            if self.editor:
                client.chat_postMessage(
                    channel=self.editor,
                    text=f"I couldn't post the roadmap in <#{self.channel}> ({error}): "
                    "invite me there with `/invite @peerbot`.",
                )
            return
        with self.session_factory.begin() as session:
            roadmap = progress_store.get_roadmap(session, network_id=self.network_id)
            if roadmap is None:
                roadmap = Roadmap(
                    network_id=self.network_id, future_state="", updated_by=self.editor, updated_at=self.now
                )
                progress_store.add(session, roadmap)
            roadmap.message_channel, roadmap.message_ts = self.channel, str(posted.get("ts"))


@dataclass(frozen=True)
class RoadmapMessages:
    """A network's roadmap message in its home channel (key: the network id)."""

    session_factory: SessionFactory

    def render(self, key: str, now: datetime, asked_by: str = "") -> Rendered | None:
        with self.session_factory.begin() as session:
            network = network_store.get_network(session, network_id=int(key))
            if network is None:
                return None
            view = roadmap_view(session, network=network, now=now, period_days=DEFAULT_PERIOD_DAYS)
            roadmap = view.roadmap
            return RoadmapPost(
                session_factory=self.session_factory,
                network_id=network.id,
                team_id=network.team_id,
                channel=network.home_channel_id,
                ts=(roadmap.message_ts or "") if roadmap else "",
                text=roadmap_text(network),
                blocks=[b.to_dict() for b in roadmap_blocks(view, facilitator=False, now=now)],
                editor=asked_by,
                now=now,
            )


def surfaces(session_factory: SessionFactory) -> Mapping[str, Surface]:
    return {
        feed.CARD: MeetingCards(session_factory),
        feed.HOME: HomeTabs(session_factory),
        feed.ROADMAP: RoadmapMessages(session_factory),
    }


def refresher(
    *,
    clients: SlackClients,
    session_factory: SessionFactory,
    clock: Clock,
    interval: timedelta = DEFAULT_INTERVAL,
    executor: Any = None,
    timers: Any = None,
) -> Refresher:
    """The refresher of every surface: a web process's (with ``executor`` and ``timers``) or the clock's."""
    return Refresher(
        clients=clients,
        session_factory=session_factory,
        clock=clock,
        surfaces=surfaces(session_factory),
        interval=interval,
        executor=executor,
        timers=timers,
    )
