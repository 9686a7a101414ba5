"""iCalendar (RFC 5545) invites of meeting series: one event per series, its RRULE, EXDATEs and VTIMEZONE.

A series is one event whose UID never changes; each occurrence is that UID with its RECURRENCE-ID (a one-off
meeting is a series of one). Every change people's calendars should follow raises the series' SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from domain.meetings.recurrence import local_dates, week_of_month
from domain.meetings.series import rule_of
from storage.models import Meeting, Occurrence, OccurrenceStatus, Recurrence

PRODID = "-//peerbot//peer learning network meetings//EN"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CALENDAR_MIME = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class SeriesInvite:
    """What an invite of one series needs besides the series: the network and the occurrences kept for it."""

    meeting: Meeting
    occurrences: Sequence[Occurrence]
    network_name: str


def uid(meeting: Meeting) -> str:
    """The series' UID: the same in every invite, update, cancellation and feed."""
    return f"meeting-{meeting.id}-{meeting.team_id.lower()}@peerbot"


def agenda_link(occurrence: Occurrence) -> str | None:
    if not (occurrence.agenda_channel and occurrence.agenda_ts):
        return None
    return f"https://slack.com/archives/{occurrence.agenda_channel}/p{occurrence.agenda_ts.replace('.', '')}"


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _rule_start(meeting: Meeting, day: date) -> datetime:
    """The local start of the rule's meeting on ``day`` (what RRULE, EXDATE and RECURRENCE-ID name)."""
    return datetime.combine(day, meeting.start_time, tzinfo=ZoneInfo(meeting.timezone))


def recurrence_rule(meeting: Meeting) -> vRecur | None:
    """The series' RRULE, bounded by UNTIL at its last materialised meeting; None for a one-off."""
    rule = rule_of(meeting)
    if rule.recurrence == Recurrence.NONE:
        return None
    weekday = WEEKDAYS[rule.start_date.weekday()]
    recur = vRecur()
    if rule.recurrence == Recurrence.WEEKLY:
        recur["FREQ"] = "WEEKLY"
        if rule.interval_weeks > 1:
            recur["INTERVAL"] = rule.interval_weeks
        recur["BYDAY"] = weekday
    elif rule.recurrence == Recurrence.MONTHLY_WEEKDAY:
        nth = week_of_month(rule.start_date)
        recur["FREQ"] = "MONTHLY"
        recur["BYDAY"] = f"{-1 if nth >= 5 else nth}{weekday}"
    else:
        recur["FREQ"] = "MONTHLY"
        day = rule.start_date.day
        if day <= 28:
            recur["BYMONTHDAY"] = day
        else:  # peerbot moves a 31st to a shorter month's last day: the last of the days 28..31 the month has
            recur["BYMONTHDAY"] = list(range(28, day + 1))
            recur["BYSETPOS"] = -1
    last = local_dates(rule)[-1]
    recur["UNTIL"] = _rule_start(meeting, last).astimezone(UTC)
    return recur


def _description(invite: SeriesInvite, occurrence: Occurrence | None) -> str:
    meeting = invite.meeting
    lines = [f"A meeting of {invite.network_name}."]
    if meeting.video_link:
        lines.append(f"Join: {meeting.video_link}")
    if meeting.place:
        lines.append(f"Where: {meeting.place}")
    agenda = agenda_link(occurrence) if occurrence is not None else None
    if agenda:
        lines.append(f"Agenda: {agenda}")
    lines.append("RSVP, the agenda and reminders are in Slack (peerbot).")
    return "\n".join(lines)


def _base_event(invite: SeriesInvite, *, now: datetime, start: datetime, occurrence: Occurrence | None) -> Event:
    meeting = invite.meeting
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", meeting.calendar_sequence)
    event.add("summary", meeting.title)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add("description", _description(invite, occurrence))
    event.add("categories", [invite.network_name])
    return event


