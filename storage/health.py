"""Health figures read from the database: the clock's heartbeat, the job queue's wait, deliveries by status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from storage.models import Delivery, ProcessHeartbeat
from storage.upsert import insert_for

CLOCK = "clock"


@dataclass(frozen=True)
class QueueWait:
    """Tasks waiting on the job queue now (due, not yet claimed by a worker), and how long the oldest has waited."""

    depth: int
    oldest_seconds: float | None


def record_heartbeat(session: Session, *, process: str, now: datetime) -> None:
    statement = insert_for(session, ProcessHeartbeat.__table__).values(process=process, beat_at=now)
    session.execute(statement.on_conflict_do_update(index_elements=["process"], set_={"beat_at": now}))
    session.flush()


def last_heartbeat(session: Session, *, process: str) -> datetime | None:
    return session.scalar(select(ProcessHeartbeat.beat_at).where(ProcessHeartbeat.process == process))


# A task's wait starts at its latest event (deferred, or put back after a stalled worker) or its scheduled time.
_QUEUE_WAIT = text(
    """
    SELECT count(*), EXTRACT(EPOCH FROM now() - min(waiting_since))
    FROM (
        SELECT GREATEST(
            (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id), j.scheduled_at
        ) AS waiting_since
        FROM procrastinate_jobs j
        WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
    ) AS waiting
    """
)


def job_queue_wait(session: Session) -> QueueWait | None:
    """The PostgreSQL job queue's depth and oldest waiting task; None on SQLite (there is no queue)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    depth, oldest = session.execute(_QUEUE_WAIT).one()
    return QueueWait(int(depth), None if oldest is None else max(float(oldest), 0.0))


def deliveries_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
    return {str(getattr(status, "value", status)): int(count) for status, count in rows}
