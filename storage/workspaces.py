"""Removed workspaces: record a removal, cancel it on reinstall, find those past their grace period, purge one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import HomeTab, Network, WorkspaceRemoval
from storage.rights import purge_network
from storage.upsert import insert_for


def record_removal(session: Session, *, team_id: str, now: datetime) -> None:
    """Remember when peerbot was removed from ``team_id``; a repeated event keeps the first time."""
    statement = insert_for(session, WorkspaceRemoval).values(team_id=team_id, removed_at=now)
    session.execute(statement.on_conflict_do_nothing(index_elements=["team_id"]))
    session.flush()


def cancel_removal(session: Session, *, team_id: str) -> bool:
    """peerbot was installed again: keep the workspace's networks. True if a purge was pending."""
    removed = session.execute(delete(WorkspaceRemoval).where(WorkspaceRemoval.team_id == team_id))
    session.flush()
    return bool(getattr(removed, "rowcount", 0))


def removal(session: Session, *, team_id: str) -> WorkspaceRemoval | None:
    return session.get(WorkspaceRemoval, team_id)


def removed_before(session: Session, *, cutoff: datetime) -> list[WorkspaceRemoval]:
    """Workspaces removed before ``cutoff`` (their grace period is over), oldest first."""
    query = select(WorkspaceRemoval).where(WorkspaceRemoval.removed_at < cutoff).order_by(WorkspaceRemoval.removed_at)
    return list(session.scalars(query))


def purge_workspace(session: Session, *, team_id: str) -> int:
    """Delete every network of ``team_id`` with all it holds, and who opened the Home tab there; networks removed."""
    network_ids = list(session.scalars(select(Network.id).where(Network.team_id == team_id)))
    for network_id in network_ids:
        purge_network(session, network_id=network_id)
    session.execute(delete(HomeTab).where(HomeTab.team_id == team_id))
    session.execute(delete(WorkspaceRemoval).where(WorkspaceRemoval.team_id == team_id))
    session.flush()
    return len(network_ids)
