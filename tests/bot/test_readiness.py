"""/readyz judges: the clock ran within 3 minutes, no task waited more than 5, a fresh deploy is not ready."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.health import check_readiness, judge
from domain.clock import Clock
from storage import health as health_store
from storage.db import SessionFactory
from storage.health import QueueWait
from tests.support.clock import FakeClock

NOW = datetime(2026, 12, 8, 9, 15, tzinfo=UTC)


def test_a_clock_that_ran_a_minute_ago_and_an_empty_queue_are_ready() -> None:
    readiness = judge(last_beat=NOW - timedelta(seconds=61), now=NOW, queue=QueueWait(0, None))

    assert readiness.ready
    assert readiness.report == {
        "ready": True,
        "problems": [],
        "clock": {"last_ran": "2026-12-08T09:13:59+00:00", "seconds_ago": 61, "silent_limit_seconds": 180},
        "queue": {"waiting": 0, "oldest_waiting_seconds": None, "waiting_limit_seconds": 300},
    }


def test_a_clock_silent_for_more_than_three_minutes_is_not_ready() -> None:
    assert judge(last_beat=NOW - timedelta(seconds=180), now=NOW, queue=None).ready
    readiness = judge(last_beat=NOW - timedelta(seconds=181), now=NOW, queue=None)

    assert not readiness.ready
    assert readiness.report["problems"] == [
        "the clock last ran 181 seconds ago (limit 180): is `peerbot clock` running?"
    ]


def test_a_task_waiting_more_than_five_minutes_is_not_ready() -> None:
    beat = NOW - timedelta(seconds=5)
    assert judge(last_beat=beat, now=NOW, queue=QueueWait(40, 300.0)).ready
    readiness = judge(last_beat=beat, now=NOW, queue=QueueWait(40, 301.5))

    assert not readiness.ready and readiness.report["queue"]["waiting"] == 40
    assert readiness.report["problems"] == [
        "a task has waited 301 seconds for a worker (limit 300): are `peerbot worker` processes running?"
    ]


def test_a_clock_that_never_ran_is_not_ready_and_says_so() -> None:
    readiness = judge(last_beat=None, now=NOW, queue=None)

    assert not readiness.ready
    assert readiness.report["problems"] == ["the clock has never run: start `peerbot clock` (exactly one)"]
    assert readiness.report["clock"]["last_ran"] is None and readiness.report["queue"] is None


def test_readiness_reads_the_heartbeat_the_clock_recorded(session_factory: SessionFactory) -> None:
    engine = session_factory.kw["bind"]
    clock: Clock = FakeClock(NOW)
    assert not check_readiness(engine, clock).ready

    with session_factory.begin() as session:
        health_store.record_heartbeat(session, process=health_store.CLOCK, now=NOW - timedelta(minutes=10))
    with session_factory.begin() as session:
        health_store.record_heartbeat(session, process=health_store.CLOCK, now=NOW - timedelta(seconds=30))

    readiness = check_readiness(engine, clock)
    assert readiness.ready, json.dumps(readiness.report)
    assert readiness.report["clock"]["seconds_ago"] == 30
    if engine.dialect.name == "sqlite":
        assert readiness.report["queue"] is None
