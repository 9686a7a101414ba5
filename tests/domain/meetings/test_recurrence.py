"""Recurrence expands on local wall-clock time and converts each meeting to UTC on its own date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from domain.meetings.recurrence import MAX_OCCURRENCES, Rule, describe, local_dates, to_utc
from storage.models import Recurrence


def occurrence_starts(rule: Rule, zone: str) -> list[datetime]:
    """The UTC start of every meeting the rule makes, as the scheduler pins them."""
    return [to_utc(day, rule.start_time, zone) for day in local_dates(rule)]


def test_monthly_first_tuesday_keeps_2pm_new_york_across_daylight_saving() -> None:
    rule = Rule(Recurrence.MONTHLY_WEEKDAY, date(2026, 1, 6), time(14, 0), count=8)
    starts = occurrence_starts(rule, "America/New_York")
    assert [s.date() for s in starts] == [
        date(2026, 1, 6),
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 4, 7),
        date(2026, 5, 5),
        date(2026, 6, 2),
        date(2026, 7, 7),
        date(2026, 8, 4),
    ]
    assert starts[0] == datetime(2026, 1, 6, 19, 0, tzinfo=UTC)  # EST, UTC-5
    assert starts[3] == datetime(2026, 4, 7, 18, 0, tzinfo=UTC)  # EDT, UTC-4
    assert starts[6] == datetime(2026, 7, 7, 18, 0, tzinfo=UTC)


def test_weekly_meeting_crossing_the_march_change_moves_in_utc_not_locally() -> None:
    rule = Rule(Recurrence.WEEKLY, date(2026, 3, 2), time(9, 30), count=2)
    assert occurrence_starts(rule, "America/Chicago") == [
        datetime(2026, 3, 2, 15, 30, tzinfo=UTC),
        datetime(2026, 3, 9, 14, 30, tzinfo=UTC),
    ]


def test_every_two_weeks_until_an_end_date_includes_the_end_date() -> None:
    rule = Rule(Recurrence.WEEKLY, date(2026, 1, 5), time(10, 0), interval_weeks=2, end_date=date(2026, 2, 16))
    assert local_dates(rule) == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2), date(2026, 2, 16)]


def test_last_weekday_of_month_is_kept_in_months_with_only_four() -> None:
    rule = Rule(Recurrence.MONTHLY_WEEKDAY, date(2026, 1, 29), time(12, 0), count=3)  # 5th Thursday = last
    assert local_dates(rule) == [date(2026, 1, 29), date(2026, 2, 26), date(2026, 3, 26)]
    assert describe(rule) == "Monthly on the last Thursday"


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    rule = Rule(Recurrence.MONTHLY_DAY, date(2026, 1, 31), time(12, 0), count=3)
    assert local_dates(rule) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]


def test_a_series_without_an_end_stops_at_the_horizon() -> None:
    rule = Rule(Recurrence.WEEKLY, date(2026, 1, 5), time(10, 0))
    assert len(local_dates(rule)) == MAX_OCCURRENCES


def test_a_time_skipped_by_spring_forward_moves_to_after_the_jump() -> None:
    assert to_utc(date(2026, 3, 8), time(2, 30), "America/New_York") == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_one_time_meeting_has_one_date() -> None:
    rule = Rule(Recurrence.NONE, date(2026, 1, 5), time(10, 0), count=5)
    assert local_dates(rule) == [date(2026, 1, 5)]
    assert describe(rule) == "One-time"
