"""The clock's timetable includes the meeting reminders, every minute."""

from __future__ import annotations

from datetime import UTC, datetime

from jobs.schedule import job_specs
from workflows.meetings import send_due_reminders


def test_the_clock_checks_for_due_reminders_every_minute() -> None:
    spec = next(s for s in job_specs() if s.name == "send_due_reminders")
    assert spec.function is send_due_reminders
    first = spec.trigger.get_next_fire_time(None, datetime(2026, 1, 5, 15, 0, 30, tzinfo=UTC))
    second = spec.trigger.get_next_fire_time(first, first)
    assert (first.minute, first.second) == (1, 0) and (second - first).total_seconds() == 60
