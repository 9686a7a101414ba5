"""Calendar: a network's pauses (holidays, breaks) and each person's private calendar feed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Pause(Base):
    """Days (in the network's time zone) with no meetings, meeting reminders, pulse waves or introductions."""

    __tablename__ = "calendar_pauses"
    __table_args__ = (Index("ix_calendar_pauses_network_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    first_day: Mapped[date]
    last_day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(150))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class CalendarFeed(Base):
    """One person's subscription address for one network; only a hash of its secret token is kept."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("network_id", "user_id"), UniqueConstraint("token_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
