"""Queries for attendance records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Attendance, AttendanceSource, Member
from storage.upsert import insert_for


def record(
    session: Session, *, occurrence_id: int, user_id: str, source: AttendanceSource, by: str, now: datetime
) -> bool:
    """False if the person was already recorded (the database keeps one record each)."""
    statement = (
        insert_for(session, Attendance.__table__)
        .values(occurrence_id=occurrence_id, user_id=user_id, source=source, recorded_by=by, recorded_at=now)
        .on_conflict_do_nothing(index_elements=["occurrence_id", "user_id"])
        .returning(Attendance.__table__.c.id)
    )
    return session.execute(statement).scalar() is not None


def remove(session: Session, *, occurrence_id: int, user_ids: Iterable[str]) -> None:
    ids = list(user_ids)
    if ids:
        session.execute(
            delete(Attendance).where(Attendance.occurrence_id == occurrence_id, Attendance.user_id.in_(ids))
        )


def attendees(session: Session, *, occurrence_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in occurrence_ids}
    if not occurrence_ids:
        return found
    rows = session.execute(
        select(Attendance.occurrence_id, Attendance.user_id)
        .where(Attendance.occurrence_id.in_(occurrence_ids))
        .order_by(Attendance.recorded_at, Attendance.id)
    )
    for occurrence_id, user_id in rows:
        found[occurrence_id].append(user_id)
    return found


def member_states(session: Session, *, network_id: int) -> dict[str, str | None]:
    return dict(session.execute(select(Member.user_id, Member.state).where(Member.network_id == network_id)).all())
