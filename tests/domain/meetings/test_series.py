"""Validating a meeting form and rescheduling a series without losing history."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from domain.errors import InvalidInput
from domain.meetings.series import MeetingForm, create_meeting, reschedule_meeting, validate
from storage.db import SessionFactory
from storage.models import Network, Occurrence, OccurrenceStatus
from tests.support.factories.meetings import network_with_roster

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
ZONE = "America/New_York"


def _form(**changes: object) -> MeetingForm:
    fields: dict[str, object] = {
        "title": "Peer call",
        "start_date": "2026-01-06",
        "start_time": "14:00",
        "duration": "60",
        "recurrence": "weekly",
        "channel_id": "CHOME",
        "reminders": ["60"],
    }
    fields.update(changes)
    return MeetingForm(**fields)  # type: ignore[arg-type]


def _errors(form: MeetingForm, **kwargs: object) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        validate(form, zone=ZONE, now=NOW, **kwargs)  # type: ignore[arg-type]
    return caught.value.errors


def test_a_good_form_becomes_a_plan_with_reminders_latest_first() -> None:
    plan = validate(_form(reminders=["60", "10080", "1440"], count="4"), zone=ZONE, now=NOW)
    assert plan.reminder_offsets == (10080, 1440, 60)
    assert plan.rule.count == 4 and plan.rule.start_time == time(14, 0)


def test_every_bad_field_is_reported_at_once() -> None:
    errors = _errors(_form(title="", duration="7", video_link="zoom", count="many"))
    assert set(errors) == {"title", "duration", "video_link", "count"}


def test_every_n_weeks_only_applies_to_weekly_meetings() -> None:
    assert "interval_weeks" in _errors(_form(recurrence="monthly_day", interval_weeks="2"))


def test_a_series_ending_before_it_starts_or_with_no_meetings_is_refused() -> None:
    assert "end_date" in _errors(_form(end_date="2026-01-01"))
    assert "count" in _errors(_form(count="0"))


def test_an_edit_may_keep_a_first_date_in_the_past_if_meetings_remain() -> None:
    plan = validate(_form(start_date="2025-12-01", count="10"), zone=ZONE, now=NOW, allow_past_start=True)
    assert plan.rule.start_date.year == 2025
    assert "end_date" in _errors(_form(start_date="2025-12-01", count="2"), allow_past_start=True)


def test_rescheduling_keeps_held_meetings_and_moves_the_rest(session_factory: SessionFactory) -> None:
    network_id = network_with_roster(session_factory, NOW)
    with session_factory.begin() as session:
        network = session.get(Network, network_id)
        assert network is not None
        meeting = create_meeting(
            session, network=network, plan=validate(_form(count="3"), zone=ZONE, now=NOW), by_user="UFAC", now=NOW
        )
        later = NOW + timedelta(days=8)  # the first meeting has been held
        plan = validate(_form(start_time="16:00", count="4"), zone=ZONE, now=later, allow_past_start=True)
        result = reschedule_meeting(session, meeting=meeting, plan=plan, now=later)
        occurrences = list(session.scalars(select(Occurrence).order_by(Occurrence.sequence)))
    assert [o.start_utc.hour for o in occurrences] == [19, 21, 21, 21]
    assert [o.sequence for o in result.moved] == [2, 3] and result.dropped == []
    assert all(o.status == OccurrenceStatus.SCHEDULED for o in occurrences)


@pytest.mark.parametrize(
    "link", ["zoom", "meet.example.org/x", "https://", "ftp://x.org", "https://x.org/a|b", "https://x .org"]
)
def test_links_that_are_not_web_addresses_are_refused(link: str) -> None:
    assert "video_link" in _errors(_form(video_link=link))


def test_shortening_a_series_cancels_the_meetings_it_no_longer_has(session_factory: SessionFactory) -> None:
    network_id = network_with_roster(session_factory, NOW)
    with session_factory.begin() as session:
        network = session.get(Network, network_id)
        assert network is not None
        meeting = create_meeting(
            session, network=network, plan=validate(_form(count="3"), zone=ZONE, now=NOW), by_user="UFAC", now=NOW
        )
        result = reschedule_meeting(
            session, meeting=meeting, plan=validate(_form(count="1"), zone=ZONE, now=NOW), now=NOW
        )
        statuses = [o.status for o in session.scalars(select(Occurrence).order_by(Occurrence.sequence))]
    assert [o.sequence for o in result.dropped] == [2, 3] and result.moved == []
    assert statuses == [OccurrenceStatus.SCHEDULED, OccurrenceStatus.CANCELLED, OccurrenceStatus.CANCELLED]
