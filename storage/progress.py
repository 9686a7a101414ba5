"""Queries for network progress: roadmap, areas, reports, collaborations, changes, TA; flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import (
    ChangeMade,
    Collaboration,
    CollaborationPartner,
    Member,
    PriorityArea,
    ProgressReport,
    Pulse,
    PulseQuestion,
    PulseWave,
    Response,
    Roadmap,
    TaDelivery,
    TaNeed,
    TaProvider,
)


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


# ---- roadmap ----------------------------------------------------------------------------------------
def get_roadmap(session: Session, *, network_id: int) -> Roadmap | None:
    return session.get(Roadmap, network_id)


def areas(session: Session, *, network_id: int, with_deleted: bool = False) -> Sequence[PriorityArea]:
    query = select(PriorityArea).where(PriorityArea.network_id == network_id)
    if not with_deleted:
        query = query.where(PriorityArea.deleted_at.is_(None))
    return session.scalars(query.order_by(PriorityArea.id)).all()


def get_area(session: Session, *, area_id: int) -> PriorityArea | None:
    return session.get(PriorityArea, area_id)


def reports(session: Session, *, network_id: int) -> Sequence[ProgressReport]:
    """Every report not withdrawn, oldest first (including those on deleted areas: history is kept)."""
    return session.scalars(
        select(ProgressReport)
        .where(ProgressReport.network_id == network_id, ProgressReport.withdrawn_at.is_(None))
        .order_by(ProgressReport.reported_at, ProgressReport.id)
    ).all()


def count_reports(session: Session, *, area_id: int) -> int:
    return len(
        session.scalars(
            select(ProgressReport.id).where(ProgressReport.area_id == area_id, ProgressReport.withdrawn_at.is_(None))
        ).all()
    )


def get_report(session: Session, *, report_id: int) -> ProgressReport | None:
    return session.get(ProgressReport, report_id)


def report_by_source(session: Session, *, source_ref: str) -> ProgressReport | None:
    return session.scalar(select(ProgressReport).where(ProgressReport.source_ref == source_ref))


def roadmap_pulse_answers(session: Session, *, network_id: int) -> list[tuple[PulseQuestion, PulseWave, Response]]:
    """Named answers to single-choice "Progress on …" questions of the network's pulses."""
    rows = session.execute(
        select(PulseQuestion, PulseWave, Response)
        .join(Pulse, Pulse.id == PulseQuestion.pulse_id)
        .join(PulseWave, PulseWave.pulse_id == Pulse.id)
        .join(Response, Response.wave_id == PulseWave.id)
        .where(
            Pulse.network_id == network_id,
            Pulse.anonymous.is_(False),
            PulseQuestion.kind == "single",
            PulseQuestion.area_id.is_not(None) | func.lower(PulseQuestion.text).like("progress on %"),
            Response.user_id.is_not(None),
        )
        .order_by(PulseWave.id, PulseQuestion.position)
    )
    return [(row[0], row[1], row[2]) for row in rows]


def unlinked_roadmap_questions(session: Session, *, network_id: int) -> Sequence[PulseQuestion]:
    """Single-choice "Progress on …" questions of the network's pulses not yet linked to a priority area."""
    return session.scalars(
        select(PulseQuestion)
        .join(Pulse, Pulse.id == PulseQuestion.pulse_id)
        .where(
            Pulse.network_id == network_id,
            PulseQuestion.kind == "single",
            PulseQuestion.area_id.is_(None),
            func.lower(PulseQuestion.text).like("progress on %"),
        )
    ).all()


# ---- collaborations ---------------------------------------------------------------------------------
def collaborations(session: Session, *, network_id: int) -> Sequence[Collaboration]:
    return session.scalars(
        select(Collaboration)
        .where(Collaboration.network_id == network_id, Collaboration.withdrawn_at.is_(None))
        .order_by(Collaboration.happened_on, Collaboration.id)
    ).all()


def get_collaboration(session: Session, *, collaboration_id: int) -> Collaboration | None:
    return session.get(Collaboration, collaboration_id)


def partners(session: Session, *, collaboration_ids: Sequence[int]) -> Sequence[CollaborationPartner]:
    if not collaboration_ids:
        return []
    return session.scalars(
        select(CollaborationPartner)
        .where(CollaborationPartner.collaboration_id.in_(collaboration_ids))
        .order_by(CollaborationPartner.id)
    ).all()


def get_partner(session: Session, *, collaboration_id: int, user_id: str) -> CollaborationPartner | None:
    return session.scalar(
        select(CollaborationPartner).where(
            CollaborationPartner.collaboration_id == collaboration_id, CollaborationPartner.user_id == user_id
        )
    )


# ---- changes made -----------------------------------------------------------------------------------
def changes(session: Session, *, network_id: int) -> Sequence[ChangeMade]:
    return session.scalars(
        select(ChangeMade)
        .where(ChangeMade.network_id == network_id, ChangeMade.withdrawn_at.is_(None))
        .order_by(ChangeMade.created_at, ChangeMade.id)
    ).all()


def get_change(session: Session, *, change_id: int) -> ChangeMade | None:
    return session.get(ChangeMade, change_id)


# ---- technical assistance ---------------------------------------------------------------------------
def is_provider(session: Session, *, network_id: int, user_id: str) -> bool:
    return session.get(TaProvider, (network_id, user_id)) is not None


def grant_provider(session: Session, *, network_id: int, user_id: str, by_user: str, now: datetime) -> bool:
    if is_provider(session, network_id=network_id, user_id=user_id):
        return False
    add(session, TaProvider(network_id=network_id, user_id=user_id, granted_by=by_user, granted_at=now))
    return True


def needs(session: Session, *, network_id: int, state: str | None = None) -> Sequence[TaNeed]:
    query = select(TaNeed).where(TaNeed.network_id == network_id)
    if state is not None:
        query = query.where(TaNeed.state == state)
    return session.scalars(query.order_by(TaNeed.state, TaNeed.id)).all()


def get_need(session: Session, *, need_id: int) -> TaNeed | None:
    return session.get(TaNeed, need_id)


def deliveries(session: Session, *, need_ids: Sequence[int]) -> Sequence[TaDelivery]:
    if not need_ids:
        return []
    return session.scalars(
        select(TaDelivery).where(TaDelivery.need_id.in_(need_ids)).order_by(TaDelivery.delivered_on, TaDelivery.id)
    ).all()


def wave_responses(session: Session, *, wave_id: int) -> Sequence[Response]:
    """Named answers to one wave (a one-per-state assessment)."""
    return session.scalars(
        select(Response)
        .where(Response.wave_id == wave_id, Response.user_id.is_not(None))
        .order_by(Response.group_state)
    ).all()


def latest_wave_id(session: Session, *, pulse_id: int) -> int | None:
    return session.scalar(select(PulseWave.id).where(PulseWave.pulse_id == pulse_id).order_by(PulseWave.number.desc()))


def state_member_ids(session: Session, *, network_id: int, state: str) -> list[str]:
    """Members of a state's team on the roster."""
    return list(
        session.scalars(
            select(Member.user_id)
            .where(Member.network_id == network_id, Member.state == state, Member.in_channel.is_(True))
            .order_by(Member.user_id)
        )
    )
