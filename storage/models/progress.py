"""Network progress: the roadmap and its priority areas, progress reports, collaborations, changes made, TA."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Roadmap(Base):
    """A network's future state, and the home-channel message that shows the roadmap (kept current in place)."""

    __tablename__ = "roadmaps"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    future_state: Mapped[str] = mapped_column(Text)
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]


class PriorityArea(Base):
    """One priority area of the roadmap; a deleted area keeps its reports (``deleted_at`` set, hidden)."""

    __tablename__ = "priority_areas"
    __table_args__ = (Index("ix_priority_areas_network_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    achieved: Mapped[str] = mapped_column(Text)  # what "achieved" looks like
    target_date: Mapped[date | None]
    milestones: Mapped[str] = mapped_column(Text)  # JSON list of {"title", "target"}
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]


class ProgressReport(Base):
    """A team's stage on a priority area at one moment; ``source_ref`` makes a pulse answer count once."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        Index("ix_progress_reports_area_id_reported_at", "area_id", "reported_at"),
        UniqueConstraint("source_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("priority_areas.id", ondelete="CASCADE"))
    team_key: Mapped[str] = mapped_column(String(220))
    team_label: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # command, home, pulse
    source_ref: Mapped[str | None] = mapped_column(String(80))
    reported_by: Mapped[str] = mapped_column(String(32))
    reported_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class Collaboration(Base):
    """Work with other members, states or agencies outside network meetings, as one member logged it."""

    __tablename__ = "collaborations"
    __table_args__ = (Index("ix_collaborations_network_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    logged_by: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[date]
    outside: Mapped[str] = mapped_column(Text)  # newline-joined states or agencies outside the network
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class CollaborationPartner(Base):
    """A member named in a collaboration, and their answer: pending, confirmed or declined."""

    __tablename__ = "collaboration_partners"
    __table_args__ = (UniqueConstraint("collaboration_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime | None]


class ChangeMade(Base):
    """A change a member's agency made to a practice, policy or program, and what inspired it."""

    __tablename__ = "changes_made"
    __table_args__ = (Index("ix_changes_made_network_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    team_key: Mapped[str] = mapped_column(String(220))
    team_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("priority_areas.id", ondelete="SET NULL"))
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id", ondelete="SET NULL"))
    collaboration_id: Mapped[int | None] = mapped_column(ForeignKey("collaborations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class TaProvider(Base):
    """Someone a facilitator allowed to log technical assistance delivered in this network."""

    __tablename__ = "ta_providers"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_by: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[datetime]


class TaNeed(Base):
    """A state's technical assistance need, from a landscape assessment or added by a facilitator."""

    __tablename__ = "ta_needs"
    __table_args__ = (Index("ix_ta_needs_network_id_state", "network_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(2))
    need: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(8))
    requested_by: Mapped[str] = mapped_column(String(200))  # as a facilitator typed it (a state, an office)
    requested_by_user: Mapped[str | None] = mapped_column(String(32))  # who answered the assessment, as a user id
    status: Mapped[str] = mapped_column(String(16))
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("pulse_waves.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TaDelivery(Base):
    """Assistance a provider delivered against a need."""

    __tablename__ = "ta_deliveries"
    __table_args__ = (Index("ix_ta_deliveries_need_id", "need_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("ta_needs.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(32))
    delivered_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(40))
    minutes: Mapped[int]  # hours as typed, kept in whole minutes
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
