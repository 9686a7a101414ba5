"""Send due meeting reminders to each meeting's channel and by DM, each delivery exactly once."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.meetings import REMINDER_CHOICES
from domain.reminders import DueReminder, due_reminders, record_missed, reminder_key
from domain.rsvp import tally
from rendering.meetings import ReminderContent, reminder
from slackio.delivery import Delivered, Message, Outcome, deliver_all, deliver_once
from storage import meetings as store
from workflows.context import JobContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    message: Message
    occurrence_id: int
    adopt_as_card: bool
    owner: str | None  # for a channel post: whom to tell if the channel can't be reached


def _message(due: DueReminder, destination: str, channel: str, content: ReminderContent, *, adopt: bool) -> Outgoing:
    message = Message(
        team_id=due.meeting.team_id,
        network_id=due.meeting.network_id,
        key=reminder_key(due.occurrence, due.offset_minutes, destination),
        kind="meeting_reminder",
        channel=channel,
        text=content.text,
        blocks=[b.to_dict() for b in content.blocks],
    )
    owner = due.meeting.created_by if destination == "channel" else None
    return Outgoing(message, due.occurrence.id, adopt, owner)


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
    extras = {o.message.key: o for o in outgoing}
    outcomes = deliver_all(
        (o.message for o in outgoing),
        session_factory=ctx.session_factory,
        client=ctx.client,
        clock=ctx.clock,
        after=lambda message, result: _after_delivery(ctx, extras[message.key], result),
    )
    report = {outcome.value: count for outcome, count in outcomes.items()}
    report["skipped_started"] = missed
    return report


def _after_delivery(ctx: JobContext, outgoing: Outgoing, result: Delivered) -> None:
    message = outgoing.message
    if result.outcome == Outcome.SENT and outgoing.adopt_as_card and result.message_ts:
        _adopt_card(ctx, outgoing.occurrence_id, result.channel, result.message_ts)
    if result.outcome == Outcome.UNREACHABLE and outgoing.owner:
        deliver_once(
            session_factory=ctx.session_factory,
            client=ctx.client,
            clock=ctx.clock,
            team_id=message.team_id,
            network_id=message.network_id,
            key=f"{message.key}:undeliverable",
            kind="meeting_reminder_problem",
            channel=outgoing.owner,
            text=f"I couldn't post a meeting reminder in <#{message.channel}> ({result.error}). "
            "Invite me there with `/invite @peerbot`, or move the meeting with `/meeting edit`.",
        )


def _adopt_card(ctx: JobContext, occurrence_id: int, channel: str, ts: str) -> None:
    """A series' later meetings have no announcement: their first channel reminder becomes the live card."""
    with ctx.session_factory.begin() as session:
        occurrence = store.get_occurrence(session, occurrence_id=occurrence_id)
        if occurrence is not None and occurrence.announcement_ts is None:
            occurrence.announcement_channel, occurrence.announcement_ts = channel, ts
