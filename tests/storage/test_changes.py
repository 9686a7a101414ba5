"""The change feed's storage: a change is saved with its transaction, and a surface is done only when a publish
rendered after every change on it succeeded; one lease per surface, whichever process asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import changes as feed
from storage.changes import Change, record
from storage.db import SessionFactory

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _expand(session_factory: SessionFactory, now: datetime = NOW) -> int:
    with session_factory.begin() as session:
        return feed.expand_changes(session, now=now)


def _claim(session_factory: SessionFactory, now: datetime = NOW) -> tuple[int, str] | None:
    with session_factory.begin() as session:
        return feed.claim(session, surface=feed.CARD, key="7", now=now, until=now + SECOND)


def _due(session_factory: SessionFactory, now: datetime) -> list[tuple[str, str]]:
    with session_factory.begin() as session:
        return feed.due_surfaces(session, now=now, limit=10)


def test_a_change_rolled_back_with_its_transaction_is_never_published(session_factory: SessionFactory) -> None:
    with pytest.raises(RuntimeError), session_factory.begin() as session:
        record(session, Change.occurrence_rsvps(7))
        raise RuntimeError("the use case failed")
    assert _expand(session_factory) == 0 and _due(session_factory, NOW) == []


def test_a_change_made_while_a_publish_was_on_its_way_is_published_next(session_factory: SessionFactory) -> None:
    with session_factory.begin() as session:
        record(session, Change.occurrence_rsvps(7))
    _expand(session_factory)
    claimed = _claim(session_factory)
    assert claimed is not None
    with session_factory.begin() as session:  # saved after the publish above started rendering
        record(session, Change.occurrence_rsvps(7))
    _expand(session_factory)
    with session_factory.begin() as session:
        feed.record_shown(session, surface=feed.CARD, key="7", covered=claimed[0])

    assert _due(session_factory, NOW) == []  # within the interval nobody publishes it again
    assert _due(session_factory, NOW + SECOND) == [(feed.CARD, "7")]  # then the second change is shown


def test_one_claim_per_surface_per_interval_and_none_once_everything_is_shown(session_factory: SessionFactory) -> None:
    with session_factory.begin() as session:
        record(session, *(Change.occurrence_rsvps(7) for _ in range(10)))
    assert _expand(session_factory) == 10
    first = _claim(session_factory)
    assert first is not None and first[0] == 10  # ten changes, one publish
    assert _claim(session_factory) is None  # another process, the same second
    with session_factory.begin() as session:
        feed.record_shown(session, surface=feed.CARD, key="7", covered=first[0])
    assert _claim(session_factory, NOW + SECOND) is None  # nothing left to show


def test_a_failed_publish_leaves_the_surface_pending_until_its_backoff_ends(session_factory: SessionFactory) -> None:
    with session_factory.begin() as session:
        record(session, Change.roadmap(3, "UFAC"))
    _expand(session_factory)
    with session_factory.begin() as session:
        claimed = feed.claim(session, surface=feed.ROADMAP, key="3", now=NOW, until=NOW + SECOND)
        assert claimed == (1, "UFAC")
        feed.postpone(session, surface=feed.ROADMAP, key="3", until=NOW + 4 * SECOND, failed=True)
    assert _due(session_factory, NOW + 2 * SECOND) == []
    assert _due(session_factory, NOW + 4 * SECOND) == [(feed.ROADMAP, "3")]


def test_a_card_is_published_before_a_fan_out_of_homes_recorded_earlier(session_factory: SessionFactory) -> None:
    with session_factory.begin() as session:
        record(session, *(Change.user_home("T1", f"U{n:03d}") for n in range(60)))
    _expand(session_factory, NOW - SECOND)
    with session_factory.begin() as session:
        record(session, Change.occurrence_rsvps(7))
    _expand(session_factory)
    assert _due(session_factory, NOW)[0] == (feed.CARD, "7")
