"""Queries for deliveries: claim a key once, record how it went."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models.deliveries import Delivery, DeliveryStatus
from storage.upsert import insert_for


def claim(session: Session, *, team_id: str, network_id: int, key: str, kind: str, channel: str, now: datetime) -> bool:
    """Record the intent to send under ``key``; False if someone already did (so don't send)."""
    statement = (
        insert_for(session, Delivery.__table__)
        .values(
            team_id=team_id,
            network_id=network_id,
            key=key,
            kind=kind,
            channel=channel,
            status=DeliveryStatus.CLAIMED,
            claimed_at=now,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Delivery.__table__.c.id)
    )
    # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
    return session.execute(statement).scalar() is not None


def finish(
    session: Session,
    *,
    key: str,
    status: DeliveryStatus,
    now: datetime,
    message_ts: str | None = None,
    error: str | None = None,
) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.key == key)
        .values(status=status, message_ts=message_ts, error=error, finished_at=now)
        .execution_options(synchronize_session=False)
    )


def get(session: Session, *, key: str) -> Delivery | None:
    return session.scalar(select(Delivery).where(Delivery.key == key))


def with_prefix(session: Session, *, prefix: str) -> Sequence[Delivery]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return session.scalars(
        select(Delivery).where(Delivery.key.like(escaped + "%", escape="\\")).order_by(Delivery.id)
    ).all()
