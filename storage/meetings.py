"""Queries for meetings, occurrences and RSVPs; the only place that builds their SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.models import (
    AgendaSuggestion,
    AgendaVote,
    Attendance,
    AttendanceSource,
    Meeting,
    Member,
    Occurrence,
    OccurrenceStatus,
    Rsvp,
    RsvpAnswer,
)
from storage.upsert import insert_for


def get_meeting(session: Session, *, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def get_occurrence(session: Session, *, occurrence_id: int) -> Occurrence | None:
    return session.get(Occurrence, occurrence_id)


def occurrences_of(session: Session, *, meeting_id: int) -> Sequence[Occurrence]:
    return session.scalars(
        select(Occurrence).where(Occurrence.meeting_id == meeting_id).order_by(Occurrence.sequence)
    ).all()


def next_sequence(session: Session, *, meeting_id: int) -> int:
    highest = session.scalar(select(func.max(Occurrence.sequence)).where(Occurrence.meeting_id == meeting_id))
    return int(highest or 0) + 1


def upcoming_occurrences(
    session: Session, *, network_id: int, now: datetime, limit: int, include_running: bool = False
) -> Sequence[Occurrence]:
    """Scheduled occurrences not yet started (or, with include_running, not yet ended), soonest first."""
    edge = Occurrence.end_utc if include_running else Occurrence.start_utc
    return session.scalars(
        select(Occurrence)
        .where(
            Occurrence.network_id == network_id,
            Occurrence.status == OccurrenceStatus.SCHEDULED,
            edge > now,
        )
        .order_by(Occurrence.start_utc, Occurrence.id)
        .limit(limit)
    ).all()


def past_occurrences(
    session: Session, *, network_id: int, now: datetime, meeting_id: int | None, limit: int
) -> Sequence[Occurrence]:
    """Held (started, not cancelled) occurrences, newest first."""
    query = select(Occurrence).where(
        Occurrence.network_id == network_id,
        Occurrence.status == OccurrenceStatus.SCHEDULED,
        Occurrence.start_utc <= now,
    )
    if meeting_id is not None:
        query = query.where(Occurrence.meeting_id == meeting_id)
    return session.scalars(query.order_by(Occurrence.start_utc.desc(), Occurrence.id.desc()).limit(limit)).all()


def held_between(session: Session, *, network_id: int, start: datetime | None, end: datetime) -> Sequence[Occurrence]:
    """Occurrences held (not cancelled) that started in [start, end) (no lower bound without start), oldest first."""
    query = select(Occurrence).where(
        Occurrence.network_id == network_id,
        Occurrence.status == OccurrenceStatus.SCHEDULED,
        Occurrence.start_utc < end,
    )
    if start is not None:
        query = query.where(Occurrence.start_utc >= start)
    return session.scalars(query.order_by(Occurrence.start_utc, Occurrence.id)).all()


def occurrences_starting_between(session: Session, *, after: datetime, until: datetime) -> Sequence[Occurrence]:
    """Scheduled occurrences with after < start <= until, in every network."""
    return session.scalars(
        select(Occurrence)
        .where(
            Occurrence.status == OccurrenceStatus.SCHEDULED,
            Occurrence.start_utc > after,
            Occurrence.start_utc <= until,
        )
        .order_by(Occurrence.start_utc, Occurrence.id)
    ).all()


def meetings_by_id(session: Session, *, meeting_ids: set[int]) -> dict[int, Meeting]:
    if not meeting_ids:
        return {}
    return {m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))}


def active_meetings(session: Session, *, network_id: int, now: datetime) -> Sequence[Meeting]:
    """Series with at least one scheduled occurrence still to start."""
    upcoming = (
        select(Occurrence.meeting_id)
        .where(Occurrence.status == OccurrenceStatus.SCHEDULED, Occurrence.start_utc > now)
        .distinct()
    )
    return session.scalars(
        select(Meeting).where(Meeting.network_id == network_id, Meeting.id.in_(upcoming)).order_by(Meeting.id)
    ).all()


def save_rsvp(session: Session, *, occurrence_id: int, user_id: str, answer: RsvpAnswer, now: datetime) -> None:
    """One row per person and occurrence, however many clicks race; the last answer wins."""
    statement = insert_for(session, Rsvp.__table__).values(
        occurrence_id=occurrence_id, user_id=user_id, answer=answer, answered_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["occurrence_id", "user_id"], set_={"answer": answer, "answered_at": now}
        )
    )


def bump_card_version(session: Session, *, occurrence_id: int) -> int:
    session.execute(
        update(Occurrence)
        .where(Occurrence.id == occurrence_id)
        .values(card_version=Occurrence.card_version + 1)
        .execution_options(synchronize_session=False)
    )
    return int(session.scalar(select(Occurrence.card_version).where(Occurrence.id == occurrence_id)) or 0)


def card_version(session: Session, *, occurrence_id: int) -> int:
    return int(session.scalar(select(Occurrence.card_version).where(Occurrence.id == occurrence_id)) or 0)


def rsvps_for(session: Session, *, occurrence_id: int) -> Sequence[Rsvp]:
    return session.scalars(
        select(Rsvp).where(Rsvp.occurrence_id == occurrence_id).order_by(Rsvp.answered_at, Rsvp.id)
    ).all()


def rsvp_counts(session: Session, *, occurrence_id: int) -> dict[RsvpAnswer, int]:
    """How many people gave each answer: one aggregate row per answer, no RSVP rows loaded."""
    rows = session.execute(
        select(Rsvp.answer, func.count()).where(Rsvp.occurrence_id == occurrence_id).group_by(Rsvp.answer)
    )
    return {answer: int(count) for answer, count in rows}


def first_answering(session: Session, *, occurrence_id: int, answer: RsvpAnswer, limit: int) -> list[str]:
    """The first ``limit`` people to give ``answer``, earliest first (the names a card shows)."""
    return list(
        session.scalars(
            select(Rsvp.user_id)
            .where(Rsvp.occurrence_id == occurrence_id, Rsvp.answer == answer)
            .order_by(Rsvp.answered_at, Rsvp.id)
            .limit(limit)
        )
    )


def rsvp_answers(session: Session, *, occurrence_ids: Sequence[int], user_id: str) -> dict[int, RsvpAnswer]:
    if not occurrence_ids:
        return {}
    rows = session.execute(
        select(Rsvp.occurrence_id, Rsvp.answer).where(Rsvp.occurrence_id.in_(occurrence_ids), Rsvp.user_id == user_id)
    )
    return {occurrence_id: answer for occurrence_id, answer in rows}


def dm_reminder_recipients(session: Session, *, occurrence_id: int, network_id: int) -> list[str]:
    """People who said Going or Maybe and haven't turned reminder DMs off."""
    opted_out = select(Member.user_id).where(Member.network_id == network_id, Member.dm_reminders.is_(False))
    return list(
        session.scalars(
            select(Rsvp.user_id)
            .where(
                Rsvp.occurrence_id == occurrence_id,
                Rsvp.answer.in_([RsvpAnswer.GOING, RsvpAnswer.MAYBE]),
                Rsvp.user_id.not_in(opted_out),
            )
            .order_by(Rsvp.user_id)
        )
    )


