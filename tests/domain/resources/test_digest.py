"""When the weekly digest is due, in the network's own time zone, and under which key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import PeerbotError
from domain.resources.digest import DigestTime, due_digest, parse_digest_time
from storage.models import Network

MONDAY_9 = DigestTime(0, 9, 0)


def _network(zone: str) -> Network:
    return Network(id=7, timezone=zone)


def test_due_from_the_local_time_until_the_week_ends() -> None:
    chicago = _network("America/Chicago")
    assert due_digest(network=chicago, when=MONDAY_9, now=datetime(2026, 1, 5, 14, 59, tzinfo=UTC)) is None
    due = due_digest(network=chicago, when=MONDAY_9, now=datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
    assert due is not None and due.key == "digest:7:2026-W02"
    assert (due.start, due.end) == (datetime(2025, 12, 29, 15, tzinfo=UTC), datetime(2026, 1, 5, 15, tzinfo=UTC))
    later = due_digest(network=chicago, when=MONDAY_9, now=datetime(2026, 1, 11, 23, 0, tzinfo=UTC))
    assert later is not None and later.key == due.key


def test_the_week_covers_seven_local_days_across_a_clock_change() -> None:
    # US clocks spring forward on 2026-03-08: the window still starts at 09:00 local the Monday before.
    due = due_digest(network=_network("America/New_York"), when=MONDAY_9, now=datetime(2026, 3, 9, 13, 0, tzinfo=UTC))
    assert due is not None
    assert (due.start, due.end) == (datetime(2026, 3, 2, 14, tzinfo=UTC), datetime(2026, 3, 9, 13, tzinfo=UTC))


def test_the_iso_week_is_the_local_one() -> None:
    # Sunday 23:30 in Honolulu is already Monday in UTC: still the old week there.
    due = due_digest(
        network=_network("Pacific/Honolulu"), when=DigestTime(6, 23, 0), now=datetime(2026, 1, 12, 9, 30, tzinfo=UTC)
    )
    assert due is not None and due.key == "digest:7:2026-W02"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["monday", "09:00"], DigestTime(0, 9, 0)),
        (["Fri", "16:30"], DigestTime(4, 16, 30)),
        (["sun", "7"], DigestTime(6, 7, 0)),
    ],
)
def test_facilitators_write_the_time_naturally(words: list[str], expected: DigestTime) -> None:
    assert parse_digest_time(words) == expected


@pytest.mark.parametrize("words", [["someday", "09:00"], ["monday", "25:00"], ["monday"], ["t", "9"], ["mon", "9:75"]])
def test_nonsense_times_are_refused(words: list[str]) -> None:
    with pytest.raises(PeerbotError):
        parse_digest_time(words)
