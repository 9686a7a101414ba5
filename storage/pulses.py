"""Queries for pulse surveys; the only place that builds their SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from storage.models import (
    Meeting,
    Network,
    Occurrence,
    Pulse,
    PulseNetworkSettings,
    PulseQuestion,
    PulseWave,
    Respondent,
    WaveRecipient,
    WaveStatus,
)
from storage.scope import in_workspace
from storage.upsert import insert_for


def add_pulse(session: Session, pulse: Pulse, questions: Iterable[PulseQuestion]) -> Pulse:
    session.add(pulse)
    session.flush()
    for question in questions:
        question.pulse_id = pulse.id
        session.add(question)
    session.flush()
    return pulse


def add_wave(session: Session, *, pulse_id: int, number: int, opens_at: datetime, deadline: datetime) -> PulseWave:
    wave = PulseWave(
        pulse_id=pulse_id,
        number=number,
        status=WaveStatus.SCHEDULED,
        opens_at=opens_at,
        deadline=deadline,
        reminders_sent=0,
        unreachable=0,
    )
    session.add(wave)
    session.flush()
    return wave


def get_pulse(session: Session, *, pulse_id: int) -> Pulse | None:
    return session.get(Pulse, pulse_id)


def get_wave(session: Session, *, wave_id: int) -> PulseWave | None:
    return session.get(PulseWave, wave_id)


def lock_wave(session: Session, *, wave_id: int) -> PulseWave | None:
    """The wave, locked against a concurrent opener or closer (PostgreSQL; SQLite locks the whole file)."""
    return session.scalar(select(PulseWave).where(PulseWave.id == wave_id).with_for_update())


def share_lock_wave(session: Session, *, wave_id: int) -> PulseWave | None:
    """The wave, fresh and share-locked: answers may be written side by side, but not while it closes."""
    return session.scalar(
        select(PulseWave)
        .where(PulseWave.id == wave_id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )


def questions(session: Session, *, pulse_id: int) -> Sequence[PulseQuestion]:
    return session.scalars(
        select(PulseQuestion).where(PulseQuestion.pulse_id == pulse_id).order_by(PulseQuestion.position)
    ).all()


def waves(session: Session, *, pulse_id: int) -> Sequence[PulseWave]:
    return session.scalars(select(PulseWave).where(PulseWave.pulse_id == pulse_id).order_by(PulseWave.number)).all()


def pulses_for_network(session: Session, *, network_id: int) -> Sequence[Pulse]:
    return session.scalars(select(Pulse).where(Pulse.network_id == network_id).order_by(Pulse.id.desc())).all()


def network_of(session: Session, *, pulse: Pulse) -> Network:
    network = session.get(Network, pulse.network_id)
    assert network is not None  # a foreign key with ON DELETE CASCADE
    return network


def _in_workspace(team_id: str | None) -> ColumnElement[bool]:
    """Waves of pulses in workspace ``team_id`` (every workspace for None)."""
    if team_id is None:
        return true()  # no subquery when the run covers every workspace
    return PulseWave.pulse_id.in_(select(Pulse.id).where(Pulse.team_id == team_id))


def waves_due_to_open(session: Session, *, now: datetime, team_id: str | None = None) -> list[int]:
    return list(
        session.scalars(
            select(PulseWave.id)
            .where(PulseWave.status == WaveStatus.SCHEDULED, PulseWave.opens_at <= now, _in_workspace(team_id))
            .order_by(PulseWave.opens_at, PulseWave.id)
        )
    )


def waves_due_to_close(session: Session, *, now: datetime, team_id: str | None = None) -> list[int]:
    return list(
        session.scalars(
            select(PulseWave.id)
            .where(PulseWave.status == WaveStatus.OPEN, PulseWave.deadline <= now, _in_workspace(team_id))
            .order_by(PulseWave.deadline, PulseWave.id)
        )
    )


def open_anonymous_wave_ids(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(PulseWave.id)
            .join(Pulse, Pulse.id == PulseWave.pulse_id)
            .where(PulseWave.status == WaveStatus.OPEN, Pulse.anonymous.is_(True))
            .order_by(PulseWave.id)
        )
    )


def open_waves(session: Session, *, team_id: str | None = None) -> Sequence[PulseWave]:
    """Open waves of pulses in workspace ``team_id`` (every workspace for None)."""
    return session.scalars(
        select(PulseWave).where(PulseWave.status == WaveStatus.OPEN, _in_workspace(team_id)).order_by(PulseWave.id)
    ).all()


def scheduled_waves(session: Session, *, pulse_id: int) -> Sequence[PulseWave]:
    return session.scalars(
        select(PulseWave).where(PulseWave.pulse_id == pulse_id, PulseWave.status == WaveStatus.SCHEDULED)
    ).all()


def delete_wave(session: Session, *, wave: PulseWave) -> None:
    session.delete(wave)
    session.flush()


def add_recipients(session: Session, *, wave_id: int, rows: Iterable[tuple[str, str | None, str | None]]) -> None:
    values = [{"wave_id": wave_id, "user_id": u, "state": s, "agency": a} for u, s, a in rows]
    if values:
        session.execute(insert_for(session, WaveRecipient.__table__).on_conflict_do_nothing(), values)


def recipients(session: Session, *, wave_id: int) -> Sequence[WaveRecipient]:
    return session.scalars(
        select(WaveRecipient).where(WaveRecipient.wave_id == wave_id).order_by(WaveRecipient.user_id)
    ).all()


def get_recipient(session: Session, *, wave_id: int, user_id: str) -> WaveRecipient | None:
    return session.scalar(
        select(WaveRecipient).where(WaveRecipient.wave_id == wave_id, WaveRecipient.user_id == user_id)
    )


def min_group_size(session: Session, *, network_id: int) -> int | None:
    return session.scalar(
        select(PulseNetworkSettings.min_group_size).where(PulseNetworkSettings.network_id == network_id)
    )


def set_min_group_size(session: Session, *, network_id: int, size: int) -> None:
    statement = insert_for(session, PulseNetworkSettings.__table__).values(network_id=network_id, min_group_size=size)
    session.execute(statement.on_conflict_do_update(index_elements=["network_id"], set_={"min_group_size": size}))


def waiting_waves(session: Session, *, team_id: str, user_id: str) -> Sequence[tuple[PulseWave, Pulse]]:
    """Open waves the person was sent and has not answered."""
    answered = select(Respondent.wave_id).where(Respondent.user_id == user_id)
    rows = session.execute(
        select(PulseWave, Pulse)
        .join(Pulse, Pulse.id == PulseWave.pulse_id)
        .join(WaveRecipient, WaveRecipient.wave_id == PulseWave.id)
        .where(
            Pulse.team_id == team_id,
            PulseWave.status == WaveStatus.OPEN,
            WaveRecipient.user_id == user_id,
            PulseWave.id.not_in(answered),
        )
        .order_by(PulseWave.deadline)
    )
    return [(row[0], row[1]) for row in rows]


@dataclass(frozen=True)
class EndedOccurrence:
    """A meeting that has ended, seen from a pulse that follows its series."""

    pulse_id: int
    pulse_created_at: datetime
    occurrence_id: int
    end_utc: datetime
    status: str


def ended_occurrences_without_wave(
    session: Session, *, recurrence: str, now: datetime, team_id: str | None = None
) -> list[EndedOccurrence]:
    """Occurrences ended by ``now`` (and since the pulse was made) of the series followed by pulses of ``recurrence``.

    Only those without a wave of that pulse yet, so each run looks at a handful of rows
    rather than the whole history.
    """
    has_wave = (
        select(PulseWave.id).where(PulseWave.pulse_id == Pulse.id, PulseWave.occurrence_id == Occurrence.id).exists()
    )
    rows = session.execute(
        select(Pulse.id, Pulse.created_at, Occurrence.id, Occurrence.end_utc, Occurrence.status)
        .join(Occurrence, Occurrence.meeting_id == Pulse.meeting_id)
        .where(
            Pulse.recurrence == recurrence,
            Occurrence.end_utc <= now,
            Occurrence.end_utc >= Pulse.created_at,
            ~has_wave,
            in_workspace(Pulse.team_id, team_id),
        )
        .order_by(Occurrence.end_utc, Occurrence.id, Pulse.id)
    )
    return [EndedOccurrence(*row) for row in rows]


def lock_pulse(session: Session, *, pulse_id: int) -> Pulse | None:
    """The pulse, fresh and locked, so two clocks numbering its next wave take turns (PostgreSQL)."""
    return session.scalar(
        select(Pulse).where(Pulse.id == pulse_id).with_for_update().execution_options(populate_existing=True)
    )


def next_wave_number(session: Session, *, pulse_id: int) -> int:
    highest = session.scalar(select(func.max(PulseWave.number)).where(PulseWave.pulse_id == pulse_id))
    return int(highest or 0) + 1


def add_occurrence_wave(
    session: Session, *, pulse_id: int, number: int, occurrence_id: int, opens_at: datetime, deadline: datetime
) -> bool:
    """Add the pulse's wave for a meeting occurrence; False if that occurrence already has one."""
    statement = (
        insert_for(session, PulseWave.__table__)
        .values(
            pulse_id=pulse_id,
            number=number,
            occurrence_id=occurrence_id,
            status=WaveStatus.SCHEDULED,
            opens_at=opens_at,
            deadline=deadline,
            reminders_sent=0,
            unreachable=0,
        )
        .on_conflict_do_nothing(index_elements=["pulse_id", "occurrence_id"])
        .returning(PulseWave.id)
    )
    return session.execute(statement).first() is not None


def followed_meeting(session: Session, *, occurrence_id: int) -> tuple[str, datetime] | None:
    """The title and start of the meeting occurrence a wave follows."""
    row = session.execute(
        select(Meeting.title, Occurrence.start_utc)
        .join(Occurrence, Occurrence.meeting_id == Meeting.id)
        .where(Occurrence.id == occurrence_id)
    ).first()
    return (row[0], row[1]) if row else None
