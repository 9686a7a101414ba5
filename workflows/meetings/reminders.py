"""Send due meeting reminders to each meeting's channel and by DM, each delivery exactly once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from domain.deliveries import CHANNEL, DeliveryKind, dm
from domain.meetings.deliveries import reminder_prefix
from domain.meetings.deliveries import reminder_problem_key as problem_key
from domain.meetings.reminders import DueReminder, due_reminders, record_missed, reminder_key
from domain.meetings.rsvp import tally
from domain.meetings.series import REMINDER_CHOICES
from rendering.meetings.messages import ReminderContent, reminder
from rendering.text import escape
from slackio.delivery import Delivered, Message, Outcome, deliver_all, deliver_once
from storage import meetings as meeting_store
from workflows.context import RunContext
from workflows.deliveries import tell_who_was_missed
from workflows.fan_out import Missed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    message: Message
    occurrence_id: int
    adopt_as_card: bool
    owner: str | None  # for a channel post: whom to tell if the channel can't be reached
    fan_out: str  # the reminder this message belongs to (its DM keys' common prefix)
    title: str


def _message(
    due: DueReminder,
    destination: str,
    channel: str,
    content: ReminderContent,
    blocks: list[dict[str, Any]],
    *,
    adopt: bool,
) -> Outgoing:
    message = Message(
        team_id=due.meeting.team_id,
        network_id=due.meeting.network_id,
        key=reminder_key(due.occurrence, due.offset_minutes, destination),
        kind=DeliveryKind.MEETING_REMINDER,
        channel=channel,
        text=content.text,
        blocks=blocks,
        owner=due.meeting.created_by,
    )
    owner = due.meeting.created_by if destination == CHANNEL else None
    prefix = reminder_prefix(due.occurrence.id, due.occurrence.start_utc, due.offset_minutes)
    return Outgoing(message, due.occurrence.id, adopt, owner, prefix, due.meeting.title)


def send_due_reminders(ctx: RunContext) -> dict[str, int]:
    """One pass of the reminder clock: plan in one short transaction, then deliver message by message."""
    now = ctx.clock.now()
    outgoing: list[Outgoing] = []
    with ctx.session_factory.begin() as session:
        missed = record_missed(session, now=now, team_id=ctx.team_id)
        for due in due_reminders(session, now=now, max_offset_minutes=max(REMINDER_CHOICES), team_id=ctx.team_id):
            meeting, occurrence = due.meeting, due.occurrence
            counts = tally(session, occurrence=occurrence)
            channel_msg = reminder(
                meeting, occurrence, counts, offset_minutes=due.offset_minutes, last=due.is_last, direct=False
            )
            dm_msg = reminder(
                meeting, occurrence, counts, offset_minutes=due.offset_minutes, last=due.is_last, direct=True
            )
            channel_blocks = [b.to_dict() for b in channel_msg.blocks]
            outgoing.append(
                _message(
                    due,
                    CHANNEL,
                    meeting.channel_id,
                    channel_msg,
                    channel_blocks,
                    adopt=occurrence.announcement_ts is None,
                )
            )
            # Rendered once for every DM of the fan-out: a big one's first message leaves sooner.
            dm_blocks = [b.to_dict() for b in dm_msg.blocks]
            outgoing += [_message(due, dm(user), user, dm_msg, dm_blocks, adopt=False) for user in due.dm_recipients]
    extras = {o.message.key: o for o in outgoing}
    unreached = Missed()

    def after(message: Message, result: Delivered) -> None:
        _after_delivery(ctx, extras[message.key], result)
        unreached(message, result)  # a reminder DM (to a person) that could not be delivered

    outcomes = deliver_all(
        (o.message for o in outgoing),
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
        after=after,
    )
    _tell_who_was_missed(ctx, [extras[m.key] for m in unreached.messages])
    report = {outcome.value: count for outcome, count in outcomes.items()}
    report["skipped_started"] = missed
    return report


def _after_delivery(ctx: RunContext, outgoing: Outgoing, result: Delivered) -> None:
    message = outgoing.message
    if result.outcome == Outcome.SENT and outgoing.adopt_as_card and result.message_ts:
        _adopt_card(ctx, outgoing.occurrence_id, result.channel, result.message_ts)
    if result.outcome == Outcome.UNREACHABLE and outgoing.owner:
        deliver_once(
            session_factory=ctx.session_factory,
            client=ctx.slack,
            clock=ctx.clock,
            team_id=message.team_id,
            network_id=message.network_id,
            key=problem_key(message.key),
            kind=DeliveryKind.MEETING_REMINDER_PROBLEM,
            channel=outgoing.owner,
            text=f"I couldn't post a meeting reminder in <#{message.channel}> ({result.error}). "
            "Invite me there with `/invite @peerbot`, or move the meeting with `/meeting edit`.",
        )


def _adopt_card(ctx: RunContext, occurrence_id: int, channel: str, ts: str) -> None:
    """A series' later meetings have no announcement: their first channel reminder becomes the live card."""
    with ctx.session_factory.begin() as session:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=occurrence_id)
        if occurrence is not None and occurrence.announcement_ts is None:
            occurrence.announcement_channel, occurrence.announcement_ts = channel, ts


def _tell_who_was_missed(ctx: RunContext, unreached: list[Outgoing]) -> None:
    """One notice per reminder to the meeting's organiser, naming the people its DMs could not reach."""
    by_reminder: dict[str, list[Outgoing]] = {}
    for item in unreached:
        by_reminder.setdefault(item.fan_out, []).append(item)
    for fan_out, items in by_reminder.items():
        organiser = next((o.message.owner for o in items if o.message.owner), None)
        if organiser is None:
            continue
        tell_who_was_missed(
            ctx,
            [o.message for o in items],
            owner=organiser,
            scope=fan_out,
            what=f"Reminder DMs for *{escape(items[0].title)}*",
        )
