"""The small-cell rule: cells about fewer than the threshold are hidden, and so is any cell a total would give away."""

from __future__ import annotations

from datetime import date

from domain.report.cells import protect, small
from domain.report.period import Period, last_quarter


def test_a_small_cell_is_hidden_and_zero_is_shown() -> None:
    assert protect({"a": 5, "b": 1, "c": 0}, total=None, minimum=3) == {"a": 5, "b": None, "c": 0}


def test_a_cell_a_total_would_give_away_is_hidden_too() -> None:
    # With the total (9) beside them, showing 5 and 3 would give away the hidden 1.
    assert protect({"a": 5, "b": 3, "c": 1}, total=9, minimum=3) == {"a": 5, "b": None, "c": None}


def test_groups_are_sized_by_the_people_behind_them_not_the_count() -> None:
    # 24 attendances by one person are still a figure about one person.
    shown = protect({"Maine": 24, "Vermont": 40}, people={"Maine": 1, "Vermont": 4}, total=None, minimum=3)
    assert shown == {"Maine": None, "Vermont": 40}


def test_a_single_figure_below_the_threshold_is_hidden() -> None:
    assert [small(n, minimum=3) for n in (0, 1, 2, 3)] == [0, None, None, 3]


def test_the_default_period_is_the_last_full_quarter() -> None:
    assert last_quarter(date(2026, 1, 5)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert last_quarter(date(2026, 5, 20)) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert len(Period(date(2024, 1, 1), date(2025, 12, 31)).month_ends()) == 24
