"""Health figures in the database: the clock's heartbeat (both backends), the job queue's wait (PostgreSQL)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.queue import clock_queue
from jobs.queue import enqueue_minute
from storage import health as health_store
from storage.db import SessionFactory

NOW = datetime(2026, 12, 8, 9, 15, tzinfo=UTC)


def test_the_heartbeat_is_one_row_moved_forward(session_factory: SessionFactory) -> None:
    with session_factory() as session:
        assert health_store.last_heartbeat(session, process=health_store.CLOCK) is None
    for beat in (NOW, NOW + timedelta(minutes=1)):
        with session_factory.begin() as session:
            health_store.record_heartbeat(session, process=health_store.CLOCK, now=beat)
    with session_factory() as session:
        assert health_store.last_heartbeat(session, process=health_store.CLOCK) == NOW + timedelta(minutes=1)


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the job queue lives in PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL database",
)
def test_the_queue_wait_counts_due_tasks_and_ages_the_oldest(engine: Engine, settings: Settings) -> None:
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    queue = clock_queue(settings)
    try:
        with Session(engine) as session:
            assert health_store.job_queue_wait(session) == health_store.QueueWait(0, None)
        enqueue_minute(queue, ["T1", "T2"], minute=datetime.now(UTC))
        with engine.begin() as connection:
            # The first task was enqueued six minutes ago and no worker took it.
            connection.execute(
                text("UPDATE procrastinate_events SET at = now() - interval '6 minutes' WHERE job_id = 1")
            )
        with Session(engine) as session:
            wait = health_store.job_queue_wait(session)
    finally:
        queue.close()
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    assert wait is not None and wait.depth == 2
    assert wait.oldest_seconds is not None and 355 < wait.oldest_seconds < 420
