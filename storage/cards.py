"""Card refresh leases: which process may update a live card now, and the newest version Slack shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import CardRefreshLease
from storage.upsert import insert_for


@dataclass(frozen=True)
class Refused:
    """Another process holds the card's current slot."""

    opens: datetime  # when the next slot opens
    claims: int  # refreshes claimed so far: any claim after these renders what is saved now


@dataclass(frozen=True)
class LeaseState:
    shown_version: int
    claims: int


def lease_state(session: Session, *, kind: str, ident: int) -> LeaseState:
    lease = CardRefreshLease
    row = session.execute(
        select(lease.shown_version, lease.claims).where(lease.kind == kind, lease.ident == ident)
    ).first()
    return LeaseState(shown_version=int(row[0]), claims=int(row[1])) if row else LeaseState(0, 0)


def claim_refresh(session: Session, *, kind: str, ident: int, now: datetime, interval: timedelta) -> Refused | int:
    """Take the card's next refresh slot: the claim's number when taken, else when the slot opens.

    The conditional UPDATE (or the INSERT of a first lease) is decided by the
    database, so of any number of processes racing for a card only one gets each
    interval: Slack sees at most one ``chat.update`` per card per interval.
    """
    lease = CardRefreshLease
    claimed = session.scalar(
        update(lease)
        .where(lease.kind == kind, lease.ident == ident, lease.next_allowed_at <= now)
        .values(next_allowed_at=now + interval, claims=lease.claims + 1)
        .returning(lease.claims)
        .execution_options(synchronize_session=False)
    )
    if claimed is not None:
        return int(claimed)
    first = session.scalar(
        insert_for(session, lease.__table__)
        .values(kind=kind, ident=ident, next_allowed_at=now + interval, shown_version=0, claims=1)
        .on_conflict_do_nothing(index_elements=["kind", "ident"])
        .returning(lease.claims)
    )
    if first is not None:
        return int(first)
    row = session.execute(
        select(lease.next_allowed_at, lease.claims).where(lease.kind == kind, lease.ident == ident)
    ).one()
    opens = row[0] if row[0] > now else now + interval
    return Refused(opens=opens, claims=int(row[1]))


def postpone_refresh(session: Session, *, kind: str, ident: int, until: datetime) -> None:
    """Nobody refreshes the card before ``until`` (Slack asked us to wait)."""
    lease = CardRefreshLease
    session.execute(
        update(lease)
        .where(lease.kind == kind, lease.ident == ident, lease.next_allowed_at < until)
        .values(next_allowed_at=until)
        .execution_options(synchronize_session=False)
    )


def record_shown(session: Session, *, kind: str, ident: int, version: int) -> None:
    lease = CardRefreshLease
    session.execute(
        update(lease)
        .where(lease.kind == kind, lease.ident == ident, lease.shown_version < version)
        .values(shown_version=version)
        .execution_options(synchronize_session=False)
    )
