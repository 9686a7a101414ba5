"""Queries for pauses and calendar feeds; the only place that builds their SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import CalendarFeed, Meeting, Occurrence, OccurrenceStatus, Pause


def add_pause(
    session: Session,
    *,
    team_id: str,
    network_id: int,
    first_day: date,
    last_day: date,
    reason: str,
    by_user: str,
    now: datetime,
) -> Pause:
    pause = Pause(
        team_id=team_id,
        network_id=network_id,
        first_day=first_day,
        last_day=last_day,
        reason=reason,
        created_by=by_user,
        created_at=now,
    )
    session.add(pause)
    session.flush()
    return pause


def get_pause(session: Session, *, pause_id: int) -> Pause | None:
    return session.get(Pause, pause_id)


def delete_pause(session: Session, *, pause: Pause) -> None:
    session.delete(pause)
    session.flush()


def pauses_of(session: Session, *, network_id: int, ending_on_or_after: date | None = None) -> Sequence[Pause]:
    """The network's pauses, earliest first (only those not over by ``ending_on_or_after``, if given)."""
    query = select(Pause).where(Pause.network_id == network_id)
    if ending_on_or_after is not None:
        query = query.where(Pause.last_day >= ending_on_or_after)
    return session.scalars(query.order_by(Pause.first_day, Pause.id)).all()


def pauses_created_since(session: Session, *, since: datetime) -> list[tuple[int, int]]:
    """(pause id, network id) of pauses made since ``since``: Homes that show them need a refresh."""
    rows = session.execute(select(Pause.id, Pause.network_id).where(Pause.created_at >= since).order_by(Pause.id))
    return [(int(pause_id), int(network_id)) for pause_id, network_id in rows]


def pauses_by_network(session: Session, *, network_ids: set[int]) -> dict[int, list[Pause]]:
    found: dict[int, list[Pause]] = {i: [] for i in network_ids}
    if not network_ids:
        return found
    for pause in session.scalars(select(Pause).where(Pause.network_id.in_(network_ids)).order_by(Pause.first_day)):
        found[pause.network_id].append(pause)
    return found


def future_occurrences(
    session: Session, *, network_id: int, now: datetime, statuses: Sequence[OccurrenceStatus]
) -> list[tuple[Occurrence, Meeting]]:
    """Occurrences not yet started with one of ``statuses``, soonest first, each with its series."""
    rows = session.execute(
        select(Occurrence, Meeting)
        .join(Meeting, Meeting.id == Occurrence.meeting_id)
        .where(Occurrence.network_id == network_id, Occurrence.status.in_(statuses), Occurrence.start_utc > now)
        .order_by(Occurrence.start_utc, Occurrence.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def skipped_between(
    session: Session, *, network_id: int, now: datetime, until: datetime, limit: int
) -> list[tuple[Occurrence, Meeting]]:
    """Occurrences skipped for a pause that would have started in (now, until], soonest first."""
    rows = session.execute(
        select(Occurrence, Meeting)
        .join(Meeting, Meeting.id == Occurrence.meeting_id)
        .where(
            Occurrence.network_id == network_id,
            Occurrence.status == OccurrenceStatus.SKIPPED,
            Occurrence.start_utc > now,
            Occurrence.start_utc <= until,
        )
        .order_by(Occurrence.start_utc, Occurrence.id)
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]


# ---- feeds ---------------------------------------------------------------------------------------
def feed_of(session: Session, *, network_id: int, user_id: str) -> CalendarFeed | None:
    return session.scalar(
        select(CalendarFeed).where(CalendarFeed.network_id == network_id, CalendarFeed.user_id == user_id)
    )


def feed_by_hash(session: Session, *, token_hash: str) -> CalendarFeed | None:
    return session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash))


def replace_feed(
    session: Session, *, team_id: str, network_id: int, user_id: str, token_hash: str, now: datetime
) -> CalendarFeed:
    """The person's one feed of the network, with a new token: any older address stops working."""
    revoke_feed(session, network_id=network_id, user_id=user_id)
    feed = CalendarFeed(team_id=team_id, network_id=network_id, user_id=user_id, token_hash=token_hash, created_at=now)
    session.add(feed)
    session.flush()
    return feed


def revoke_feed(session: Session, *, network_id: int, user_id: str) -> bool:
    result = session.execute(
        delete(CalendarFeed).where(CalendarFeed.network_id == network_id, CalendarFeed.user_id == user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
