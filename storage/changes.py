"""The change feed: record what a use case changed (in its own transaction); the refresher's leases per surface.

A use case calls ``record(session, Change.…)`` inside its unit of work, so the change is
saved exactly when what it describes is. The refresher (``slackio/refresher.py``) later
expands each change into the surfaces that show it (``expand_changes``) and publishes them
under one lease per surface (``claim``, ``record_shown``, ``postpone``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from storage.home import home_viewers, network_team
from storage.models import ChangeRecord, SurfaceLease
from storage.upsert import insert_for

# Set on a session that recorded a change: once it commits, the process's refresher is told (``watch``).
RECORDED = "peerbot_changes_recorded"

CARD, HOME, ROADMAP = "card", "home", "roadmap"


@dataclass(frozen=True)
class Change:
    """Something people see changed. Build one with the named constructors."""

    kind: str
    ident: int | None = None
    team_id: str = ""
    user_id: str = ""

    @classmethod
    def occurrence_rsvps(cls, occurrence_id: int) -> Change:
        """An occurrence's announcement card (RSVP counts, agenda, cancelled, moved)."""
        return cls("card", occurrence_id)

    @classmethod
    def network_homes(cls, network_id: int) -> Change:
        """Every open Home of a network: meetings, pulses, resources, intros, roster, check-in windows."""
        return cls("network", network_id)

    @classmethod
    def network_facilitators(cls, network_id: int) -> Change:
        """The open Homes of a network's facilitators (its health: answer rates, profiles, nudges)."""
        return cls("facilitators", network_id)

    @classmethod
    def user_home(cls, team_id: str, user_id: str) -> Change:
        """One person's Home: their profile, DM setting, answers, intros choice, nudges they sent."""
        return cls("person", team_id=team_id, user_id=user_id)

    @classmethod
    def roadmap(cls, network_id: int, by_user: str = "") -> Change:
        """The roadmap message in a network's home channel (``by_user`` is told if it cannot be posted)."""
        return cls("roadmap", network_id, user_id=by_user)

    # Names that say why, for call sites that read better with them.
    network_meetings = network_pulses = network_homes
    user_profile = user_home


def record(session: Session, *changes: Change, now: datetime | None = None, wake: bool = True) -> None:
    """Save changes in the caller's unit of work (flushed with it; the caller commits). ``wake``: once it
    commits, have this process's refresher publish them soon (not needed by a pass that publishes next)."""
    when = now or datetime.now(UTC)
    for change in changes:
        session.add(
            ChangeRecord(
                kind=change.kind,
                ident=change.ident,
                team_id=change.team_id,
                user_id=change.user_id,
                recorded_at=when,
            )
        )
    if changes and wake:
        session.info[RECORDED] = True


def home_key(team_id: str, user_id: str) -> str:
    return f"{team_id}:{user_id}"


def _surfaces(session: Session, change: ChangeRecord) -> list[tuple[str, str]]:
    if change.kind == "card" and change.ident is not None:
        return [(CARD, str(change.ident))]
    if change.kind == "roadmap" and change.ident is not None:
        return [(ROADMAP, str(change.ident))]
    if change.kind == "person" and change.user_id:
        return [(HOME, home_key(change.team_id, change.user_id))]
    if change.kind in ("network", "facilitators") and change.ident is not None:
        team = network_team(session, network_id=change.ident)
        if team is None:
            return []
        viewers = home_viewers(session, network_id=change.ident, facilitators=change.kind == "facilitators")
        return [(HOME, home_key(team, user)) for user in viewers]
    return []


