"""Queries for agenda suggestions and votes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import AgendaSuggestion, AgendaVote
from storage.upsert import insert_for


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
