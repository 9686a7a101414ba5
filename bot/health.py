"""Is the deployment alive (/readyz): the clock's heartbeat and, on PostgreSQL, the job queue's wait, judged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from domain.clock import Clock
from storage import health as health_store
from storage.db import READ_ONLY
from storage.health import QueueWait

# The clock records a heartbeat every minute: three missed ones mean it has stopped (or is stuck).
CLOCK_SILENT_AFTER = timedelta(minutes=3)
# Workers claim a due task within seconds: one waiting this long means none is running, or they are far behind.
TASK_WAITING_TOO_LONG = timedelta(minutes=5)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    report: dict[str, Any]


def judge(*, last_beat: datetime | None, now: datetime, queue: QueueWait | None) -> Readiness:
    """Ready when the clock ran within 3 minutes and no task has waited more than 5. A clock that has never run
    (a fresh deploy before its first minute, or no clock process at all) is not ready: nothing would be sent."""
    problems: list[str] = []
    silent_limit = int(CLOCK_SILENT_AFTER.total_seconds())
    clock: dict[str, Any] = {"last_ran": None, "seconds_ago": None, "silent_limit_seconds": silent_limit}
    if last_beat is None:
        problems.append("the clock has never run: start `peerbot clock` (exactly one)")
    else:
        ago = max((now - last_beat).total_seconds(), 0.0)
        clock.update(last_ran=last_beat.isoformat(timespec="seconds"), seconds_ago=int(ago))
        if ago > silent_limit:
            problems.append(
                f"the clock last ran {int(ago)} seconds ago (limit {silent_limit}): is `peerbot clock` running?"
            )
    waiting_limit = int(TASK_WAITING_TOO_LONG.total_seconds())
    queue_report: dict[str, Any] | None = None
    if queue is not None:
        oldest = None if queue.oldest_seconds is None else int(queue.oldest_seconds)
        queue_report = {
            "waiting": queue.depth,
            "oldest_waiting_seconds": oldest,
            "waiting_limit_seconds": waiting_limit,
        }
        if oldest is not None and oldest > waiting_limit:
            problems.append(
                f"a task has waited {oldest} seconds for a worker (limit {waiting_limit}): "
                "are `peerbot worker` processes running?"
            )
    ready = not problems
    return Readiness(ready, {"ready": ready, "problems": problems, "clock": clock, "queue": queue_report})


def check_readiness(engine: Engine, clock: Clock) -> Readiness:
    """Read the heartbeat and the queue (read-only: takes no lock) and judge them; no database answer: not ready."""
    try:
        with Session(engine.execution_options(**{READ_ONLY: True})) as session, session.begin():
            last_beat = health_store.last_heartbeat(session, process=health_store.CLOCK)
            queue = health_store.job_queue_wait(session)
    except Exception as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        return Readiness(False, {"ready": False, "problems": [f"the database did not answer ({reason})"]})
    return judge(last_beat=last_beat, now=clock.now(), queue=queue)
