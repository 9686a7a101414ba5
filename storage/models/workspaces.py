"""Workspaces peerbot was removed from: when, so the clock purges their networks once the grace period is over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class WorkspaceRemoval(Base):
    """peerbot was uninstalled from (or lost its tokens in) this workspace; a reinstall deletes the row."""

    __tablename__ = "workspace_removals"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    removed_at: Mapped[datetime]
