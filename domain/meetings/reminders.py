"""Which meeting reminders are due now: derived from each occurrence's start, so edits and cancels move them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.deliveries import CHANNEL, DeliveryKind, dm
from domain.meetings import deliveries as meetings_deliveries
from storage import deliveries as delivery_store
from storage import meetings as meeting_store
from storage.models import Meeting, Occurrence
from storage.models.deliveries import DeliveryStatus

logger = logging.getLogger(__name__)

# A missed reminder is only worth a log line for a day after the meeting started.
SKIP_LOOKBACK = timedelta(days=1)
# How long after a reminder's channel post another clock pass may still finish its DMs
# (a clock that died mid-fan-out, or a racing second clock). After that the reminder is
# done, so the job doesn't re-check a thousand keys every minute until the meeting, and
# someone who RSVPs later isn't sent a reminder for a moment that has passed.
FANOUT_GRACE = timedelta(minutes=10)


def reminder_key(occurrence: Occurrence, offset_minutes: int, destination: str) -> str:
    """This occurrence's reminder key (see ``domain.meetings.deliveries.reminder_key``)."""
    return meetings_deliveries.reminder_key(occurrence.id, occurrence.start_utc, offset_minutes, destination)


def due_offset(offsets: Sequence[int], *, start: datetime, now: datetime, scheduled_at: datetime) -> int | None:
    """The latest reminder that has fallen due before a meeting that hasn't started; None if none has.

    Earlier reminders are superseded by a later one: after an outage that spanned
    the 1-week and 1-day reminders, members get the 1-day one, not both at once.
    A reminder whose time had passed when the meeting was scheduled (or last
    edited) was never pending: the announcement or edit took its place.
    """
    if now >= start:
        return None
    due = [o for o in offsets if scheduled_at <= start - timedelta(minutes=o) <= now]
    return min(due) if due else None


@dataclass(frozen=True)
class DueReminder:
    meeting: Meeting
    occurrence: Occurrence
    offset_minutes: int
    is_last: bool  # the meeting's final reminder: it carries the Check in button
    dm_recipients: list[str]


def due_reminders(
    session: Session, *, now: datetime, max_offset_minutes: int, team_id: str | None = None
) -> list[DueReminder]:
    """Reminders due at ``now`` for occurrences not yet started (in workspace ``team_id``, or every one),
    without destinations already claimed.

    Claims are re-checked at delivery (deliver_once), so a racing clock still sends nothing twice.
    """
    upcoming = meeting_store.occurrences_starting_between(
        session, after=now, until=now + timedelta(minutes=max_offset_minutes)
    )
    by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in upcoming})
    due: list[DueReminder] = []
    for occurrence in upcoming:
        meeting = by_id[occurrence.meeting_id]
        if team_id is not None and meeting.team_id != team_id:
            continue
        offset = due_offset(
            meeting.reminder_offsets, start=occurrence.start_utc, now=now, scheduled_at=meeting.updated_at
        )
        if offset is None:
            continue
        channel_claim = delivery_store.get(session, key=reminder_key(occurrence, offset, CHANNEL))
        if channel_claim is not None and channel_claim.claimed_at < now - FANOUT_GRACE:
            continue  # anything its sender left unsent is finished by the clock's resume_deliveries
        prefix = meetings_deliveries.reminder_prefix(occurrence.id, occurrence.start_utc, offset)
        # Claims still pending or waiting on Retry-After were provably not posted: they go out now.
        settled = {d.key for d in delivery_store.with_prefix(session, prefix=prefix) if not delivery_store.is_unsent(d)}
        recipients = [
            user_id
            for user_id in meeting_store.dm_reminder_recipients(
                session, occurrence_id=occurrence.id, network_id=occurrence.network_id
            )
            if reminder_key(occurrence, offset, dm(user_id)) not in settled
        ]
        due.append(DueReminder(meeting, occurrence, offset, offset == min(meeting.reminder_offsets), recipients))
    return due


def record_missed(session: Session, *, now: datetime, team_id: str | None = None) -> int:
    """Log (once each) final reminders that never went out because the meeting started first (in ``team_id``)."""
    started = meeting_store.occurrences_starting_between(session, after=now - SKIP_LOOKBACK, until=now)
    by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in started})
    missed = 0
    for occurrence in started:
        meeting = by_id[occurrence.meeting_id]
        if not meeting.reminder_offsets or (team_id is not None and meeting.team_id != team_id):
            continue
        final = min(meeting.reminder_offsets)
        if occurrence.start_utc - timedelta(minutes=final) < meeting.updated_at:
            continue  # it was already too late for it when the meeting was scheduled
        key = reminder_key(occurrence, final, CHANNEL)
        if delivery_store.claim(
            session,
            team_id=meeting.team_id,
            network_id=meeting.network_id,
            key=key,
            kind=DeliveryKind.MEETING_REMINDER,
            channel=meeting.channel_id,
            now=now,
        ):
            delivery_store.finish(session, key=key, status=DeliveryStatus.FAILED, error="meeting_started", now=now)
            logger.warning("reminder for occurrence %s skipped: the meeting had already started", occurrence.id)
            missed += 1
    return missed
