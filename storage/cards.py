"""Card refresh leases: which process may update a live card now, and the newest version Slack shows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import CardRefreshLease
from storage.upsert import insert_for


def claim_refresh(session: Session, *, kind: str, ident: int, now: datetime, interval: timedelta) -> datetime | None:
    """Take the card's next refresh slot; None when taken, else the time the slot opens.

    The conditional UPDATE (or the INSERT of a first lease) is decided by the
    database, so of any number of processes racing for a card only one gets each
    interval: Slack sees at most one ``chat.update`` per card per interval.
    """
    lease = CardRefreshLease
    claimed = session.execute(
        update(lease)
        .where(lease.kind == kind, lease.ident == ident, lease.next_allowed_at <= now)
        .values(next_allowed_at=now + interval)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount:  # type: ignore[attr-defined]
        return None
    first = session.execute(
        insert_for(session, lease.__table__)
        .values(kind=kind, ident=ident, next_allowed_at=now + interval, shown_version=0)
        .on_conflict_do_nothing(index_elements=["kind", "ident"])
    )
    if first.rowcount:  # type: ignore[attr-defined]
        return None
    opens = session.scalar(select(lease.next_allowed_at).where(lease.kind == kind, lease.ident == ident))
    return opens if opens is not None and opens > now else now + interval


def postpone_refresh(session: Session, *, kind: str, ident: int, until: datetime) -> None:
    """Nobody refreshes the card before ``until`` (Slack asked us to wait)."""
    lease = CardRefreshLease
    session.execute(
        update(lease)
        .where(lease.kind == kind, lease.ident == ident, lease.next_allowed_at < until)
        .values(next_allowed_at=until)
        .execution_options(synchronize_session=False)
    )


def shown_version(session: Session, *, kind: str, ident: int) -> int:
    lease = CardRefreshLease
    value = session.scalar(select(lease.shown_version).where(lease.kind == kind, lease.ident == ident))
    return int(value or 0)


def record_shown(session: Session, *, kind: str, ident: int, version: int) -> None:
    lease = CardRefreshLease
    session.execute(
        update(lease)
        .where(lease.kind == kind, lease.ident == ident, lease.shown_version < version)
        .values(shown_version=version)
        .execution_options(synchronize_session=False)
    )