def series_events(invite: SeriesInvite, *, now: datetime) -> list[Event]:
    """The series' event (RRULE and EXDATEs for meetings not held), then one override per upcoming meeting
    whose agenda is posted (its RECURRENCE-ID, carrying the agenda link)."""
    meeting = invite.meeting
    zone = meeting.timezone
    scheduled = [o for o in invite.occurrences if o.status == OccurrenceStatus.SCHEDULED]
    rule = recurrence_rule(meeting)
    if rule is None:
        occurrence = scheduled[0] if scheduled else (invite.occurrences[-1] if invite.occurrences else None)
        start = _local(occurrence.start_utc, zone) if occurrence else _rule_start(meeting, meeting.start_date)
        event = _base_event(invite, now=now, start=start, occurrence=occurrence)
        event.add("status", "CONFIRMED" if scheduled else "CANCELLED")
        return [event]
    event = _base_event(invite, now=now, start=_rule_start(meeting, meeting.start_date), occurrence=None)
    event.add("rrule", rule)
    held_days = {_local(o.start_utc, zone).date() for o in scheduled}
    not_held = sorted(
        {_local(o.start_utc, zone).date() for o in invite.occurrences if o.status != OccurrenceStatus.SCHEDULED}
        - held_days
    )
    if not_held:
        event.add("exdate", [_rule_start(meeting, day) for day in not_held])
    event.add("status", "CONFIRMED" if scheduled else "CANCELLED")
    events = [event]
    for occurrence in scheduled:
        if occurrence.start_utc <= now or agenda_link(occurrence) is None:
            continue
        start = _local(occurrence.start_utc, zone)
        override = _base_event(invite, now=now, start=start, occurrence=occurrence)
        override.add("recurrence-id", _rule_start(meeting, start.date()))
        override.add("status", "CONFIRMED")
        events.append(override)
    return events


def _calendar(method: str, *, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()  # a VTIMEZONE for each TZID the events use
    return bytes(calendar.to_ical())


def invite(invite: SeriesInvite, *, now: datetime) -> bytes:
    """The series as one invite to add or update (METHOD:PUBLISH; same UID, its current SEQUENCE)."""
    calendar = _calendar("PUBLISH")
    for event in series_events(invite, now=now):
        calendar.add_component(event)
    return _finish(calendar)


def cancellation(invite: SeriesInvite, *, now: datetime, only: Sequence[Occurrence] | None = None) -> bytes:
    """METHOD:CANCEL for the whole series, or (``only``) for those meetings of it, each by its RECURRENCE-ID."""
    meeting = invite.meeting
    calendar = _calendar("CANCEL")
    if only is None or recurrence_rule(meeting) is None:
        occurrence = only[0] if only else None
        start = _local(occurrence.start_utc, meeting.timezone) if occurrence else None
        event = _base_event(
            invite, now=now, start=start or _rule_start(meeting, meeting.start_date), occurrence=occurrence
        )
        if recurrence_rule(meeting) is not None:
            event.add("rrule", recurrence_rule(meeting))
        event.add("status", "CANCELLED")
        calendar.add_component(event)
        return _finish(calendar)
    for occurrence in only:
        day = _local(occurrence.start_utc, meeting.timezone).date()
        event = _base_event(invite, now=now, start=_rule_start(meeting, day), occurrence=occurrence)
        event.add("recurrence-id", _rule_start(meeting, day))
        event.add("status", "CANCELLED")
        calendar.add_component(event)
    return _finish(calendar)


def feed(invites: Sequence[SeriesInvite], *, now: datetime, name: str) -> bytes:
    """A subscribable calendar of several series (METHOD:PUBLISH), named for the network."""
    calendar = _calendar("PUBLISH", name=name)
    for one in invites:
        for event in series_events(one, now=now):
            calendar.add_component(event)
    return _finish(calendar)


def filename(meeting: Meeting) -> str:
    """A safe file name for the invite: the title's letters and digits."""
    stem = "".join(c if c.isalnum() else "-" for c in meeting.title.lower()).strip("-")
    while "--" in stem:
        stem = stem.replace("--", "-")
    return f"{stem[:60] or 'meeting'}.ics"
