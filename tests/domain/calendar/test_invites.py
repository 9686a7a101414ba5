"""The iCalendar invites, read back with icalendar's own parser: one event per series, RRULE, EXDATE, updates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from domain.calendar import invites
from domain.meetings.recurrence import Rule, local_dates, to_utc
from storage.models import Meeting, Occurrence, OccurrenceStatus, Recurrence

NOW = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
ZONE = "America/New_York"


def _meeting(
    recurrence: Recurrence = Recurrence.WEEKLY,
    start: date = date(2026, 3, 3),
    at: time = time(14, 0),
    count: int | None = 6,
    interval: int = 1,
    sequence: int = 0,
) -> Meeting:
    return Meeting(
        id=7,
        team_id="T0001",
        network_id=1,
        title='Peer call: budgets; "HHS", Q&A',
        timezone=ZONE,
        start_date=start,
        start_time=at,
        duration_minutes=60,
        recurrence=recurrence,
        interval_weeks=interval,
        end_date=None,
        occurrence_count=count,
        video_link="https://meet.example.org/peer",
        place=None,
        channel_id="C1",
        reminder_offsets=[60],
        cancelled_at=None,
        calendar_sequence=sequence,
        created_by="UFAC",
        created_at=NOW,
        updated_at=NOW,
    )


def _occurrences(meeting: Meeting, cancelled: set[int] = frozenset()) -> list[Occurrence]:  # type: ignore[assignment]
    rule = Rule(
        meeting.recurrence,
        meeting.start_date,
        meeting.start_time,
        meeting.interval_weeks,
        meeting.end_date,
        meeting.occurrence_count,
    )
    found = []
    for number, day in enumerate(local_dates(rule), start=1):
        start = to_utc(day, meeting.start_time, ZONE)
        found.append(
            Occurrence(
                id=100 + number,
                meeting_id=meeting.id,
                network_id=1,
                sequence=number,
                start_utc=start,
                end_utc=start.replace(hour=(start.hour + 1) % 24),
                status=OccurrenceStatus.CANCELLED if number in cancelled else OccurrenceStatus.SCHEDULED,
                card_version=0,
            )
        )
    return found


def _events(ics: bytes) -> tuple[Calendar, list[Event]]:
    calendar = Calendar.from_ical(ics)
    return calendar, list(calendar.walk("VEVENT"))


def _held(event: Event) -> list[datetime]:
    """Every start the event's RRULE gives, less its EXDATEs, in UTC (as a calendar app would expand it)."""
    start = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    excluded = set()
    for group in event.get("exdate", []) if isinstance(event.get("exdate"), list) else [event.get("exdate")]:
        if group is not None:
            excluded |= {d.dt for d in group.dts}
    return [moment.astimezone(UTC) for moment in rule if moment not in excluded]


def test_a_weekly_series_is_one_event_whose_rrule_and_exdate_give_exactly_its_meetings_across_dst() -> None:
    meeting = _meeting()  # 2 pm New York, weekly from Mar 3; clocks spring forward on Mar 8
    occurrences = _occurrences(meeting, cancelled={3})  # Mar 17 cancelled
    calendar, events = _events(invites.invite(invites.SeriesInvite(meeting, occurrences, "Equity Learning"), now=NOW))
    (event,) = events
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["rrule"].to_ical().decode()).startswith("FREQ=WEEKLY;")
    assert _held(event) == [o.start_utc for o in occurrences if o.status == OccurrenceStatus.SCHEDULED]
    assert [o.start_utc.hour for o in occurrences[:2]] == [19, 18]  # 2 pm EST, then 2 pm EDT: same wall time
    exdate = event["exdate"]
    assert [d.dt for d in exdate.dts] == [datetime(2026, 3, 17, 14, 0, tzinfo=event.decoded("dtstart").tzinfo)]
    assert event["dtstart"].params["TZID"] == ZONE and exdate.params["TZID"] == ZONE
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == ZONE


def test_the_invite_names_the_network_link_and_title_as_typed() -> None:
    meeting = _meeting(recurrence=Recurrence.NONE, count=None)
    occurrence = _occurrences(meeting)[0]
    occurrence.agenda_channel, occurrence.agenda_ts = "C1", "1767900000.000100"
    ics = invites.invite(invites.SeriesInvite(meeting, [occurrence], "Equity & Learning"), now=NOW)
    (event,) = _events(ics)[1]
    assert str(event["summary"]) == 'Peer call: budgets; "HHS", Q&A'  # icalendar escaped and unescaped it once
    assert b"budgets\\; " in ics  # RFC 5545 escaping, done by icalendar (not doubled)
    assert "rrule" not in event and str(event["location"]) == "https://meet.example.org/peer"
    description = str(event["description"])
    assert "A meeting of Equity & Learning." in description
    assert "Agenda: https://slack.com/archives/C1/p1767900000000100" in description
    assert event.decoded("dtstart").astimezone(UTC) == occurrence.start_utc


def test_uid_stays_and_sequence_rises_when_the_series_changes() -> None:
    before = _meeting(sequence=0)
    after = _meeting(at=time(16, 0), sequence=1)
    (first,) = _events(invites.invite(invites.SeriesInvite(before, _occurrences(before), "N"), now=NOW))[1]
    (second,) = _events(invites.invite(invites.SeriesInvite(after, _occurrences(after), "N"), now=NOW))[1]
    assert str(first["uid"]) == str(second["uid"]) == invites.uid(before)
    assert int(second["sequence"]) > int(first["sequence"])
    assert second.decoded("dtstart").hour == 16


def test_cancelling_one_meeting_is_method_cancel_for_its_recurrence_id() -> None:
    meeting = _meeting(sequence=2)
    occurrences = _occurrences(meeting, cancelled={2})
    ics = invites.cancellation(invites.SeriesInvite(meeting, occurrences, "N"), now=NOW, only=[occurrences[1]])
    calendar, (event,) = _events(ics)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == invites.uid(meeting) and int(event["sequence"]) == 2
    assert str(event["status"]) == "CANCELLED"
    assert (
        event.decoded("recurrence-id").astimezone(UTC)
        == occurrences[1].start_utc
        == datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    )


def test_cancelling_the_series_is_method_cancel_for_the_whole_event() -> None:
    meeting = _meeting(sequence=3)
    ics = invites.cancellation(invites.SeriesInvite(meeting, _occurrences(meeting), "N"), now=NOW)
    calendar, (event,) = _events(ics)
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert "recurrence-id" not in event and str(event["uid"]) == invites.uid(meeting)


@pytest.mark.parametrize(
    ("recurrence", "start", "interval"),
    [
        (Recurrence.WEEKLY, date(2026, 10, 20), 2),  # every 2 weeks, across November's fall back
        (Recurrence.MONTHLY_WEEKDAY, date(2026, 1, 6), 1),  # the first Tuesday
        (Recurrence.MONTHLY_WEEKDAY, date(2026, 1, 29), 1),  # day 29+: the last Thursday
        (Recurrence.MONTHLY_DAY, date(2026, 1, 31), 1),  # the 31st, or a shorter month's last day
        (Recurrence.MONTHLY_DAY, date(2026, 1, 15), 1),
    ],
)
def test_every_kind_of_repeat_expands_to_the_meetings_peerbot_holds(
    recurrence: Recurrence, start: date, interval: int
) -> None:
    meeting = _meeting(recurrence=recurrence, start=start, count=14, interval=interval)
    occurrences = _occurrences(meeting)
    (event,) = _events(invites.invite(invites.SeriesInvite(meeting, occurrences, "N"), now=NOW))[1]
    assert _held(event) == [o.start_utc for o in occurrences]
