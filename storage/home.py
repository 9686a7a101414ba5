"""Queries behind the Home tab: each loads one section for a whole network in one statement (no query per row)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, delete, exists, func, or_, select, union, update
from sqlalchemy.orm import Session

from storage.models import (
    Attendance,
    Delivery,
    DeliveryStatus,
    HomeRefreshMark,
    HomeTab,
    LabelKind,
    Meeting,
    Member,
    Network,
    Occurrence,
    OccurrenceStatus,
    Pulse,
    PulseWave,
    Resource,
    ResourceLabel,
    Respondent,
    Role,
    Rsvp,
    WaveRecipient,
    WaveStatus,
)
from storage.upsert import insert_for


# ---- the Home tab's own rows --------------------------------------------------------------------
def home_tab(session: Session, *, team_id: str, user_id: str) -> HomeTab | None:
    return session.get(HomeTab, (team_id, user_id))


def remember_home(session: Session, *, team_id: str, user_id: str, network_id: int | None, now: datetime) -> None:
    """Record that the person has a Home tab (and, if given, the network they chose), racing safely."""
    values = {"team_id": team_id, "user_id": user_id, "network_id": network_id, "opened_at": now}
    changes: dict[str, object] = {"opened_at": now}
    if network_id is not None:
        changes["network_id"] = network_id
    statement = insert_for(session, HomeTab.__table__).values(values)
    session.execute(statement.on_conflict_do_update(index_elements=["team_id", "user_id"], set_=changes))
    loaded = session.identity_map.get(session.identity_key(HomeTab, (team_id, user_id)))
    if loaded is not None:
        session.expire(loaded)


def set_notice(session: Session, *, team_id: str, user_id: str, text: str, now: datetime) -> None:
    session.execute(
        update(HomeTab)
        .where(HomeTab.team_id == team_id, HomeTab.user_id == user_id)
        .values(notice=text[:300], notice_at=now)
        .execution_options(synchronize_session=False)
    )


def home_viewers(session: Session, *, network_id: int, facilitators: bool = False) -> list[str]:
    """People on the network's roster (or facilitating it) who have opened Home; only its facilitators (those of
    the roster and the configured ones) if ``facilitators``."""
    network = select(Network.team_id).where(Network.id == network_id).scalar_subquery()
    configured = sorted(session.info.get("facilitators") or ())
    who = or_(Member.role == Role.FACILITATOR, Member.user_id.in_(configured))
    if not facilitators:
        who = or_(Member.in_channel.is_(True), who)
    return list(
        session.scalars(
            select(HomeTab.user_id)
            .join(Member, and_(Member.user_id == HomeTab.user_id, Member.team_id == HomeTab.team_id))
            .where(HomeTab.team_id == network, Member.network_id == network_id, who)
            .order_by(HomeTab.user_id)
        )
    )


def claim_mark(session: Session, *, key: str, now: datetime) -> bool:
    """Claim a network-wide refresh once; False if some pass already did."""
    statement = insert_for(session, HomeRefreshMark.__table__).values(key=key, claimed_at=now)
    claimed = session.execute(statement.on_conflict_do_nothing(index_elements=["key"]).returning(HomeRefreshMark.key))
    return claimed.first() is not None


# ---- the member view ----------------------------------------------------------------------------
def next_meetings(
    session: Session, *, network_id: int, user_id: str, now: datetime, limit: int
) -> list[tuple[Occurrence, Meeting, str | None, bool]]:
    """Scheduled occurrences not yet ended, soonest first, each with its series, the person's RSVP and check-in."""
    answer = (
        select(Rsvp.answer)
        .where(Rsvp.occurrence_id == Occurrence.id, Rsvp.user_id == user_id)
        .limit(1)
        .scalar_subquery()
    )
    checked_in = exists().where(Attendance.occurrence_id == Occurrence.id, Attendance.user_id == user_id)
    rows = session.execute(
        select(Occurrence, Meeting, answer, checked_in)
        .join(Meeting, Meeting.id == Occurrence.meeting_id)
        .where(
            Occurrence.network_id == network_id,
            Occurrence.status == OccurrenceStatus.SCHEDULED,
            Occurrence.end_utc > now,
        )
        .order_by(Occurrence.start_utc, Occurrence.id)
        .limit(limit)
    ).all()
    return [(r[0], r[1], None if r[2] is None else str(r[2]), bool(r[3])) for r in rows]


def waiting_waves(
    session: Session, *, network_id: int, user_id: str, limit: int
) -> tuple[list[tuple[int, str, datetime]], int]:
    """Open waves sent to the person, unanswered: (wave id, title, deadline), soonest due first; and how many."""
    answered = exists().where(Respondent.wave_id == PulseWave.id, Respondent.user_id == user_id)
    base = (
        select(PulseWave.id, Pulse.title, PulseWave.deadline, func.count().over().label("total"))
        .join(Pulse, Pulse.id == PulseWave.pulse_id)
        .join(WaveRecipient, and_(WaveRecipient.wave_id == PulseWave.id, WaveRecipient.user_id == user_id))
        .where(Pulse.network_id == network_id, PulseWave.status == WaveStatus.OPEN, ~answered)
        .order_by(PulseWave.deadline, PulseWave.id)
        .limit(limit)
    )
    rows = session.execute(base).all()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows], int(rows[0][3]) if rows else 0


