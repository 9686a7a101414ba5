"""Queries for deliveries: claim a key once, move it through its states, find what is left unsent."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from storage.models.deliveries import UNSENT, Delivery, DeliveryStatus
from storage.scope import in_workspace
from storage.upsert import insert_for


def claim(
    session: Session,
    *,
    team_id: str,
    network_id: int,
    key: str,
    kind: str,
    channel: str,
    now: datetime,
    owner: str | None = None,
    payload: str | None = None,
) -> bool:
    """Record the intent to send under ``key`` (pending); False if it was already claimed."""
    statement = (
        insert_for(session, Delivery.__table__)
        .values(
            team_id=team_id,
            network_id=network_id,
            key=key,
            kind=kind,
            channel=channel,
            status=DeliveryStatus.PENDING,
            claimed_at=now,
            owner=owner,
            payload=payload,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Delivery.__table__.c.id)
    )
    # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
    return session.execute(statement).scalar() is not None


# Rows one INSERT carries when a fan-out is claimed at once (well within every driver's parameter limit).
CLAIM_BATCH = 200


def claim_many(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """``claim`` for a whole fan-out in a few statements (each row: ``claim``'s keyword arguments, ``claimed_at``
    for ``now``); keys already claimed are left as they are."""
    for start in range(0, len(rows), CLAIM_BATCH):
        batch = [{**row, "status": DeliveryStatus.PENDING} for row in rows[start : start + CLAIM_BATCH]]
        statement = insert_for(session, Delivery.__table__).values(batch).on_conflict_do_nothing(index_elements=["key"])
        session.execute(statement)


def start_attempt(session: Session, *, key: str, now: datetime) -> bool:
    """Move a provably unsent delivery to in flight; True only for the one sender that may now post it."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.key == key,
            or_(
                Delivery.status == DeliveryStatus.PENDING,
                and_(Delivery.status == DeliveryStatus.WAITING, Delivery.retry_at <= now),
            ),
        )
        .values(status=DeliveryStatus.IN_FLIGHT, attempted_at=now, retry_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def reopen_unknown(session: Session, *, delivery_id: int) -> Delivery | None:
    """A person checked and asked to send an unknown-outcome delivery again: make it pending (once)."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.UNKNOWN, Delivery.payload.is_not(None))
        .values(status=DeliveryStatus.PENDING, error=None)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return session.get(Delivery, delivery_id)


def wait(session: Session, *, key: str, until: datetime, error: str = "ratelimited") -> None:
    """Slack said 429 (or refused the workspace's token): the message was not posted and may go at ``until``."""
    session.execute(
        update(Delivery)
        .where(Delivery.key == key, Delivery.status == DeliveryStatus.IN_FLIGHT)
        .values(status=DeliveryStatus.WAITING, retry_at=until, error=error)
        .execution_options(synchronize_session=False)
    )


def finish(
    session: Session,
    *,
    key: str,
    status: DeliveryStatus,
    now: datetime,
    message_ts: str | None = None,
    error: str | None = None,
) -> None:
    settled = status in (DeliveryStatus.SENT, DeliveryStatus.FAILED)
    values: dict[str, object] = {"status": status, "message_ts": message_ts, "error": error, "finished_at": now}
    if settled:
        values["payload"] = None  # nothing left to send again
    session.execute(
        update(Delivery).where(Delivery.key == key).values(**values).execution_options(synchronize_session=False)
    )


def get(session: Session, *, key: str) -> Delivery | None:
    return session.scalar(select(Delivery).where(Delivery.key == key))


def get_by_id(session: Session, *, delivery_id: int) -> Delivery | None:
    return session.get(Delivery, delivery_id)


def with_prefix(session: Session, *, prefix: str) -> Sequence[Delivery]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return session.scalars(
        select(Delivery).where(Delivery.key.like(escaped + "%", escape="\\")).order_by(Delivery.id)
    ).all()


def left_unsent(
    session: Session, *, claimed_before: datetime, due_before: datetime, team_id: str | None = None
) -> Sequence[Delivery]:
    """Provably unsent deliveries that their sender has left: pending since long ago, or waiting past their time."""
    return session.scalars(
        select(Delivery)
        .where(
            Delivery.payload.is_not(None),
            in_workspace(Delivery.team_id, team_id),
            or_(
                and_(Delivery.status == DeliveryStatus.PENDING, Delivery.claimed_at < claimed_before),
                and_(Delivery.status == DeliveryStatus.WAITING, Delivery.retry_at < due_before),
            ),
        )
        .order_by(Delivery.id)
    ).all()


def abandoned_in_flight(
    session: Session, *, attempted_before: datetime, team_id: str | None = None
) -> Sequence[Delivery]:
    """Requests sent so long ago that their sender must have died waiting for the answer."""
    return session.scalars(
        select(Delivery)
        .where(
            Delivery.status == DeliveryStatus.IN_FLIGHT,
            Delivery.attempted_at < attempted_before,
            in_workspace(Delivery.team_id, team_id),
        )
        .order_by(Delivery.id)
    ).all()


def owed_a_notice(
    session: Session,
    *,
    keys: Collection[str] | None = None,
    team_id: str | None = None,
    settled_before: datetime | None = None,
) -> Sequence[Delivery]:
    """Unknown-outcome deliveries whose owner has not been told yet, locked for the one sender that tells them.

    ``keys``: only these (a fan-out telling about itself); ``settled_before``: only those settled before then
    (a safety-net pass leaves a fan-out still running to tell about itself).
    """
    statement = select(Delivery).where(
        Delivery.status == DeliveryStatus.UNKNOWN,
        Delivery.owner.is_not(None),
        Delivery.owner_told_at.is_(None),
        in_workspace(Delivery.team_id, team_id),
    )
    if keys is not None:
        statement = statement.where(Delivery.key.in_(list(keys)))
    if settled_before is not None:
        statement = statement.where(Delivery.finished_at < settled_before)
    return session.scalars(statement.order_by(Delivery.id).with_for_update(skip_locked=True)).all()


def mark_owner_told(session: Session, *, delivery_ids: Collection[int], now: datetime) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(list(delivery_ids)))
        .values(owner_told_at=now)
        .execution_options(synchronize_session=False)
    )


def is_unsent(delivery: Delivery | None) -> bool:
    return delivery is None or delivery.status in UNSENT
