"""A dead worker's task on PostgreSQL's job queue: put back whatever the clock queued meanwhile, never twice,
and the clock's warning names the stuck task, its age and its silent worker."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import procrastinate
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.queue import clock_queue, worker_queue
from jobs.queue import Recovered, behind_warning, enqueue_minute, recover_stalled

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the job queue lives in PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL database",
)
STALLED = timedelta(seconds=20)


def _minute(n: int) -> datetime:
    return datetime(2026, 1, 5, 12, n, tzinfo=UTC)


@pytest.fixture
def queue(engine: Engine, settings: Settings) -> Iterator[procrastinate.App]:
    def empty() -> None:
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE"))

    empty()
    app = clock_queue(settings)
    yield app
    app.close()
    empty()


def _worker_takes_a_task(engine: Engine, *, silent_for: float) -> tuple[int, int]:
    """A worker claims the next task the way procrastinate's does, then falls silent ``silent_for`` seconds ago."""
    with engine.begin() as connection:
        worker = connection.execute(text("INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id")).scalar_one()
        job = connection.execute(text("SELECT id FROM procrastinate_fetch_job_v2(NULL, :w)"), {"w": worker}).scalar()
        connection.execute(
            text("UPDATE procrastinate_workers SET last_heartbeat = now() - make_interval(secs => :s) WHERE id = :w"),
            {"s": silent_for, "w": worker},
        )
    assert job is not None
    return worker, job


def _statuses(engine: Engine) -> dict[int, str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, status FROM procrastinate_jobs ORDER BY id")).all()
    return {row.id: str(row.status) for row in rows}


def _recover(settings: Settings, *, silent_for: float, workers: int = 1) -> list[list[Recovered]]:
    async def run() -> list[list[Recovered]]:
        apps = [worker_queue(settings) for _ in range(workers)]
        for app in apps:
            await app.open_async()
        try:
            return list(
                await asyncio.gather(*(recover_stalled(app.job_manager, silent_for=silent_for) for app in apps))
            )
        finally:
            for app in apps:
                await app.close_async()

    return asyncio.run(run())


def test_a_dead_workers_task_goes_back_in_place_of_the_minute_the_clock_queued_meanwhile(
    engine: Engine, settings: Settings, queue: procrastinate.App
) -> None:
    enqueue_minute(queue, ["T1"], minute=_minute(1))
    worker, stuck = _worker_takes_a_task(engine, silent_for=60)
    assert enqueue_minute(queue, ["T1"], minute=_minute(2)).enqueued == 1  # the next minute, queued behind the lock
    behind = enqueue_minute(queue, ["T1"], minute=_minute(3))
    assert behind.still_waiting == ("T1",)

    warning = behind_warning(queue, behind.still_waiting, stalled_after=STALLED)
    assert f"task #{stuck}" in warning and f"worker #{worker}" in warning and "presumed dead" in warning
    assert "workspace:T1" in warning

    (found,) = _recover(settings, silent_for=15)

    assert found == [Recovered(stuck, "workspace:T1", (stuck + 1,))]
    assert _statuses(engine) == {stuck: "todo"}, "the put-back task (covering 12:01 on) is the workspace's only one"
    assert _recover(settings, silent_for=15) == [[]], "nothing stuck any more"


def test_a_dead_workers_task_with_nothing_queued_behind_it_simply_goes_back(
    engine: Engine, settings: Settings, queue: procrastinate.App
) -> None:
    enqueue_minute(queue, ["T1", "T2"], minute=_minute(1))
    _worker_takes_a_task(engine, silent_for=60)

    (found,) = _recover(settings, silent_for=15)

    assert [(r.lock, r.instead_of) for r in found] == [("workspace:T1", ())]
    assert sorted(_statuses(engine).values()) == ["todo", "todo"]


def test_a_live_workers_task_is_left_alone(engine: Engine, settings: Settings, queue: procrastinate.App) -> None:
    enqueue_minute(queue, ["T1"], minute=_minute(1))
    _, running = _worker_takes_a_task(engine, silent_for=3)

    assert _recover(settings, silent_for=15) == [[]]
    assert _statuses(engine) == {running: "doing"}
    behind = enqueue_minute(queue, ["T1"], minute=_minute(2))
    enqueue_minute(queue, ["T1"], minute=_minute(3))
    assert behind.enqueued == 1
    warning = behind_warning(queue, ("T1",), stalled_after=STALLED)
    assert "alive" in warning and f"task #{running}" in warning


def test_two_workers_finding_the_same_dead_task_put_it_back_once(
    engine: Engine, settings: Settings, queue: procrastinate.App
) -> None:
    enqueue_minute(queue, ["T1"], minute=_minute(1))
    _, stuck = _worker_takes_a_task(engine, silent_for=60)
    enqueue_minute(queue, ["T1"], minute=_minute(2))

    found = _recover(settings, silent_for=15, workers=2)

    assert sorted(len(f) for f in found) == [0, 1]
    assert _statuses(engine) == {stuck: "todo"}


def test_with_no_worker_alive_the_clock_says_so(engine: Engine, queue: procrastinate.App) -> None:
    enqueue_minute(queue, ["T1"], minute=_minute(1))
    behind = enqueue_minute(queue, ["T1"], minute=_minute(2))

    warning = behind_warning(queue, behind.still_waiting, stalled_after=STALLED)

    assert "no `peerbot worker` has sent a heartbeat" in warning
