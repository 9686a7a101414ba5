"""Queries for peer introductions: settings, participation, rounds and groups; flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import (
    AgendaSuggestion,
    IntroGroup,
    IntroGroupMember,
    IntroParticipant,
    IntroRound,
    IntroSettings,
    Network,
    Occurrence,
    OccurrenceStatus,
    Resource,
)


def get_settings(session: Session, *, network_id: int) -> IntroSettings | None:
    return session.get(IntroSettings, network_id)


def save_settings(session: Session, settings: IntroSettings) -> IntroSettings:
    merged = session.merge(settings)
    session.flush()
    return merged


def settings_changed_since(session: Session, *, since: datetime) -> list[tuple[int, datetime]]:
    """Networks whose introductions were turned on, off or changed since ``since``: (network id, when)."""
    rows = session.execute(
        select(IntroSettings.network_id, IntroSettings.updated_at).where(IntroSettings.updated_at >= since)
    ).all()
    return [(int(r[0]), r[1]) for r in rows]


def enabled_networks(session: Session) -> Sequence[tuple[IntroSettings, Network]]:
    rows = session.execute(
        select(IntroSettings, Network)
        .join(Network, Network.id == IntroSettings.network_id)
        .where(IntroSettings.enabled.is_(True))
        .order_by(Network.id)
    ).all()
    return [(s, n) for s, n in rows]


def participants(session: Session, *, network_id: int) -> dict[str, IntroParticipant]:
    rows = session.scalars(select(IntroParticipant).where(IntroParticipant.network_id == network_id)).all()
    return {p.user_id: p for p in rows}


def introductions_for(session: Session, *, network_id: int, user_id: str) -> tuple[bool, IntroParticipant | None]:
    """In one query: whether the network has introductions on, and the person's participation row (if any)."""
    row = session.execute(
        select(IntroSettings.enabled, IntroParticipant)
        .select_from(IntroSettings)
        .outerjoin(
            IntroParticipant,
            (IntroParticipant.network_id == IntroSettings.network_id) & (IntroParticipant.user_id == user_id),
        )
        .where(IntroSettings.network_id == network_id)
    ).first()
    return (False, None) if row is None else (bool(row[0]), row[1])


def participant(session: Session, *, network_id: int, user_id: str, now: datetime) -> IntroParticipant:
    """The person's participation row, made (taking part) if they have none yet."""
    found = session.scalar(
        select(IntroParticipant).where(IntroParticipant.network_id == network_id, IntroParticipant.user_id == user_id)
    )
    if found is None:
        found = IntroParticipant(
            network_id=network_id, user_id=user_id, opted_out=False, skip_next=False, paused_until=None, updated_at=now
        )
        session.add(found)
        session.flush()
    return found


def round_starting(session: Session, *, network_id: int, starts_at: datetime) -> IntroRound | None:
    return session.scalar(
        select(IntroRound).where(IntroRound.network_id == network_id, IntroRound.starts_at == starts_at)
    )


def last_round_number(session: Session, *, network_id: int) -> int:
    return int(session.scalar(select(func.max(IntroRound.number)).where(IntroRound.network_id == network_id)) or 0)


def add_round(
    session: Session, intro_round: IntroRound, groups: Sequence[tuple[IntroGroup, Sequence[IntroGroupMember]]]
) -> None:
    session.add(intro_round)
    session.flush()
    for group, members in groups:
        group.round_id = intro_round.id
        session.add(group)
        session.flush()
        for member in members:
            member.round_id, member.group_id = intro_round.id, group.id
            session.add(member)
    session.flush()


def recent_groups(session: Session, *, network_id: int, rounds: int) -> list[tuple[int, list[str]]]:
    """(round number, member ids) of every group of the network's last ``rounds`` rounds."""
    numbers = session.scalars(
        select(IntroRound.id)
        .where(IntroRound.network_id == network_id)
        .order_by(IntroRound.number.desc())
        .limit(rounds)
    ).all()
    if not numbers:
        return []
    rows = session.execute(
        select(IntroRound.number, IntroGroupMember.group_id, IntroGroupMember.user_id)
        .join(IntroRound, IntroRound.id == IntroGroupMember.round_id)
        .where(IntroGroupMember.round_id.in_(numbers))
        .order_by(IntroGroupMember.group_id, IntroGroupMember.user_id)
    ).all()
    groups: dict[int, tuple[int, list[str]]] = {}
    for number, group_id, user_id in rows:
        groups.setdefault(group_id, (number, []))[1].append(user_id)
    return list(groups.values())


def rounds_of(session: Session, *, network_id: int) -> Sequence[IntroRound]:
    return session.scalars(
        select(IntroRound).where(IntroRound.network_id == network_id).order_by(IntroRound.number)
    ).all()


def get_round(session: Session, *, round_id: int) -> IntroRound | None:
    return session.get(IntroRound, round_id)


def rounds_active(session: Session, *, since: datetime, now: datetime) -> Sequence[IntroRound]:
    """Rounds that have started and ended no earlier than ``since``."""
    return session.scalars(
        select(IntroRound).where(IntroRound.starts_at <= now, IntroRound.ends_at >= since).order_by(IntroRound.id)
    ).all()


def groups_of(session: Session, *, round_id: int) -> Sequence[IntroGroup]:
    return session.scalars(select(IntroGroup).where(IntroGroup.round_id == round_id).order_by(IntroGroup.id)).all()


def get_group(session: Session, *, group_id: int) -> IntroGroup | None:
    return session.get(IntroGroup, group_id)


def members_of_groups(session: Session, *, group_ids: Sequence[int]) -> dict[int, list[IntroGroupMember]]:
    if not group_ids:
        return {}
    rows = session.scalars(
        select(IntroGroupMember).where(IntroGroupMember.group_id.in_(group_ids)).order_by(IntroGroupMember.user_id)
    ).all()
    found: dict[int, list[IntroGroupMember]] = {}
    for row in rows:
        found.setdefault(row.group_id, []).append(row)
    return found


def network_groups(session: Session, *, network_id: int) -> list[tuple[IntroGroup, list[IntroGroupMember]]]:
    """Every group the network ever had, with its members, oldest first."""
    groups = session.scalars(
        select(IntroGroup).where(IntroGroup.network_id == network_id).order_by(IntroGroup.id)
    ).all()
    members = members_of_groups(session, group_ids=[g.id for g in groups])
    return [(g, members.get(g.id, [])) for g in groups]


def open_suggestion(session: Session, *, network_id: int, now: datetime) -> str | None:
    """The newest agenda suggestion of a meeting still to come that is not yet on its agenda."""
    return session.scalar(
        select(AgendaSuggestion.topic)
        .join(Occurrence, Occurrence.id == AgendaSuggestion.occurrence_id)
        .where(
            Occurrence.network_id == network_id,
            Occurrence.start_utc > now,
            Occurrence.status == OccurrenceStatus.SCHEDULED,
            AgendaSuggestion.on_agenda.is_(False),
        )
        .order_by(AgendaSuggestion.created_at.desc(), AgendaSuggestion.id.desc())
        .limit(1)
    )


def recent_resource(session: Session, *, network_id: int) -> Resource | None:
    return session.scalar(
        select(Resource)
        .where(Resource.network_id == network_id)
        .order_by(Resource.created_at.desc(), Resource.id.desc())
        .limit(1)
    )


def member_of_round(session: Session, *, round_id: int, user_id: str) -> IntroGroupMember | None:
    return session.get(IntroGroupMember, (round_id, user_id))
