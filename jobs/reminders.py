"""Send due meeting reminders to each meeting's channel and by DM, each delivery exactly once."""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from domain.meetings import REMINDER_CHOICES
from domain.reminders import DueReminder, due_reminders, record_missed, reminder_key
from domain.rsvp import tally
from jobs.context import JobContext
from rendering.meetings import ReminderContent, reminder
from slackio.delivery import Outcome, deliver_once
from storage import meetings as store

logger = logging.getLogger(__name__)

# Posting is network-bound; a few in flight at once fan out ~5x faster. Kept small so a
# rate-limited workspace sees a handful of waiting senders, each honouring Retry-After.
FANOUT_WORKERS = 8


@dataclass(frozen=True)
class Outgoing:
    team_id: str
    network_id: int
    occurrence_id: int
    adopt_as_card: bool
    owner: str | None  # for a channel post: whom to tell if the channel can't be reached
    key: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]


def _message(due: DueReminder, destination: str, channel: str, content: ReminderContent, *, adopt: bool) -> Outgoing:
    return Outgoing(
        team_id=due.meeting.team_id,
        network_id=due.meeting.network_id,
        occurrence_id=due.occurrence.id,
        adopt_as_card=adopt,
        owner=due.meeting.created_by if destination == "channel" else None,
        key=reminder_key(due.occurrence, due.offset_minutes, destination),
        channel=channel,
        text=content.text,
        blocks=[b.to_dict() for b in content.blocks],
    )


def send_due_reminders(ctx: JobContext) -> dict[str, int]:
    """One pass of the reminder clock: plan in one short transaction, then deliver message by message."""
    now = ctx.clock.now()
    outgoing: list[Outgoing] = []
    with ctx.session_factory.begin() as session:
        missed = record_missed(session, now=now)
        for due in due_reminders(session, now=now, max_offset_minutes=max(REMINDER_CHOICES)):
            meeting, occurrence = due.meeting, due.occurrence
            counts = tally(session, occurrence=occurrence)
            channel_msg = reminder(
                meeting, occurrence, counts, offset_minutes=due.offset_minutes, last=due.is_last, direct=False
            )
            dm_msg = reminder(
                meeting, occurrence, counts, offset_minutes=due.offset_minutes, last=due.is_last, direct=True
            )
            outgoing.append(
                _message(due, "channel", meeting.channel_id, channel_msg, adopt=occurrence.announcement_ts is None)
            )
            outgoing += [_message(due, f"dm:{user}", user, dm_msg, adopt=False) for user in due.dm_recipients]
    with ThreadPoolExecutor(max_workers=FANOUT_WORKERS, thread_name_prefix="reminders") as pool:
        outcomes = Counter(pool.map(lambda message: _deliver(ctx, message), outgoing))
    outcomes["skipped_started"] = missed
    return dict(outcomes)


def _deliver(ctx: JobContext, message: Outgoing) -> str:
    result = deliver_once(
        session_factory=ctx.session_factory,
        client=ctx.client,
        clock=ctx.clock,
        team_id=message.team_id,
        network_id=message.network_id,
        key=message.key,
        kind="meeting_reminder",
        channel=message.channel,
        text=message.text,
        blocks=message.blocks,
    )
    if result.outcome == Outcome.SENT and message.adopt_as_card and result.message_ts:
        _adopt_card(ctx, message.occurrence_id, result.channel, result.message_ts)
    if result.outcome == Outcome.UNREACHABLE and message.owner:
        deliver_once(
            session_factory=ctx.session_factory,
            client=ctx.client,
            clock=ctx.clock,
            team_id=message.team_id,
            network_id=message.network_id,
            key=f"{message.key}:undeliverable",
            kind="meeting_reminder_problem",
            channel=message.owner,
            text=f"I couldn't post a meeting reminder in <#{message.channel}> ({result.error}). "
            "Invite me there with `/invite @peerbot`, or move the meeting with `/meeting edit`.",
        )
    return result.outcome.value


def _adopt_card(ctx: JobContext, occurrence_id: int, channel: str, ts: str) -> None:
    """A series' later meetings have no announcement: their first channel reminder becomes the live card."""
    with ctx.session_factory.begin() as session:
        occurrence = store.get_occurrence(session, occurrence_id=occurrence_id)
        if occurrence is not None and occurrence.announcement_ts is None:
            occurrence.announcement_channel, occurrence.announcement_ts = channel, ts