def set_dm_reminders(session: Session, *, network_id: int, user_id: str, enabled: bool, now: datetime) -> bool:
    result = session.execute(
        update(Member)
        .where(Member.network_id == network_id, Member.user_id == user_id)
        .values(dm_reminders=enabled, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def add_suggestion(
    session: Session, *, occurrence_id: int, user_id: str, topic: str, now: datetime
) -> AgendaSuggestion:
    suggestion = AgendaSuggestion(
        occurrence_id=occurrence_id, user_id=user_id, topic=topic, on_agenda=False, author_told=False, created_at=now
    )
    session.add(suggestion)
    session.flush()
    return suggestion


def get_suggestion(session: Session, *, suggestion_id: int) -> AgendaSuggestion | None:
    return session.get(AgendaSuggestion, suggestion_id)


def ranked(session: Session, *, occurrence_id: int) -> list[tuple[AgendaSuggestion, int]]:
    """Suggestions for an occurrence with their vote counts, most votes first, then oldest first."""
    votes = func.count(AgendaVote.id)
    rows = session.execute(
        select(AgendaSuggestion, votes)
        .outerjoin(AgendaVote, AgendaVote.suggestion_id == AgendaSuggestion.id)
        .where(AgendaSuggestion.occurrence_id == occurrence_id)
        .group_by(AgendaSuggestion.id)
        .order_by(votes.desc(), AgendaSuggestion.created_at, AgendaSuggestion.id)
    ).all()
    return [(suggestion, int(count)) for suggestion, count in rows]


def add_vote(session: Session, *, suggestion_id: int, user_id: str, now: datetime) -> bool:
    """False if the person had already voted for it (the database keeps one vote each)."""
    statement = (
        insert_for(session, AgendaVote.__table__)
        .values(suggestion_id=suggestion_id, user_id=user_id, voted_at=now)
        .on_conflict_do_nothing(index_elements=["suggestion_id", "user_id"])
        .returning(AgendaVote.__table__.c.id)
    )
    # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
    return session.execute(statement).scalar() is not None


def put_on_agenda(session: Session, *, occurrence_id: int, suggestion_ids: Sequence[int]) -> list[AgendaSuggestion]:
    """Mark suggestions as on the agenda; returns those whose authors haven't been told yet (now marked told)."""
    if not suggestion_ids:
        return []
    chosen = list(
        session.scalars(
            select(AgendaSuggestion).where(
                AgendaSuggestion.occurrence_id == occurrence_id, AgendaSuggestion.id.in_(suggestion_ids)
            )
        )
    )
    untold = [s for s in chosen if not s.author_told]
    session.execute(
        update(AgendaSuggestion)
        .where(AgendaSuggestion.id.in_([s.id for s in chosen]))
        .values(on_agenda=True, author_told=True)
        .execution_options(synchronize_session=False)
    )
    return untold


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
