"""Which reminder is due: the latest one that fell due, never one from before scheduling or after the start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.meetings.reminders import due_offset

START = datetime(2026, 1, 20, 19, 0, tzinfo=UTC)
SCHEDULED = datetime(2026, 1, 1, tzinfo=UTC)
OFFSETS = [10080, 1440, 60]


def test_nothing_is_due_before_the_first_reminder_time() -> None:
    assert due_offset(OFFSETS, start=START, now=START - timedelta(days=8), scheduled_at=SCHEDULED) is None


def test_each_reminder_is_due_from_its_own_time() -> None:
    assert due_offset(OFFSETS, start=START, now=START - timedelta(days=7), scheduled_at=SCHEDULED) == 10080
    assert due_offset(OFFSETS, start=START, now=START - timedelta(hours=23), scheduled_at=SCHEDULED) == 1440
    assert due_offset(OFFSETS, start=START, now=START - timedelta(minutes=1), scheduled_at=SCHEDULED) == 60


def test_nothing_is_due_once_the_meeting_has_started() -> None:
    assert due_offset(OFFSETS, start=START, now=START, scheduled_at=SCHEDULED) is None


def test_reminders_whose_time_passed_before_the_meeting_was_scheduled_are_never_sent() -> None:
    scheduled = START - timedelta(days=2)
    assert due_offset(OFFSETS, start=START, now=scheduled + timedelta(minutes=1), scheduled_at=scheduled) is None
    assert due_offset(OFFSETS, start=START, now=START - timedelta(hours=1), scheduled_at=scheduled) == 60
