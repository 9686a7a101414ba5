"""The small-cell pass: small cells hidden, and the smallest cells that protect them from subtraction."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.report.cells import Share
from domain.report.disclosure import Ledger
from domain.report.period import Period, last_quarter


def test_a_small_cell_is_hidden_and_zero_is_shown() -> None:
    ledger = Ledger(3)
    a, b, c = ledger.count(5), ledger.count(1), ledger.count(0)
    ledger.settle()
    assert (a.shown, b.shown, c.shown) == (5, None, 0)


def test_the_smallest_cell_that_protects_a_hidden_one_from_a_total_is_hidden() -> None:
    # With the total (13) shown, showing 5 and 4 and 3 would give away the hidden 1: the 3 goes, not the 5.
    ledger = Ledger(3)
    total = ledger.count(13)
    parts = [ledger.count(n) for n in (5, 4, 3, 1)]
    ledger.relate(total, parts)
    ledger.settle()
    assert [p.shown for p in parts] == [5, 4, None, None]
    assert total.shown == 13
    assert ledger.leaks() == []


def test_groups_are_sized_by_the_people_behind_them_not_the_count() -> None:
    # 24 attendances by one person are still a figure about one person.
    ledger = Ledger(3)
    maine, vermont = ledger.count(24, {"m1"}), ledger.count(40, {"v1", "v2", "v3", "v4"})
    ledger.settle()
    assert (maine.shown, vermont.shown) == (None, 40)


def test_a_cell_given_away_through_two_relations_is_protected_where_it_helps() -> None:
    # Meeting 2's 2 is hidden; the period's total would give it back. Meeting 1's 9 is also new 9 + returning 0,
    # so hiding it protects nothing; meeting 3's 11 (its parts hidden) is hidden instead.
    ledger = Ledger(3)
    meetings = [ledger.count(9), ledger.count(2, {"a", "b"}), ledger.count(11)]
    ledger.relate(ledger.count(22), meetings)
    ledger.relate(meetings[0], [ledger.count(9), ledger.count(0)])
    ledger.relate(meetings[2], [ledger.count(1, {"c"}), ledger.count(10)])
    ledger.settle()
    assert [m.shown for m in meetings] == [9, None, None]
    assert ledger.leaks() == []


def test_a_percentage_of_a_hidden_count_is_hidden_too() -> None:
    ledger = Ledger(3)
    part, whole = ledger.count(2), ledger.count(20)
    ledger.settle()
    assert Share(part, whole).resolve() is None
    assert Share(whole, whole).resolve() == 100


def test_the_default_period_is_the_last_full_quarter() -> None:
    assert last_quarter(date(2026, 1, 5)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert last_quarter(date(2026, 5, 20)) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert len(Period(date(2024, 1, 1), date(2025, 12, 31)).month_ends()) == 24


def test_periods_are_days_in_the_networks_time_zone() -> None:
    march = Period(date(2025, 1, 1), date(2025, 3, 31), zone="America/New_York")
    evening = datetime(2025, 4, 1, 0, 0, tzinfo=UTC)  # 8 pm on 31 March in New York
    assert march.start <= evening < march.end
    assert march.local_day(evening) == date(2025, 3, 31)
