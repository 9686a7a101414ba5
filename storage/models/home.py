"""App Home: who has opened the Home tab and which network they last chose, and refreshes already fanned out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class HomeTab(Base):
    """A person who has opened peerbot's Home tab: only they get refreshes pushed, in the network they chose."""

    __tablename__ = "home_tabs"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime]
    # Why the person's last click on Home could not be done, shown at the top of the tab for a while
    # (when the error modal could not be opened).
    notice: Mapped[str | None] = mapped_column(String(300))
    notice_at: Mapped[datetime | None]


class HomeRefreshMark(Base):
    """A network-wide change (a wave opening, a check-in window opening) whose Home refresh was claimed once."""

    __tablename__ = "home_refresh_marks"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    claimed_at: Mapped[datetime]