def newest_resources(session: Session, *, network_id: int, limit: int) -> tuple[list[Resource], int]:
    """The newest resources and how many the library holds."""
    found = list(
        session.scalars(
            select(Resource)
            .where(Resource.network_id == network_id)
            .order_by(Resource.created_at.desc(), Resource.id.desc())
            .limit(limit)
        )
    )
    total = session.scalar(select(func.count()).select_from(Resource).where(Resource.network_id == network_id))
    return found, int(total or 0)


# ---- network health -----------------------------------------------------------------------------
def roster_figures(session: Session, *, network_id: int) -> tuple[int, int]:
    """Members on the roster, and how many of them filled in every profile field."""
    complete = and_(
        Member.state.is_not(None),
        Member.agency.is_not(None),
        Member.role_title.is_not(None),
        Member.learning_interests.is_not(None),
    )
    row = session.execute(
        select(func.count(), func.count(case((complete, 1)))).where(
            Member.network_id == network_id, Member.in_channel.is_(True)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def held_meetings(
    session: Session, *, network_id: int, now: datetime, limit: int
) -> list[tuple[int, str, datetime, int]]:
    """The newest occurrences already held: (occurrence id, title, start, how many attended)."""
    attended = (
        select(func.count()).select_from(Attendance).where(Attendance.occurrence_id == Occurrence.id).scalar_subquery()
    )
    rows = session.execute(
        select(Occurrence.id, Meeting.title, Occurrence.start_utc, attended)
        .join(Meeting, Meeting.id == Occurrence.meeting_id)
        .where(
            Occurrence.network_id == network_id,
            Occurrence.status == OccurrenceStatus.SCHEDULED,
            Occurrence.end_utc <= now,
        )
        .order_by(Occurrence.start_utc.desc(), Occurrence.id.desc())
        .limit(limit)
    ).all()
    return [(int(r[0]), str(r[1]), r[2], int(r[3] or 0)) for r in rows]


def open_waves(session: Session, *, network_id: int, limit: int) -> tuple[list[tuple[int, str, datetime]], int]:
    """Open waves: (wave id, title, deadline), soonest deadline first; and how many are open."""
    rows = session.execute(
        select(PulseWave.id, Pulse.title, PulseWave.deadline, func.count().over())
        .join(Pulse, Pulse.id == PulseWave.pulse_id)
        .where(Pulse.network_id == network_id, PulseWave.status == WaveStatus.OPEN)
        .order_by(PulseWave.deadline, PulseWave.id)
        .limit(limit)
    ).all()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows], int(rows[0][3]) if rows else 0


def asked_and_answered(session: Session, *, wave_ids: list[int]) -> dict[int, tuple[set[str], set[str]]]:
    """Per wave: who it was sent to, and who answered (the people, so the participant rule can sort them)."""
    found: dict[int, tuple[set[str], set[str]]] = {wave_id: (set(), set()) for wave_id in wave_ids}
    if wave_ids:
        for wave_id, user_id in session.execute(
            select(WaveRecipient.wave_id, WaveRecipient.user_id).where(WaveRecipient.wave_id.in_(wave_ids))
        ):
            found[wave_id][0].add(user_id)
        for wave_id, user_id in session.execute(
            select(Respondent.wave_id, Respondent.user_id).where(Respondent.wave_id.in_(wave_ids))
        ):
            found[wave_id][1].add(user_id)
    return found


def resources_by_state(session: Session, *, network_id: int, since: datetime) -> list[tuple[str, int]]:
    """Resources shared since ``since``, counted per state they are labelled with, most first."""
    count = func.count()
    rows = session.execute(
        select(ResourceLabel.value, count)
        .where(
            # The recent resources first (by their network/created_at index), then their labels by key.
            ResourceLabel.resource_id.in_(
                select(Resource.id).where(Resource.network_id == network_id, Resource.created_at >= since)
            ),
            ResourceLabel.kind == LabelKind.STATE,
        )
        .group_by(ResourceLabel.value)
        .order_by(count.desc(), ResourceLabel.value)
    ).all()
    return [(str(r[0]), int(r[1])) for r in rows]


def resources_shared_since(session: Session, *, network_id: int, since: datetime) -> int:
    found = session.scalar(
        select(func.count())
        .select_from(Resource)
        .where(Resource.network_id == network_id, Resource.created_at >= since)
    )
    return int(found or 0)


def inactive_members(
    session: Session, *, network_id: int, since: datetime, limit: int
) -> tuple[list[tuple[str, str]], int]:
    """Members on the roster since before ``since`` with no RSVP, check-in, answer or share since then.

    (user id, name) by name, at most ``limit``; and how many there are. An answer counts by
    its wave's opening (answers carry no time of their own, so anonymity keeps no clock).
    """
    # Who was active, as one set the database builds once (not a lookup per member).
    active = union(
        select(Rsvp.user_id)
        .join(Occurrence, Occurrence.id == Rsvp.occurrence_id)
        .where(Occurrence.network_id == network_id, Rsvp.answered_at >= since),
        select(Attendance.user_id)
        .join(Occurrence, Occurrence.id == Attendance.occurrence_id)
        .where(Occurrence.network_id == network_id, Attendance.recorded_at >= since),
        select(Respondent.user_id)
        .join(PulseWave, PulseWave.id == Respondent.wave_id)
        .join(Pulse, Pulse.id == PulseWave.pulse_id)
        .where(Pulse.network_id == network_id, PulseWave.opens_at >= since),
        select(Resource.shared_by).where(Resource.network_id == network_id, Resource.created_at >= since),
    )
    rows = session.execute(
        select(Member.user_id, Member.display_name, func.count().over())
        .where(
            Member.network_id == network_id,
            Member.in_channel.is_(True),
            Member.joined_at < since,
            Member.user_id.not_in(select(active.subquery().c[0])),
        )
        .order_by(func.lower(Member.display_name), Member.user_id)
        .limit(limit)
    ).all()
    return [(str(r[0]), str(r[1] or r[0])) for r in rows], int(rows[0][2]) if rows else 0


def per_state_gaps(session: Session, *, network_id: int, limit: int) -> list[tuple[str, list[str]]]:
    """Open one-per-state waves with the states asked that have not answered yet: (title, state codes)."""
    rows = session.execute(
        select(PulseWave.id, Pulse.title, WaveRecipient.state)
        .join(Pulse, Pulse.id == PulseWave.pulse_id)
        .join(WaveRecipient, WaveRecipient.wave_id == PulseWave.id)
        .where(
            Pulse.network_id == network_id,
            Pulse.audience == "per_state",
            PulseWave.status == WaveStatus.OPEN,
            WaveRecipient.state.is_not(None),
            ~exists().where(Respondent.wave_id == PulseWave.id, Respondent.state_unit == WaveRecipient.state),
        )
        .distinct()
        .order_by(PulseWave.id, WaveRecipient.state)
    ).all()
    gaps: dict[int, tuple[str, list[str]]] = {}
    for wave_id, title, state in rows:
        if wave_id not in gaps and len(gaps) >= limit:
            continue
        gaps.setdefault(int(wave_id), (str(title), []))[1].append(str(state))
    return list(gaps.values())


# ---- what the clock refreshes -------------------------------------------------------------------
def waves_opened_since(session: Session, *, since: datetime) -> list[tuple[int, int]]:
    """Waves opened since ``since``: (wave id, network id)."""
    rows = session.execute(
        select(PulseWave.id, Pulse.network_id)
        .join(Pulse, Pulse.id == PulseWave.pulse_id)
        .where(PulseWave.opened_at.is_not(None), PulseWave.opened_at >= since)
    ).all()
    return [(int(r[0]), int(r[1])) for r in rows]


def roster_moves_since(session: Session, *, network_id: int, since: datetime) -> tuple[int, int]:
    """Joins and leaves since ``since``, from the membership spells."""
    from storage.network import roster_moves

    return roster_moves(session, network_id=network_id, since=since)


def network_team(session: Session, *, network_id: int) -> str | None:
    return session.scalar(select(Network.team_id).where(Network.id == network_id))


def occurrences_ended_between(session: Session, *, after: datetime, until: datetime) -> list[tuple[int, int, datetime]]:
    """Scheduled occurrences with after < end <= until: (occurrence id, network id, end)."""
    rows = session.execute(
        select(Occurrence.id, Occurrence.network_id, Occurrence.end_utc).where(
            Occurrence.status == OccurrenceStatus.SCHEDULED, Occurrence.end_utc > after, Occurrence.end_utc <= until
        )
    ).all()
    return [(int(r[0]), int(r[1]), r[2]) for r in rows]


def meetings_changed_since(session: Session, *, since: datetime) -> list[tuple[int, int, datetime]]:
    """Meeting series created or changed since ``since``: (meeting id, network id, when)."""
    rows = session.execute(
        select(Meeting.id, Meeting.network_id, Meeting.updated_at).where(Meeting.updated_at >= since)
    ).all()
    return [(int(r[0]), int(r[1]), r[2]) for r in rows]


def delivery_states(session: Session, *, keys: list[str]) -> dict[str, tuple[str, str | None]]:
    """Where each of these deliveries (nudges) stands: key -> (status, Slack's error if it failed)."""
    if not keys:
        return {}
    rows = session.execute(select(Delivery.key, Delivery.status, Delivery.error).where(Delivery.key.in_(keys))).all()
    return {str(r[0]): (str(r[1].value if hasattr(r[1], "value") else r[1]), r[2]) for r in rows}


def forget_failed_delivery(session: Session, *, key: str) -> None:
    """A nudge Slack refused may be tried again: its failed claim no longer stands in the way."""
    session.execute(delete(Delivery).where(Delivery.key == key, Delivery.status == DeliveryStatus.FAILED))
