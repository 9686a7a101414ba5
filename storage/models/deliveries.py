"""Deliveries: every message peerbot sends on a schedule or in a fan-out, claimed under a unique key."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, enum_column


class DeliveryStatus(StrEnum):
    """What is known about a message: only IN_FLIGHT and UNKNOWN may have reached Slack without a record."""

    PENDING = "pending"  # claimed, not yet attempted: provably unsent, any sender may send it
    WAITING = "waiting"  # Slack answered 429: provably unsent, send again at retry_at
    IN_FLIGHT = "in_flight"  # the request is on its way; a sender that dies here leaves it ambiguous
    SENT = "sent"
    FAILED = "failed"  # Slack refused it (or it was skipped): not sent
    UNKNOWN = "unknown"  # the answer was lost: it may or may not have been posted; never re-sent by itself


UNSENT = (DeliveryStatus.PENDING, DeliveryStatus.WAITING)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_network_id_status", "network_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # When a rate-limited (WAITING) message may be sent again.
    retry_at: Mapped[datetime | None]
    # When the current attempt's request was sent (IN_FLIGHT, and kept afterwards).
    attempted_at: Mapped[datetime | None]
    # Whom to tell if the outcome is unknown (the facilitator who set this message up).
    owner: Mapped[str | None] = mapped_column(String(32))
    # When ``owner`` was told its outcome is unknown (in one notice per fan-out); None: still owed one.
    owner_told_at: Mapped[datetime | None]
    # The message as JSON ({"text", "blocks"}), kept until it is settled, so it can be sent again.
    payload: Mapped[str | None] = mapped_column(Text)
