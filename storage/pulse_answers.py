"""Queries for pulse answers: who responded, the responses, and the sealed pool of anonymous answers waiting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import PendingAnswer, Respondent, Response
from storage.upsert import insert_for


def respondent_ids(session: Session, *, wave_id: int) -> set[str]:
    return set(session.scalars(select(Respondent.user_id).where(Respondent.wave_id == wave_id)))


def answered_states(session: Session, *, wave_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Respondent.state_unit).where(Respondent.wave_id == wave_id, Respondent.state_unit.is_not(None))
        )
    )


def claim_respondent(session: Session, *, wave_id: int, user_id: str, state_unit: str | None) -> bool:
    """Record that the person answered; False when they (or, per state, their state) already had."""
    statement = (
        insert_for(session, Respondent.__table__)
        .values(wave_id=wave_id, user_id=user_id, state_unit=state_unit)
        .on_conflict_do_nothing()
        .returning(Respondent.wave_id)
    )
    # RETURNING, not rowcount: SQLAlchemy 2.1 with psycopg reports -1 for ON CONFLICT inserts.
    return session.execute(statement).first() is not None


def has_responded(session: Session, *, wave_id: int, user_id: str) -> bool:
    found = session.scalar(
        select(Respondent.user_id).where(Respondent.wave_id == wave_id, Respondent.user_id == user_id)
    )
    return found is not None


def add_response(session: Session, **values: Any) -> None:
    session.execute(insert_for(session, Response.__table__).values(**values))


def replace_answers_by_user(session: Session, *, wave_id: int, user_id: str, answers: str) -> bool:
    result = session.execute(
        update(Response)
        .where(Response.wave_id == wave_id, Response.user_id == user_id)
        .values(answers=answers)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def replace_answers_by_key(session: Session, *, wave_id: int, key_hash: str, answers: str) -> bool:
    result = session.execute(
        update(Response)
        .where(Response.wave_id == wave_id, Response.change_key_hash == key_hash)
        .values(answers=answers)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def answer_key(session: Session) -> bytes | None:
    """The key that seals anonymous answers, handed to the session factory by the composition root."""
    key = session.info.get("answer_key")
    return key if isinstance(key, bytes) else None


def add_pending(session: Session, *, id: str, wave_id: int, sealed: str) -> None:
    session.execute(insert_for(session, PendingAnswer.__table__).values(id=id, wave_id=wave_id, sealed=sealed))


def pending(session: Session, *, wave_id: int) -> list[tuple[str, str]]:
    """(id, sealed) of the wave's waiting answers, by random id."""
    rows = session.execute(
        select(PendingAnswer.id, PendingAnswer.sealed)
        .where(PendingAnswer.wave_id == wave_id)
        .order_by(PendingAnswer.id)
    )
    return [(row[0], row[1]) for row in rows]


def reseal_pending(session: Session, *, id: str, sealed: str) -> None:
    session.execute(
        update(PendingAnswer)
        .where(PendingAnswer.id == id)
        .values(sealed=sealed)
        .execution_options(synchronize_session=False)
    )


def remove_pending(session: Session, *, ids: Sequence[str]) -> None:
    if ids:
        session.execute(
            delete(PendingAnswer).where(PendingAnswer.id.in_(ids)).execution_options(synchronize_session=False)
        )


def answers_by_user(session: Session, *, wave_id: int, user_id: str) -> str | None:
    return session.scalar(select(Response.answers).where(Response.wave_id == wave_id, Response.user_id == user_id))


def answers_by_key(session: Session, *, wave_id: int, key_hash: str) -> str | None:
    return session.scalar(
        select(Response.answers).where(Response.wave_id == wave_id, Response.change_key_hash == key_hash)
    )


def responses(session: Session, *, wave_ids: Sequence[int]) -> Sequence[Response]:
    """Responses ordered by what they say, never by when they were written."""
    return session.scalars(
        select(Response)
        .where(Response.wave_id.in_(wave_ids))
        .order_by(Response.wave_id, Response.answers, Response.group_state, Response.id)
    ).all()


def rewrite_responses(session: Session, *, wave_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Replace a wave's responses with ``rows``, so their storage order is the order given."""
    session.execute(delete(Response).where(Response.wave_id == wave_id).execution_options(synchronize_session=False))
    session.expire_all()
    if rows:
        session.execute(insert_for(session, Response.__table__), list(rows))
