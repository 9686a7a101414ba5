"""Scheduling meetings: validating what a facilitator asked for, materialising, rescheduling, cancelling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound
from domain.meetings.recurrence import Rule, local_dates, to_utc
from domain.network import roles
from storage import meetings as meeting_store
from storage import network as network_store
from storage.models import Meeting, Network, Occurrence, OccurrenceStatus, Recurrence, RsvpAnswer

TITLE_MAX = 150
PLACE_MAX = 200
LINK_MAX = 500
MAX_REMINDERS = 5
DEFAULT_REMINDERS = (7 * 24 * 60, 24 * 60, 60)
# Offsets offered in the modal, in minutes before the start.
REMINDER_CHOICES = (10, 30, 60, 2 * 60, 24 * 60, 2 * 24 * 60, 7 * 24 * 60)
DURATIONS = (30, 45, 60, 90, 120, 180, 240)
MAX_INTERVAL_WEEKS = 8


@dataclass(frozen=True)
class MeetingForm:
    """What the scheduling modal submitted, still as text."""

    title: str | None = None
    start_date: str | None = None
    start_time: str | None = None
    duration: str | None = None
    recurrence: str | None = None
    interval_weeks: str | None = None
    end_date: str | None = None
    count: str | None = None
    video_link: str | None = None
    place: str | None = None
    channel_id: str | None = None
    reminders: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class MeetingPlan:
    """A validated meeting series."""

    title: str
    rule: Rule
    duration_minutes: int
    video_link: str | None
    place: str | None
    channel_id: str
    reminder_offsets: tuple[int, ...]


def _parse_date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _parse_time(raw: str | None) -> time | None:
    try:
        return time.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _parse_int(raw: str | None) -> int | None:
    try:
        return int(raw.strip()) if raw and raw.strip() else None
    except ValueError:
        return None


def is_web_link(link: str) -> bool:
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    # Whitespace, <, > and | would break (or forge) the Slack link the address is shown in.
    return (
        parts.scheme in ("http", "https") and "." in parts.netloc and not any(c.isspace() or c in "<>|" for c in link)
    )


def validate(form: MeetingForm, *, zone: str, now: datetime, allow_past_start: bool = False) -> MeetingPlan:
    """Check every field at once; InvalidInput maps each bad field to what to fix."""
    errors: dict[str, str] = {}
    title = (form.title or "").strip()
    if not title:
        errors["title"] = "Give the meeting a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters or fewer."
    start_date, start_time = _parse_date(form.start_date), _parse_time(form.start_time)
    if start_date is None:
        errors["start_date"] = "Choose the date of the (first) meeting."
    if start_time is None:
        errors["start_time"] = "Choose the start time."
    duration = _parse_int(form.duration)
    if duration not in DURATIONS:
        errors["duration"] = "Choose how long the meeting lasts."
    try:
        recurrence = Recurrence(form.recurrence or Recurrence.NONE)
    except ValueError:
        recurrence = Recurrence.NONE
        errors["recurrence"] = "Choose how the meeting repeats."
    interval = _parse_int(form.interval_weeks) or 1
    if not 1 <= interval <= MAX_INTERVAL_WEEKS:
        errors["interval_weeks"] = f"Repeat every 1 to {MAX_INTERVAL_WEEKS} weeks."
    elif interval > 1 and recurrence != Recurrence.WEEKLY:
        errors["interval_weeks"] = "“Every N weeks” only applies to weekly meetings."
    end_date = _parse_date(form.end_date)
    if end_date is not None and start_date is not None and end_date < start_date:
        errors["end_date"] = "The series can't end before its first meeting."
    count = _parse_int(form.count)
    if form.count and form.count.strip() and count is None:
        errors["count"] = "Write the number of meetings as a whole number, like 6."
    elif count is not None and count < 1:
        errors["count"] = "A series needs at least one meeting."
    link = (form.video_link or "").strip() or None
    if link is not None and (len(link) > LINK_MAX or not is_web_link(link)):
        errors["video_link"] = "That isn't a link I can use: paste the full address, starting with https://"
    place = (form.place or "").strip() or None
    if place is not None and len(place) > PLACE_MAX:
        errors["place"] = f"Keep the place to {PLACE_MAX} characters or fewer."
    if not form.channel_id:
        errors["channel"] = "Choose the channel to announce the meeting in."
    offsets = sorted({o for o in (_parse_int(r) for r in form.reminders) if o is not None}, reverse=True)
    if len(offsets) > MAX_REMINDERS:
        errors["reminders"] = f"Choose at most {MAX_REMINDERS} reminders."
    elif any(o not in REMINDER_CHOICES for o in offsets):
        errors["reminders"] = "Choose reminders from the list."
    if start_date is not None and start_time is not None and "end_date" not in errors and "count" not in errors:
        rule = Rule(recurrence, start_date, start_time, interval, end_date, count)
        starts = [to_utc(day, start_time, zone) for day in local_dates(rule)]
        if not starts:
            errors["count"] = "These settings give no meetings at all."
        elif not allow_past_start and starts[0] <= now:
            errors["start_date" if start_date < now.date() else "start_time"] = "That start is in the past."
        elif allow_past_start and not any(s > now for s in starts):
            errors["end_date"] = "Every meeting of this series would be in the past."
    if errors:
        raise InvalidInput(errors)
    assert start_date is not None and start_time is not None and duration is not None and form.channel_id
    return MeetingPlan(
        title=title,
        rule=Rule(recurrence, start_date, start_time, interval, end_date, count),
        duration_minutes=duration,
        video_link=link,
        place=place,
        channel_id=form.channel_id,
        reminder_offsets=tuple(offsets),
    )


def rule_of(meeting: Meeting) -> Rule:
    return Rule(
        meeting.recurrence,
        meeting.start_date,
        meeting.start_time,
        meeting.interval_weeks,
        meeting.end_date,
        meeting.occurrence_count,
    )


def _apply(meeting: Meeting, plan: MeetingPlan, now: datetime) -> None:
    meeting.title = plan.title
    meeting.start_date = plan.rule.start_date
    meeting.start_time = plan.rule.start_time
    meeting.duration_minutes = plan.duration_minutes
    meeting.recurrence = plan.rule.recurrence
    meeting.interval_weeks = plan.rule.interval_weeks
    meeting.end_date = plan.rule.end_date
    meeting.occurrence_count = plan.rule.count
    meeting.video_link = plan.video_link
    meeting.place = plan.place
    meeting.channel_id = plan.channel_id
    meeting.reminder_offsets = list(plan.reminder_offsets)
    meeting.updated_at = now


def _starts(meeting: Meeting) -> list[datetime]:
    return [to_utc(day, meeting.start_time, meeting.timezone) for day in local_dates(rule_of(meeting))]


def create_meeting(session: Session, *, network: Network, plan: MeetingPlan, by_user: str, now: datetime) -> Meeting:
    """Save the series and every occurrence up to the horizon (see domain.meetings.recurrence)."""
    meeting = Meeting(
        team_id=network.team_id, network_id=network.id, timezone=network.timezone, created_by=by_user, created_at=now
    )
    _apply(meeting, plan, now)
    session.add(meeting)
    session.flush()
    duration = timedelta(minutes=plan.duration_minutes)
    for sequence, start in enumerate(_starts(meeting), start=1):
        session.add(_new_occurrence(meeting, sequence, start, duration))
    session.flush()
    return meeting


def _new_occurrence(meeting: Meeting, sequence: int, start: datetime, duration: timedelta) -> Occurrence:
    return Occurrence(
        meeting_id=meeting.id,
        network_id=meeting.network_id,
        sequence=sequence,
        start_utc=start,
        end_utc=start + duration,
        status=OccurrenceStatus.SCHEDULED,
        card_version=0,
    )


@dataclass(frozen=True)
class Rescheduled:
    kept: list[Occurrence]  # still scheduled (moved or not), to refresh their cards
    moved: list[Occurrence]  # a new start time: people coming are told
    dropped: list[Occurrence]  # no longer in the series: cancelled, people coming are told
    people: dict[int, set[str]]  # occurrence id -> who said Going or Maybe, for moved and dropped ones


def _coming(session: Session, occurrence: Occurrence) -> set[str]:
    return {
        r.user_id
        for r in meeting_store.rsvps_for(session, occurrence_id=occurrence.id)
        if r.answer in (RsvpAnswer.GOING, RsvpAnswer.MAYBE)
    }


def reschedule_meeting(session: Session, *, meeting: Meeting, plan: MeetingPlan, now: datetime) -> Rescheduled:
    """Apply an edit to every occurrence not yet started.

    Occurrences that have started are history and stay as they were. Future ones are
    matched to the new dates in order, so RSVPs and agendas travel with their meeting;
    surplus ones are cancelled, missing ones added. Pending reminders are derived from
    each occurrence's start, so they move with it.
    """
    _apply(meeting, plan, now)
    duration = timedelta(minutes=plan.duration_minutes)
    new_starts = [s for s in _starts(meeting) if s > now]
    future = [
        o
        for o in meeting_store.occurrences_of(session, meeting_id=meeting.id)
        if o.start_utc > now and o.status == OccurrenceStatus.SCHEDULED
    ]
    kept: list[Occurrence] = []
    moved: list[Occurrence] = []
    for occurrence, start in zip(future, new_starts, strict=False):
        if occurrence.start_utc != start:
            moved.append(occurrence)
        occurrence.start_utc, occurrence.end_utc = start, start + duration
        kept.append(occurrence)
    dropped = future[len(new_starts) :]
    for occurrence in dropped:
        occurrence.status, occurrence.cancelled_at = OccurrenceStatus.CANCELLED, now
    sequence = meeting_store.next_sequence(session, meeting_id=meeting.id)
    for offset, start in enumerate(new_starts[len(future) :]):
        occurrence = _new_occurrence(meeting, sequence + offset, start, duration)
        session.add(occurrence)
        kept.append(occurrence)
    session.flush()
    people = {o.id: _coming(session, o) for o in moved + dropped}
    return Rescheduled(kept, moved, dropped, people)


@dataclass(frozen=True)
class Cancelled:
    occurrences: list[Occurrence]
    people_to_tell: set[str]


def cancel(session: Session, *, meeting: Meeting, occurrence: Occurrence | None, now: datetime) -> Cancelled:
    """Cancel one upcoming occurrence, or (occurrence None) every upcoming one of the series."""
    if occurrence is not None:
        targets = [occurrence] if occurrence.status == OccurrenceStatus.SCHEDULED and occurrence.start_utc > now else []
    else:
        targets = [
            o
            for o in meeting_store.occurrences_of(session, meeting_id=meeting.id)
            if o.status == OccurrenceStatus.SCHEDULED and o.start_utc > now
        ]
        meeting.cancelled_at = now
    if not targets:
        raise NotFound("That meeting has already happened or was cancelled, so there's nothing to cancel.")
    people: set[str] = set()
    for target in targets:
        target.status, target.cancelled_at = OccurrenceStatus.CANCELLED, now
        people.update(_coming(session, target))
    session.flush()
    return Cancelled(targets, people)


def load_occurrence(
    session: Session,
    *,
    occurrence_id: int,
    network_team_id: str,
    user_id: str,
    facilitator_doing: str | None = None,
) -> tuple[Meeting, Occurrence]:
    """The occurrence a button or form names, once the person is checked to be on its network's roster.

    With ``facilitator_doing``, they must be one of the network's facilitators instead.
    """
    occurrence = meeting_store.get_occurrence(session, occurrence_id=occurrence_id)
    meeting = meeting_store.get_meeting(session, meeting_id=occurrence.meeting_id) if occurrence else None
    network = network_store.get_network(session, network_id=meeting.network_id) if meeting else None
    if (
        occurrence is None
        or meeting is None
        or network is None
        or meeting.team_id != network.team_id
        or not roles.speaks_for(session, network=network, team_id=network_team_id, user_id=user_id)
    ):
        raise NotFound("I can't find that meeting any more.")
    roles.require_access(session, network=network, user_id=user_id, facilitator_doing=facilitator_doing)
    return meeting, occurrence


def stale_reason(occurrence: Occurrence, *, now: datetime, until_end: bool = False) -> str | None:
    """Why a button on this occurrence no longer applies, or None if it still does."""
    if occurrence.status == OccurrenceStatus.CANCELLED:
        return "This meeting was cancelled, so there's nothing to answer any more."
    if (occurrence.end_utc if until_end else occurrence.start_utc) <= now:
        return "This meeting is over, so its buttons don't do anything any more."
    return None