def expand_changes(session: Session, *, now: datetime, limit: int = 500) -> int:
    """Turn recorded changes into wanted refreshes of the surfaces that show them; returns how many changes.

    A change row is deleted in the transaction that raises its surfaces' ``wanted``, so a change is
    never lost and never counted twice; concurrent passes skip rows another one holds (PostgreSQL).
    """
    query = select(ChangeRecord).order_by(ChangeRecord.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    records = list(session.scalars(query))
    if not records:
        return 0
    wanted: dict[tuple[str, str], int] = {}
    asked_by: dict[tuple[str, str], str] = {}
    for change in records:
        for target in _surfaces(session, change):
            wanted[target] = wanted.get(target, 0) + 1
            if change.kind == "roadmap" and change.user_id:
                asked_by[target] = change.user_id
    # One order for every pass, so two passes raising the same leases never deadlock.
    for (surface, key), count in sorted(wanted.items()):
        who = asked_by.get((surface, key))
        statement = insert_for(session, SurfaceLease.__table__).values(
            surface=surface, key=key, wanted=count, shown=0, next_allowed_at=now, failures=0, asked_by=who
        )
        changes: dict[str, object] = {"wanted": SurfaceLease.wanted + count}
        if who:
            changes["asked_by"] = who
        session.execute(statement.on_conflict_do_update(index_elements=["surface", "key"], set_=changes))
    session.execute(delete(ChangeRecord).where(ChangeRecord.id.in_([c.id for c in records])))
    return len(records)


def due_surfaces(session: Session, *, now: datetime, limit: int) -> list[tuple[str, str]]:
    """Surfaces with changes not yet shown whose lease is free now: messages in channels first (a network-wide
    change fans out to many Homes, which must not hold up a card everyone is looking at), the longest waiting
    first."""
    homes_last = case((SurfaceLease.surface == HOME, 1), else_=0)
    rows = session.execute(
        select(SurfaceLease.surface, SurfaceLease.key)
        .where(SurfaceLease.wanted > SurfaceLease.shown, SurfaceLease.next_allowed_at <= now)
        .order_by(homes_last, SurfaceLease.next_allowed_at, SurfaceLease.surface, SurfaceLease.key)
        .limit(limit)
    ).all()
    return [(str(r[0]), str(r[1])) for r in rows]


def next_pending_at(session: Session) -> datetime | None:
    """When the earliest surface with changes not yet shown may next be published (None: all current)."""
    return session.scalar(
        select(func.min(SurfaceLease.next_allowed_at)).where(SurfaceLease.wanted > SurfaceLease.shown)
    )


def pending_count(session: Session) -> int:
    found = session.scalar(
        select(func.count()).select_from(SurfaceLease).where(SurfaceLease.wanted > SurfaceLease.shown)
    )
    return int(found or 0)


def claim(session: Session, *, surface: str, key: str, now: datetime, until: datetime) -> tuple[int, str] | None:
    """Take the surface's lease until ``until`` if it is free and has changes to show: the ``wanted`` count its
    publish will cover (it renders after this commits) and who asked last; else None. The database decides
    between racing processes."""
    lease = SurfaceLease
    claimed = session.execute(
        update(lease)
        .where(
            lease.surface == surface,
            lease.key == key,
            lease.next_allowed_at <= now,
            lease.wanted > lease.shown,
        )
        .values(next_allowed_at=until)
        .returning(lease.wanted, lease.asked_by)
        .execution_options(synchronize_session=False)
    ).first()
    return None if claimed is None else (int(claimed[0]), str(claimed[1] or ""))


def record_shown(session: Session, *, surface: str, key: str, covered: int) -> None:
    """A publish rendered after ``covered`` changes succeeded (or is given up for good): they are done."""
    lease = SurfaceLease
    session.execute(
        update(lease)
        .where(lease.surface == surface, lease.key == key, lease.shown < covered)
        .values(shown=covered, failures=0)
        .execution_options(synchronize_session=False)
    )


def postpone(session: Session, *, surface: str, key: str, until: datetime, failed: bool) -> int:
    """Nobody publishes the surface before ``until`` (Slack's Retry-After, or a backoff); returns its failures."""
    lease = SurfaceLease
    values: dict[str, object] = {"next_allowed_at": until}
    if failed:
        values["failures"] = lease.failures + 1
    session.execute(
        update(lease)
        .where(lease.surface == surface, lease.key == key)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(session.scalar(select(lease.failures).where(lease.surface == surface, lease.key == key)) or 0)


def failures(session: Session, *, surface: str, key: str) -> int:
    found = session.scalar(
        select(SurfaceLease.failures).where(SurfaceLease.surface == surface, SurfaceLease.key == key)
    )
    return int(found or 0)
