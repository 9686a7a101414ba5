"""The change feed: what a use case changed that people see, and each shown surface's refresh lease."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ChangeRecord(Base):
    """One change recorded in the transaction that made it; the refresher expands it into surfaces, then drops it."""

    __tablename__ = "change_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "card" (an occurrence's announcement), "network" (every open Home of a network), "facilitators" (its
    # facilitators' Homes), "person" (one Home), "roadmap" (a network's roadmap message)
    kind: Mapped[str] = mapped_column(String(20))
    ident: Mapped[int | None]
    team_id: Mapped[str] = mapped_column(String(32), default="")
    user_id: Mapped[str] = mapped_column(String(32), default="")
    recorded_at: Mapped[datetime]


class SurfaceLease(Base):
    """One surface Slack shows (a card, a Home, the roadmap message), shared by every process.

    ``wanted`` counts the changes expanded onto it, ``shown`` the newest count a successful publish rendered
    after: the surface is current when they are equal. ``next_allowed_at`` is the lease: no process publishes
    it again before then (one publish per interval, Slack's Retry-After, the backoff after a failure).
    """

    __tablename__ = "surface_leases"
    # Only surfaces with changes to show are looked up by every pass: a partial index keeps that cheap however
    # many cards and Homes were ever shown.
    __table_args__ = (
        Index(
            "ix_surface_leases_pending",
            "next_allowed_at",
            postgresql_where=text("wanted > shown"),
            sqlite_where=text("wanted > shown"),
        ),
    )

    surface: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    wanted: Mapped[int] = mapped_column(default=0)
    shown: Mapped[int] = mapped_column(default=0)
    next_allowed_at: Mapped[datetime]
    failures: Mapped[int] = mapped_column(default=0)
    # Who asked for the newest change, if someone is to be told when it cannot be shown (the roadmap's editor).
    asked_by: Mapped[str | None] = mapped_column(String(32))
