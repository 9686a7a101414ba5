"""Live-card refresh leases: when any web worker may next update a card, and what it last showed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class CardRefreshLease(Base):
    """One row per live card (kind + id); shared by every process, so Slack sees one update per interval."""

    __tablename__ = "card_refresh_leases"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    ident: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    next_allowed_at: Mapped[datetime]
    # The newest card version some process has shown in Slack, so another one need not show it again.
    shown_version: Mapped[int] = mapped_column(default=0)
    # How many refreshes were ever claimed: a claim numbered after a change was saved renders it.
    claims: Mapped[int] = mapped_column(default=0)
