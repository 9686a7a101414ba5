"""Heartbeats of peerbot's processes: when the clock last ran, for /readyz and the metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ProcessHeartbeat(Base):
    """The last time a process said it was alive (one row per process kind: "clock")."""

    __tablename__ = "process_heartbeats"

    process: Mapped[str] = mapped_column(String(32), primary_key=True)
    beat_at: Mapped[datetime]
